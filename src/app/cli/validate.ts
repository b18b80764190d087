import { resolve } from "node:path";
import { CONFIG_PATH, type RepoConfig } from "../../config/schema.js";
import { defaultRepoConfig } from "../../config/validate.js";
import { parseControlFile } from "../../control/codec.js";
import { validateQueue } from "../../seeding/queue-schema.js";
import { sanitizeReason } from "../../util/sanitize.js";
import { flag, JSON_OPTION, stringOption, type CliCommand } from "../../cli/command.js";
import { CliError, EXIT, usageError } from "../../cli/exit-codes.js";
import { localStopCheck, plainStopNote } from "../../stop/stop-note.js";
import { controlPath, loadConfig, openWorkspace, readRepoText, type Workspace } from "../../cli/workspace.js";

export interface FileCheck {
  file: string;
  status: "valid" | "invalid" | "absent";
  errors: string[];
}

async function checkConfig(ws: Workspace, override: string | undefined): Promise<{ check: FileCheck; config: RepoConfig }> {
  const file = override ?? CONFIG_PATH;
  const present = override !== undefined || (await readRepoText(ws, CONFIG_PATH)) !== null;
  try {
    const config = await loadConfig(ws, override);
    return { check: { file, status: present ? "valid" : "absent", errors: [] }, config };
  } catch (error) {
    if (!(error instanceof CliError) || error.code !== EXIT.refused) throw error;
    const errors = error.details.length > 0 ? error.details.map((d) => d.replace(`${file}: `, "")) : [error.message];
    return { check: { file, status: "invalid", errors }, config: defaultRepoConfig() };
  }
}

/** A file read from the clone and checked by `check`, which returns `path → message` lines. */
export async function checkFile(ws: Workspace, file: string, check: (text: string) => string[]): Promise<FileCheck> {
  const text = await readRepoText(ws, file);
  if (text === null) return { file, status: "absent", errors: [] };
  const errors = check(text);
  return { file, status: errors.length === 0 ? "valid" : "invalid", errors };
}

/** Whether a stop would take effect, for both kinds of stop: warnings only, never a validation error. */
export async function stopWarnings(ws: Workspace, config: RepoConfig): Promise<string[]> {
  const check = await localStopCheck(ws, config);
  return [
    ...plainStopNote(check, config, "enabled", "/stop all (enabled: false)"),
    ...plainStopNote(check, config, "disabled_ecosystems", "/stop <ecosystem> (disabled_ecosystems)"),
  ];
}

export const validateCli: CliCommand = {
  name: "validate",
  summary: "Check the batch-ops config, the control file and the priority queue against their schemas (a pull-request check).",
  usage: ["validate [--ref <rev>] [--json]"],
  options: {
    ref: { type: "string", value: "rev", description: "Check the files as they are at this commit instead of the working tree." },
    ...JSON_OPTION,
  },
  notes: [
    "Prints `<file>: <path> → <message>` for every problem and exits 1 when any file is invalid. An absent file is not an error: the app uses the defaults (config, control file) or has no queue to edit.",
    "Also warns (without failing) when a stop would not stop anything: stop_workflows empty and the batch workflows not reading enabled, or not reading disabled_ecosystems (see the README's stop section).",
    "The schemas are the app's own: the config schema, the control file schema (the runbook's keys, unknown keys kept), and the queue as the pipeline's Go code validates it, plus unique names.",
  ],
  async run(parsed, ctx) {
    if (parsed.positionals.length > 0) throw usageError("validate takes no arguments");
    const ws = await openWorkspace(resolve(ctx.cwd, stringOption(parsed, "dir") ?? "."), stringOption(parsed, "ref"));
    const override = stringOption(parsed, "config");
    const { check: configCheck, config } = await checkConfig(ws, override === undefined ? undefined : resolve(ctx.cwd, override));
    const control = controlPath(config, stringOption(parsed, "control-file"), ctx.env.CONTROL_FILE);
    const checks = [
      configCheck,
      await checkFile(ws, control, (text) => {
        const result = parseControlFile(text);
        return result.ok ? [] : result.errors;
      }),
      await checkFile(ws, config.seeding.queue_file, validateQueue),
    ];
    const valid = checks.every((c) => c.status !== "invalid");
    const warnings = await stopWarnings(ws, config);
    if (flag(parsed, "json")) {
      ctx.out(JSON.stringify({ valid, files: checks, warnings }));
    } else {
      // The report is the output (stdout); only the verdict on failure goes to stderr.
      for (const c of checks) {
        if (c.status === "invalid") for (const e of c.errors) ctx.out(`${c.file}: ${sanitizeReason(e, 500)}`);
        else ctx.out(`${c.status === "valid" ? "ok" : "absent"}: ${c.file}`);
      }
      for (const line of warnings) ctx.out(line);
      if (!valid) ctx.err("Invalid: fix the lines above.");
    }
    return valid ? EXIT.ok : EXIT.refused;
  },
};
