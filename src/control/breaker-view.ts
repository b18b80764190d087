import type { Breaker } from "./schema.js";
import { parseStamp } from "../util/time.js";

export interface BreakerView {
  ecosystem: string;
  state: Breaker["state"];
  failures: number;
  lastFailure?: Date;
  opensAt?: Date;
  /** An open breaker whose `opens_at` has passed: the next check moves it to half-open. */
  dueForHalfOpen: boolean;
  /** Milliseconds until `opens_at` for an open breaker still waiting, else undefined. */
  msToRecovery?: number;
}

export function viewBreaker(ecosystem: string, breaker: Breaker, now: Date): BreakerView {
  const lastFailure = parseStamp(breaker.last_failure);
  const opensAt = parseStamp(breaker.opens_at);
  // Like the pipeline's check: an open breaker without `opens_at` stays open; an unparseable one is due.
  const hasRecoveryTime = typeof breaker.opens_at === "string" && breaker.opens_at.trim() !== "";
  const waiting = breaker.state === "open" && (!hasRecoveryTime || (opensAt !== undefined && opensAt.getTime() > now.getTime()));
  return {
    ecosystem,
    state: breaker.state,
    failures: breaker.failures,
    ...(lastFailure ? { lastFailure } : {}),
    ...(opensAt ? { opensAt } : {}),
    dueForHalfOpen: breaker.state === "open" && !waiting,
    ...(waiting && opensAt ? { msToRecovery: opensAt.getTime() - now.getTime() } : {}),
  };
}

/** The pipeline's check: skip while open and not yet due; half-open lets one attempt through. */
export function breakerDecision(view: BreakerView): { state: Breaker["state"]; skip: boolean } {
  if (view.state === "open" && view.dueForHalfOpen) return { state: "half-open", skip: false };
  return { state: view.state, skip: view.state === "open" };
}
