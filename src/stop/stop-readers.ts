/**
 * Whether a stop can take effect: the control file only stops what reads it. The real pipeline's
 * hourly workflow reads the breakers and ignores `enabled` and `disabled_ecosystems` (only a
 * placeholder workflow reads them), so a stop that only edits the file stops nothing there. This
 * reads the repository's batch workflows as text and says which honour the field a stop sets.
 */

/** The field a stop sets: `enabled` for a stop of everything, `disabled_ecosystems` for ecosystems. */
export type StopField = "enabled" | "disabled_ecosystems";

export interface WorkflowUse {
  file: string;
  /** Mentions the control file (by its file name). */
  readsControl: boolean;
  /** Reads the field as a JSON key (`.enabled`, `"enabled"`, `['enabled']`). */
  reads: Record<StopField, boolean>;
  /** Runs the batch-ops pre-flight (the action or `batch-ops preflight`), which reads both fields. */
  usesPreflight: boolean;
}

/** The most workflow files read for one check (the first time; later only changed ones are read). */
export const MAX_CHECKED_WORKFLOWS = 10;

const PREFLIGHT = [
  /^\s*-?\s*uses:\s*["']?[\w.-]+\/batch-ops(?:\/[\w./-]*)?@/m, // the action from its repository
  /^\s*-?\s*uses:\s*["']?\.\/[\w./-]*batch-ops[\w./-]*["']?\s*$/m, // a vendored copy
  /\bbatch-ops\s+preflight\b/, // the CLI by its bin name
  /cli\/main\.js["']?\s+preflight\b/, // the CLI by its path
];

function readsKey(text: string, key: string): boolean {
  return new RegExp(`(?:\\.|["'])${key}(?![\\w-])`).test(text);
}

export function workflowUse(file: string, text: string, controlFile: string): WorkflowUse {
  const name = controlFile.split("/").pop() ?? controlFile;
  return {
    file,
    readsControl: text.includes(name),
    reads: { enabled: readsKey(text, "enabled"), disabled_ecosystems: readsKey(text, "disabled_ecosystems") },
    usesPreflight: PREFLIGHT.some((re) => re.test(text)),
  };
}

/**
 * The workflow files worth reading, out of a listing of `.github/workflows`: those the config names
 * (`batch_workflows`, `stop_workflows`) and any whose name says `batch`, at most `max`. Reading every
 * workflow would cost one request per file (the real repository has about 80).
 */
export function candidateWorkflows(
  files: readonly string[],
  config: { batch_workflows: readonly string[]; stop_workflows: readonly string[] },
  max = MAX_CHECKED_WORKFLOWS,
): string[] {
  const yaml = files.filter((f) => /\.ya?ml$/.test(f));
  const named = new Set([...config.batch_workflows, ...config.stop_workflows]);
  const picked = [...yaml.filter((f) => named.has(f)), ...yaml.filter((f) => !named.has(f) && /batch/i.test(f))];
  return picked.slice(0, max);
}

export type StopCheck = { kind: "checked"; uses: WorkflowUse[]; directoryFound: boolean } | { kind: "unknown"; reason: string };

const code = (text: string) => `\`${text.replace(/`/g, "")}\``;
const list = (files: readonly string[]) => files.map(code).join(", ");

/**
 * What to tell the person who stopped, or nothing when the stop takes effect: for a stop of
 * everything, the workflows in `stop_workflows` are disabled through the Actions API (effective
 * whatever they read), so only an empty list makes `enabled` matter; a stop of ecosystems relies on
 * the workflows reading `disabled_ecosystems` in any case. Lines use inline code; the CLI strips it.
 */
export function stopEffectNote(input: {
  field: StopField;
  stopWorkflows: readonly string[];
  controlFile: string;
  check: StopCheck;
  subject?: string;
}): string[] {
  const subject = input.subject ?? "This stop";
  const { field, controlFile } = input;
  const all = field === "enabled";
  if (all && input.stopWorkflows.length > 0) return [];
  const fix = all
    ? `Fix: list the batch workflows under ${code("stop_workflows")} in ${code(".github/batch-ops.yml")} (a stop of everything then disables them through the Actions API), or gate their jobs with the batch-ops pre-flight action (${code("action.yml")}, output ${code("can_proceed")}).`
    : `Fix: gate the batch jobs with the batch-ops pre-flight action (${code("action.yml")} with ${code("ecosystem:")}, output ${code("can_proceed")}), or stop everything with ${code("stop_workflows")} configured.`;
  const why = all
    ? `${code("stop_workflows")} is empty, so no workflow was disabled: the stop works only where a workflow reads ${code("enabled")}.`
    : `an ecosystem stop works only where a workflow reads ${code("disabled_ecosystems")}.`;
  if (input.check.kind === "unknown") {
    return [`⚠️ ${subject} may not stop anything: ${why} Whether the workflows read it could not be checked (${input.check.reason}).`, fix];
  }
  const readers = input.check.uses.filter((u) => (u.readsControl && u.reads[field]) || u.usesPreflight).map((u) => u.file);
  const ignoring = input.check.uses.filter((u) => u.readsControl && !u.reads[field] && !u.usesPreflight).map((u) => u.file);
  if (readers.length > 0 && ignoring.length === 0) return [];
  const lines = [`⚠️ ${subject} may not stop anything: ${why}`];
  if (ignoring.length > 0)
    lines.push(
      `${list(ignoring)} read${ignoring.length === 1 ? "s" : ""} ${code(controlFile)} but not ${code(field)}: ${ignoring.length === 1 ? "it keeps" : "they keep"} running.`,
    );
  if (readers.length > 0) lines.push(`${list(readers)} read${readers.length === 1 ? "s" : ""} ${code(field)}.`);
  else if (input.check.uses.length > 0)
    lines.push(`None of the batch workflows checked (${list(input.check.uses.map((u) => u.file))}) reads ${code(field)}.`);
  else
    lines.push(
      input.check.directoryFound
        ? `No batch workflow was found in ${code(".github/workflows")} (checked: names in ${code("batch_workflows")}, ${code("stop_workflows")} or containing ${code("batch")}).`
        : `The repository has no ${code(".github/workflows")} directory.`,
    );
  lines.push(fix);
  return lines;
}
