import { z } from "zod";
import { hiddenJson, readHiddenJson } from "../util/hidden-json.js";
import { mergeAffected, type AffectedRecipe } from "./affected-recipes.js";
import type { DriftSignal } from "./drift-signal.js";
import { DRIFT_INCIDENT, stateTag } from "./labels.js";
import { code, link, plain, shortSha } from "./markdown.js";
import { renderRecentChanges, type RecentChange } from "./recent-changes.js";

const text = (max: number) => z.string().max(max);

const signalSchema = z.object({
  kind: z.enum(["workflow_run", "issue"]),
  url: text(500),
  summary: text(400),
  at: text(40),
  issueNumber: z.number().int().positive().optional(),
  runId: z.number().int().positive().optional(),
});

const recipeSchema = z.object({
  name: text(300),
  version: text(300).optional(),
  recipe: text(300).optional(),
  checksumUrl: text(300).optional(),
  expected: text(300).optional(),
  actual: text(300).optional(),
});

const workflowSchema = z.object({ workflow: text(200), state: text(50), changed: z.boolean(), error: text(300).optional() });

/** What batch-ops did when the incident opened. */
const responseSchema = z.object({
  stop: z.object({
    outcome: z.enum(["committed", "unchanged", "failed"]),
    note: text(500),
    commitSha: text(40).optional(),
    commitUrl: text(500).optional(),
  }),
  workflows: z.array(workflowSchema).max(50),
});

const stateSchema = z.object({
  v: z.literal(1),
  signals: z.array(signalSchema).min(1).max(100),
  recipes: z.array(recipeSchema).max(50),
  response: responseSchema,
  /** What a person had written in an incident batch-ops took over, kept at the end. */
  preface: text(5000).optional(),
});

export type DriftIncidentState = z.infer<typeof stateSchema>;
export type DriftResponseRecord = z.infer<typeof responseSchema>;
export type SignalRecord = z.infer<typeof signalSchema>;

export const MAX_SIGNALS = 20;

/** GitHub refuses issue bodies over 65,536 characters. */
export const MAX_BODY = 60_000;

function record(signal: DriftSignal): SignalRecord {
  return {
    kind: signal.kind,
    url: signal.url.slice(0, 500),
    summary: signal.summary.slice(0, 400),
    at: signal.at.slice(0, 40),
    ...(signal.issueNumber ? { issueNumber: signal.issueNumber } : {}),
    ...(signal.runId ? { runId: signal.runId } : {}),
  };
}

export function newDriftState(signal: DriftSignal, response: DriftResponseRecord, preface?: string): DriftIncidentState {
  const kept = preface
    ?.replace(/<!--[\s\S]*?-->/g, "")
    .trim()
    .slice(0, 5000);
  return { v: 1, signals: [record(signal)], recipes: mergeAffected([], signal.recipes), response, ...(kept ? { preface: kept } : {}) };
}

/** The state kept in an incident's body; undefined when absent or edited into something invalid. */
export function readDriftState(body: string): DriftIncidentState | undefined {
  const parsed = stateSchema.safeParse(readHiddenJson(stateTag(DRIFT_INCIDENT), body));
  return parsed.success ? parsed.data : undefined;
}

export function hasSignal(state: DriftIncidentState, signal: DriftSignal): boolean {
  return state.signals.some((s) => s.url === signal.url);
}

/** A later signal: appended (the first one and the latest ones kept), its recipes merged in. */
export function addSignal(state: DriftIncidentState, signal: DriftSignal): { state: DriftIncidentState; newRecipes: AffectedRecipe[] } {
  const all = [...state.signals, record(signal)];
  const signals = all.length > MAX_SIGNALS ? [all[0]!, ...all.slice(all.length - MAX_SIGNALS + 1)] : all;
  const recipes = mergeAffected(state.recipes, signal.recipes);
  const newRecipes = recipes.slice(state.recipes.length);
  return { state: { ...state, signals, recipes }, newRecipes };
}

export interface DriftRenderContext {
  branch: string;
  recipesDir: string;
  controlPath: string;
  recent: readonly RecentChange[];
  recentError?: string;
}

function signalLine(s: SignalRecord): string {
  const when = s.at ? `${plain(s.at, 40)}: ` : "";
  return `- ${when}${link(plain(s.summary, 300), s.url)}`;
}

function responseLines(r: DriftResponseRecord, controlPath: string): string[] {
  const lines: string[] = [];
  if (r.stop.outcome === "committed") {
    const commit = r.stop.commitSha ? link(`\`${shortSha(r.stop.commitSha)}\``, r.stop.commitUrl) : "a commit";
    lines.push(`- ✅ Stopped all batch processing (\`enabled=false\` in ${code(controlPath)}): ${commit}.`);
  } else if (r.stop.outcome === "unchanged") {
    lines.push(`- 👍 Batch processing was already stopped: ${plain(r.stop.note, 300)}.`);
  } else {
    lines.push(
      `- ❌ **Could not stop batch processing**: ${plain(r.stop.note, 400)}. Comment \`/stop all\` now, or follow the runbook's "Disable all" procedure by hand.`,
    );
  }
  for (const w of r.workflows) {
    if (w.error) lines.push(`- ⚠️ Workflow ${code(w.workflow)} could not be disabled (${plain(w.error, 200)}): disable it in the Actions tab.`);
    else lines.push(`- Workflow ${code(w.workflow)}: ${plain(w.state, 50)}${w.changed ? " (disabled now)" : " (already)"}.`);
  }
  return lines;
}

function recipeLine(r: z.infer<typeof recipeSchema>): string {
  const parts = [`**${plain(r.name, 120)}**${r.version ? ` ${code(`v${r.version}`, 60)}` : ""}`];
  if (r.recipe) parts.push(`recipe ${code(r.recipe)}`);
  if (r.expected) parts.push(`expected ${code(r.expected, 140)}`);
  if (r.actual) parts.push(`actual ${code(r.actual, 140)}`);
  if (r.checksumUrl) parts.push(`checksums ${code(r.checksumUrl)}`);
  return `- ${parts.join(", ")}`;
}

/** The runbook's two resolution paths, as a checklist. */
export function resolutionChecklist(): string[] {
  return [
    "### Resolution (runbook §5)",
    "",
    "**If a supply chain compromise is confirmed:**",
    "- [ ] Roll back every recipe from the affected batch: comment `/rollback <batch_id>`",
    "- [ ] Audit all recipes added in the same time window (see the recent changes above)",
    "- [ ] Rotate any secrets that may have been exposed",
    "- [ ] Notify downstream users; open a security advisory if published recipes contained compromised artifacts",
    "",
    "**If the drift is benign (upstream re-published the artifact):**",
    "- [ ] Update the recipe with the new checksum",
    "- [ ] Document the drift in that commit's message",
    "- [ ] Re-enable batch processing: comment `/resume all <summary>`, then close this issue",
  ];
}

/**
 * The incident body within GitHub's size limit: when the state is too large (many long reports), the
 * recipes lose their details, then the list and the signals are shortened (first and latest kept).
 */
export function renderDriftIncidentFitting(state: DriftIncidentState, ctx: DriftRenderContext): { body: string; state: DriftIncidentState } {
  const attempts: ((s: DriftIncidentState) => DriftIncidentState)[] = [
    (s) => s,
    (s) => ({ ...s, recipes: s.recipes.map((r) => ({ name: r.name, ...(r.recipe ? { recipe: r.recipe } : {}) })) }),
    (s) => ({ ...s, recipes: s.recipes.slice(0, 10), signals: s.signals.length > 6 ? [s.signals[0]!, ...s.signals.slice(-5)] : s.signals }),
    (s) => ({
      ...s,
      recipes: s.recipes.slice(0, 3).map((r) => ({ name: r.name.slice(0, 100) })),
      signals: [s.signals[0]!, ...s.signals.slice(1).slice(-1)],
    }),
  ];
  let current = state;
  let body = "";
  for (const shrink of attempts) {
    current = shrink(current);
    body = renderDriftIncident(current, ctx);
    if (body.length <= MAX_BODY) break;
  }
  return { body, state: current };
}

/** The whole incident body, rebuilt from its state and freshly gathered evidence. */
export function renderDriftIncident(state: DriftIncidentState, ctx: DriftRenderContext): string {
  const first = state.signals[0];
  const recipes =
    state.recipes.length > 0
      ? state.recipes.map(recipeLine)
      : [`Not named by the signal. Read the drift workflow's log (\`gh run view ${first?.runId ?? "<run-id>"} --log\`).`];
  return [
    `## 🚨 ${DRIFT_INCIDENT.title}`,
    "",
    "Severity: **Critical**. Every security incident is Critical until proven otherwise (runbook §5).",
    "",
    "### Signals",
    "",
    ...state.signals.map(signalLine),
    "",
    "### What batch-ops did",
    "",
    ...responseLines(state.response, ctx.controlPath),
    "",
    "batch-ops never reverts anything: the people handling this incident decide.",
    "",
    "### Affected recipes",
    "",
    ...recipes,
    "",
    ...renderRecentChanges(ctx.recent, ctx.recipesDir, ctx.branch, ctx.recentError),
    "",
    ...resolutionChecklist(),
    "",
    ...(state.preface
      ? ["<details><summary>The description before batch-ops took this incident over</summary>", "", state.preface, "", "</details>", ""]
      : []),
    hiddenJson(stateTag(DRIFT_INCIDENT), state),
  ].join("\n");
}

/** The comment a repeated signal adds to the open incident. */
export function renderRepeatComment(signal: DriftSignal, newRecipes: readonly AffectedRecipe[], stopped: boolean | undefined): string {
  const lines = [`🔁 Another checksum-drift signal while this incident is open: ${link(plain(signal.summary, 300), signal.url)}.`];
  if (newRecipes.length > 0) lines.push("", "Newly named recipes:", ...newRecipes.map(recipeLine));
  lines.push("");
  if (stopped === false) {
    lines.push(
      "⚠️ Batch processing is **enabled** again. This signal did not stop it, because this incident is open: comment `/stop all` if it should stop.",
    );
  } else if (stopped === true) {
    lines.push("Batch processing is still stopped; nothing else was changed.");
  } else {
    lines.push("The control file could not be read to check whether batch processing is still stopped.");
  }
  return lines.join("\n");
}

/** The comment when batch-ops first responds to an incident it did not open (a person opened it). */
export function renderTakeOverComment(signal: DriftSignal, response: DriftResponseRecord): string {
  const did =
    response.stop.outcome === "committed"
      ? `stopped all batch processing (${link("commit", response.stop.commitUrl)})`
      : response.stop.outcome === "unchanged"
        ? "found batch processing already stopped"
        : "**could not stop batch processing**: comment `/stop all` now";
  return `🚨 Checksum-drift signal: ${link(plain(signal.summary, 300), signal.url)}. batch-ops ${did}, and put the evidence and the runbook's checklist in this description (the earlier text is kept at its end).`;
}
