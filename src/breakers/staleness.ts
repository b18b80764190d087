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

/** Stale when the newest completed batch run is older than `staleness_hours`, or when there is none. */
export function evaluateStaleness(newest: NewestRun | undefined, now: Date, stalenessHours: number): Staleness {
  if (!newest) return { stale: true };
  const ageMs = now.getTime() - Date.parse(newest.run.completedAt);
  return { stale: ageMs > stalenessHours * 3_600_000, ageMs };
}

/** A completed run after a gap this long may end a stale spell: the staleness issue is looked for. */
export function gapEndsStaleness(previous: Date | undefined, completedAt: Date, stalenessHours: number): boolean {
  return previous === undefined || completedAt.getTime() - previous.getTime() >= stalenessHours * 3_600_000;
}
