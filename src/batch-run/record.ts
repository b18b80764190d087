import type { ControlFile } from "../control/schema.js";
import { parseStamp } from "../util/time.js";

/**
 * Which batch runs the app has applied, kept in the control file itself under the app's own top-level
 * key, so the check happens inside the same compare-and-swap that applies the run: a redelivered
 * webhook, a restart or a second replica finds the run there and applies nothing.
 *
 *   "batch_runs": { "applied": ["<run id>.<attempt>", …], "last_completed_at": "…Z" }
 *
 * `applied` keeps the newest MAX_APPLIED_RUNS keys (about four days of hourly runs), far longer than
 * GitHub redelivers a webhook.
 */
export const RUNS_KEY = "batch_runs";
export const MAX_APPLIED_RUNS = 100;

interface RunsRecord {
  applied: string[];
  last_completed_at?: string;
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

/** Records a run on the copy being edited (keeps any other keys a person added to the object). */
export function recordRun(control: ControlFile, key: string, completedAt: string): void {
  const existing = record(control) ?? {};
  const applied = [...appliedRuns(control).filter((k) => k !== key), key].slice(-MAX_APPLIED_RUNS);
  const previous = lastCompletedAt(control);
  const completed = parseStamp(completedAt);
  const last = completed && (!previous || completed > previous) ? completedAt : (existing["last_completed_at"] as string | undefined);
  const next: RunsRecord & Record<string, unknown> = { ...existing, applied };
  if (typeof last === "string") next.last_completed_at = last;
  (control as Record<string, unknown>)[RUNS_KEY] = next;
}
