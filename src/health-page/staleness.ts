export interface Staleness {
  stale: boolean;
  thresholdHours: number;
  /** Milliseconds since the last completed run, or undefined when there was none. */
  msSinceLastRun?: number;
}

/**
 * The runbook's "no batch has run in more than N hours": strictly more, so with N = 2 a run 2h 0m 0s ago
 * is not stale and one 2h 0m 1s ago is. No run at all counts as stale.
 */
export function staleness(lastRunAt: Date | undefined, now: Date, thresholdHours: number): Staleness {
  if (!lastRunAt) return { stale: true, thresholdHours };
  const ms = now.getTime() - lastRunAt.getTime();
  return { stale: ms > thresholdHours * 3_600_000, thresholdHours, msSinceLastRun: ms };
}
