import { opened, recovered, type Outcome, type Transition } from "./transitions.js";

export interface RunSeverity {
  /** More than 50% of the run's ecosystems failed, at least two: one High incident. */
  high?: { failing: string[]; total: number };
  /** Breakers that opened in this run (closed at the threshold, or a failed half-open probe): Medium. */
  opened: string[];
  /** Breakers this run closed: their Medium issues are closed. */
  recovered: string[];
  /** Ecosystems that failed but opened nothing: Low, no issue. */
  low: string[];
  /** Ecosystems with an outcome whose breaker is still not closed: their Medium issue, if any, is refreshed. */
  stillOpen: string[];
}

/**
 * Classifies one applied run from its outcomes and breaker transitions. Pure. `inRun` is the number of
 * ecosystems in the whole run (a partial re-run's outcomes cover only what it re-ran); never fewer
 * than the outcomes given.
 */
export function classifyRun(outcomes: ReadonlyMap<string, Outcome>, transitions: readonly Transition[], inRun = outcomes.size): RunSeverity {
  const failing = [...outcomes].filter(([, o]) => o === "failure").map(([eco]) => eco);
  const total = Math.max(inRun, outcomes.size);
  const openedNow = unique(transitions.filter(opened).map((t) => t.ecosystem));
  const recoveredNow = unique(transitions.filter(recovered).map((t) => t.ecosystem));
  const finalState = new Map(transitions.map((t) => [t.ecosystem, t.to]));
  const stillOpen = [...finalState].filter(([eco, state]) => state !== "closed" && !openedNow.includes(eco)).map(([eco]) => eco);
  const high = failing.length >= 2 && failing.length * 2 > total ? { failing, total } : undefined;
  return {
    ...(high ? { high } : {}),
    opened: openedNow,
    recovered: recoveredNow,
    low: high ? [] : failing.filter((eco) => !openedNow.includes(eco)),
    stillOpen,
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
