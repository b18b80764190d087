import type { CompletedRun } from "./batch-workflows.js";

export interface NewestRun {
  workflowFile: string;
  run: CompletedRun;
}

/** The newest completed run across the batch workflows, or undefined when none has completed. */
export function newestOf(runs: readonly NewestRun[]): NewestRun | undefined {
  let newest: NewestRun | undefined;
  for (const candidate of runs) {
    const at = Date.parse(candidate.run.completedAt);
    if (Number.isNaN(at)) continue;
    if (!newest || at > Date.parse(newest.run.completedAt)) newest = candidate;
  }
  return newest;
}

export interface Staleness {
  stale: boolean;
  /** Milliseconds since the newest completed run; undefined when there is none. */
  ageMs?: number;
}

/**
 * The runbook's "no batch has run in more than N hours", the one rule the watchdog and the health page
 * share: strictly more, so with N = 2 a run 2h 0m 0s ago is not stale and one 2h 0m 1s ago is. No run
 * at all counts as stale; a run stamped in the future (clock skew) does not.
 */
export function stalenessSince(lastRunAt: Date | undefined, now: Date, stalenessHours: number): Staleness {
  if (!lastRunAt) return { stale: true };
  const ageMs = now.getTime() - lastRunAt.getTime();
  return { stale: ageMs > stalenessHours * 3_600_000, ageMs };
}

/** Stale when the newest completed batch run is older than `staleness_hours`, or when there is none. */
export function evaluateStaleness(newest: NewestRun | undefined, now: Date, stalenessHours: number): Staleness {
  return stalenessSince(newest ? new Date(newest.run.completedAt) : undefined, now, stalenessHours);
}

/** A completed run after a gap this long may end a stale spell: the staleness issue is looked for. */
export function gapEndsStaleness(previous: Date | undefined, completedAt: Date, stalenessHours: number): boolean {
  return previous === undefined || completedAt.getTime() - previous.getTime() >= stalenessHours * 3_600_000;
}
