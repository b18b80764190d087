import type { ControlFile } from "../control/schema.js";
import { parseStamp } from "../util/time.js";

/**
 * Which batch runs the app has applied, kept in the control file itself under the app's own top-level
 * key, so the check happens inside the same compare-and-swap that applies the run: a redelivered
 * webhook, a restart or a second replica finds the run there and applies nothing.
 *
 *   "batch_runs": { "applied": ["<run id>.<attempt>", …], "last_completed_at": "…Z",
 *                   "newest": { "<workflow file>": "…Z" } }
 *
 * `applied` keeps the newest MAX_APPLIED_RUNS keys (about four days of hourly runs), far longer than
 * GitHub redelivers a webhook. `newest` is each batch workflow's high-water mark: the completion time
 * of its newest run applied. The schedule applies, from the API, the completed runs of a workflow
 * newer than its mark whose webhook never arrived.
 */
export const RUNS_KEY = "batch_runs";
export const MAX_APPLIED_RUNS = 100;

interface RunsRecord {
  applied: string[];
  last_completed_at?: string;
  newest?: Record<string, string>;
}

function record(control: ControlFile): Record<string, unknown> | undefined {
  const value = (control as Record<string, unknown>)[RUNS_KEY];
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function appliedRuns(control: ControlFile): string[] {
  const applied = record(control)?.["applied"];
  return Array.isArray(applied) ? applied.filter((x): x is string => typeof x === "string") : [];
}

export function isRunApplied(control: ControlFile, key: string): boolean {
  return appliedRuns(control).includes(key);
}

/** The completion time of the newest run applied, if any. */
export function lastCompletedAt(control: ControlFile): Date | undefined {
  return parseStamp(record(control)?.["last_completed_at"]);
}

/** Each workflow's mark, malformed entries left out. */
function newestByWorkflow(control: ControlFile): Record<string, string> {
  const value = record(control)?.["newest"];
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => parseStamp(entry[1]) !== undefined));
}

/** True when the control file has recorded any applied run (a new installation has not). */
export function hasRunRecord(control: ControlFile): boolean {
  return appliedRuns(control).length > 0 || lastCompletedAt(control) !== undefined;
}

/**
 * The completion time of the newest run of `workflowFile` applied: runs of that workflow completed
 * later and not applied are missing. A file written before the marks existed uses the newest run of any.
 */
export function newestAppliedAt(control: ControlFile, workflowFile: string): Date | undefined {
  return parseStamp(newestByWorkflow(control)[workflowFile]) ?? lastCompletedAt(control);
}

function later(current: string | undefined, candidate: string): string | undefined {
  const at = parseStamp(candidate);
  if (!at) return current;
  const previous = parseStamp(current);
  return previous && previous >= at ? current : candidate;
}

/** Records a run on the copy being edited (keeps any other keys a person added to the object). */
export function recordRun(control: ControlFile, key: string, completedAt: string, workflowFile?: string): void {
  const existing = record(control) ?? {};
  const applied = [...appliedRuns(control).filter((k) => k !== key), key].slice(-MAX_APPLIED_RUNS);
  const last = later(existing["last_completed_at"] as string | undefined, completedAt);
  const next: RunsRecord & Record<string, unknown> = { ...existing, applied };
  if (typeof last === "string") next.last_completed_at = last;
  if (workflowFile) {
    const newest = newestByWorkflow(control);
    const mark = later(newest[workflowFile], completedAt);
    if (mark !== undefined) next.newest = { ...newest, [workflowFile]: mark };
  }
  (control as Record<string, unknown>)[RUNS_KEY] = next;
}
