import { z } from "zod";
import { commitHeading, commitRecordSchema, whoLine, type CommitRecord } from "./commit-record.js";
import { hiddenJson, readHiddenJson } from "../util/hidden-json.js";
import { RECIPE_TAMPER_INCIDENT, stateTag, type IncidentKind } from "./labels.js";
import { code, plain } from "./markdown.js";
import type { ChangeKind } from "./push-facts.js";

/** Most commits an incident lists; older ones are counted, not shown. */
export const MAX_LISTED = 25;
const MAX_FILES = 15;
const MAX_ERRORS = 10;

const suspiciousSchema = commitRecordSchema.extend({
  why: z.string().max(300),
  files: z.array(z.object({ path: z.string().max(300), change: z.enum(["added", "modified", "removed"]) })).max(MAX_FILES),
  moreFiles: z.number().int().nonnegative().default(0),
});

const invalidSchema = commitRecordSchema.extend({
  errors: z.array(z.string().max(300)).max(MAX_ERRORS),
});

const stateSchema = <T extends z.ZodType>(entry: T) =>
  z.object({ v: z.literal(1), entries: z.array(entry).max(MAX_LISTED), older: z.number().int().nonnegative().default(0) });

export type SuspiciousCommit = z.infer<typeof suspiciousSchema>;
export type InvalidControlCommit = z.infer<typeof invalidSchema>;

export interface EntryState<T> {
  v: 1;
  entries: T[];
  /** Entries no longer listed because the list is full. */
  older: number;
}

export function suspiciousCommit(record: CommitRecord, why: string, files: readonly { path: string; change: ChangeKind }[]): SuspiciousCommit {
  return {
    ...record,
    why: why.slice(0, 300),
    files: files.slice(0, MAX_FILES).map((f) => ({ path: f.path.slice(0, 300), change: f.change })),
    moreFiles: Math.max(0, files.length - MAX_FILES),
  };
}

export function invalidControlCommit(record: CommitRecord, errors: readonly string[]): InvalidControlCommit {
  return { ...record, errors: errors.slice(0, MAX_ERRORS).map((e) => e.slice(0, 300)) };
}

export function readSuspiciousState(tag: string, body: string): EntryState<SuspiciousCommit> | undefined {
  const parsed = stateSchema(suspiciousSchema).safeParse(readHiddenJson(tag, body));
  return parsed.success ? parsed.data : undefined;
}

export function readInvalidState(tag: string, body: string): EntryState<InvalidControlCommit> | undefined {
  const parsed = stateSchema(invalidSchema).safeParse(readHiddenJson(tag, body));
  return parsed.success ? parsed.data : undefined;
}

/** Adds the commits not already listed (by sha); returns what was new. The newest are kept when full. */
export function addEntries<T extends { sha: string }>(state: EntryState<T> | undefined, more: readonly T[]): { state: EntryState<T>; added: T[] } {
  const current = state ?? { v: 1 as const, entries: [], older: 0 };
  const known = new Set(current.entries.map((e) => e.sha));
  const added: T[] = [];
  for (const entry of more) {
    if (known.has(entry.sha)) continue;
    known.add(entry.sha);
    added.push(entry);
  }
  const all = [...current.entries, ...added];
  const dropped = Math.max(0, all.length - MAX_LISTED);
  return { state: { v: 1, entries: all.slice(dropped), older: current.older + dropped }, added };
}

/** GitHub refuses issue bodies over 65,536 characters. */
export const MAX_BODY = 60_000;

/** Renders, dropping the oldest entries (counted in `older`) until the body fits GitHub's limit. */
export function fitEntries<T>(state: EntryState<T>, render: (s: EntryState<T>) => string): { body: string; state: EntryState<T> } {
  let current = state;
  let body = render(current);
  while (body.length > MAX_BODY && current.entries.length > 1) {
    current = { ...current, entries: current.entries.slice(1), older: current.older + 1 };
    body = render(current);
  }
  return { body, state: current };
}

export function renderSuspicious(c: SuspiciousCommit): string[] {
  const files = c.files.map((f) => `${f.change} ${code(f.path)}`).join(", ");
  const more = c.moreFiles > 0 ? ` and ${c.moreFiles} more` : "";
  return [commitHeading(c), "", `- ${whoLine(c)}`, `- Why: ${plain(c.why, 300)}`, `- Files: ${files}${more}`];
}

export function renderInvalid(c: InvalidControlCommit): string[] {
  return [commitHeading(c), "", `- ${whoLine(c)}`, "- Errors:", ...c.errors.map((e) => `  - ${code(e)}`)];
}

function olderLine(older: number): string[] {
  return older > 0 ? [`_${older} earlier commit${older === 1 ? " is" : "s are"} no longer listed here; see the issue's comments._`, ""] : [];
}

export function renderRecipeTamperIncident(state: EntryState<SuspiciousCommit>, ctx: { branch: string; recipesDir: string }): string {
  return [
    `## ⚠️ ${RECIPE_TAMPER_INCIDENT.title}`,
    "",
    `Severity: **High**. Recipes in ${code(ctx.recipesDir)} should change only through batch commits (\`batch_id:\`) or reviewed pull requests. These commits changed them directly on ${code(ctx.branch)} (the runbook's "suspicious output", §5):`,
    "",
    ...olderLine(state.older),
    ...state.entries.flatMap((e) => [...renderSuspicious(e), ""]),
    "### What to do",
    "",
    '- [ ] Ask each author whether the change was intended (`git log --format="%H %ae %s" -- <file>`)',
    "- [ ] Verify the checksums of the changed recipes by re-downloading their artifacts",
    "- [ ] If anything is unexplained, treat it as a compromise: comment `/stop all`, roll back, audit the recipes changed in the same window, rotate secrets",
    "- [ ] If every change is legitimate, close this issue saying why, and route recipe changes through pull requests",
    "",
    "batch-ops did not stop or revert anything: a person decides. Later suspicious pushes are added here while this issue is open.",
    "",
    hiddenJson(stateTag(RECIPE_TAMPER_INCIDENT), state),
  ].join("\n");
}

export function renderInvalidControlIncident(kind: IncidentKind, state: EntryState<InvalidControlCommit>, ctx: { controlPath: string }): string {
  return [
    `## ⚠️ ${kind.title}`,
    "",
    `Severity: **High**. ${code(ctx.controlPath)} was pushed by hand and is not valid: the pipeline may misread it, and batch-ops refuses to write it (so \`/stop\` and \`/resume\` fail) until it is valid again.`,
    "",
    ...olderLine(state.older),
    ...state.entries.flatMap((e) => [...renderInvalid(e), ""]),
    "### What to do",
    "",
    `- [ ] Restore a valid ${code(ctx.controlPath)} (for example the previous version: \`git show <commit>~1:${ctx.controlPath}\`); batch-ops never reverts anything itself`,
    "- [ ] Find out why it was edited by hand rather than through `/stop`, `/resume` or the pipeline",
    "- [ ] Close this issue once the file is valid",
    "",
    hiddenJson(stateTag(kind), state),
  ].join("\n");
}

/** The comment that adds later commits to an open incident. */
export function renderAddedComment<T>(intro: string, added: readonly T[], render: (e: T) => string[]): string {
  return [intro, "", ...added.flatMap((e) => [...render(e), ""])].join("\n").trimEnd();
}
