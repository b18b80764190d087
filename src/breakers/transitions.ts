import type { Breaker, BreakerState } from "../control/schema.js";
import { parseStamp, utcStamp } from "../util/time.js";

export type Outcome = "success" | "failure";

export interface BreakerSettings {
  failureThreshold: number;
  recoveryMinutes: number;
}

/** What happened to one breaker, for the commit body and the incident rules. */
export interface Transition {
  ecosystem: string;
  from: BreakerState;
  to: BreakerState;
  failuresBefore: number;
  failuresAfter: number;
  /** Why: the outcome applied, or the recovery time passing. */
  cause: Outcome | "recovery" | "reset";
  opensAt?: string;
}

/** A breaker that does not exist yet is closed with no failures (the pipeline's `// "closed"`). */
export const CLOSED: Breaker = { state: "closed", failures: 0 };

/**
 * An open breaker whose `opens_at` has passed moves to half-open, as the pipeline's check does. An open
 * breaker without `opens_at` stays open (the check skips it); an unparseable one is due, because the
 * check reads it as time 0.
 */
export function isDueForHalfOpen(breaker: Breaker, now: Date): boolean {
  if (breaker.state !== "open") return false;
  if (typeof breaker.opens_at !== "string" || breaker.opens_at.trim() === "") return false;
  const opensAt = parseStamp(breaker.opens_at);
  return opensAt === undefined || opensAt.getTime() <= now.getTime();
}

/** open → half-open when due; every other key is kept. Returns the same object when nothing changes. */
export function halfOpenIfDue(breaker: Breaker, now: Date): Breaker {
  return isDueForHalfOpen(breaker, now) ? { ...breaker, state: "half-open" } : breaker;
}

/**
 * The pipeline's `update_breaker.sh` semantics, with the table:
 * - success in any state → closed, failures 0 (other keys kept);
 * - closed + failure → failures+1, last_failure=now; at the threshold → open with opens_at=now+recovery;
 * - half-open + failure → open, failures+1, last_failure=now, fresh opens_at;
 * - open + failure → unchanged.
 */
export function applyOutcome(breaker: Breaker, outcome: Outcome, now: Date, settings: BreakerSettings): Breaker {
  if (outcome === "success") return { ...breaker, state: "closed", failures: 0 };
  if (breaker.state === "open") return breaker;
  const failures = breaker.failures + 1;
  const opensAt = utcStamp(new Date(now.getTime() + settings.recoveryMinutes * 60_000));
  if (breaker.state === "half-open" || failures >= settings.failureThreshold) {
    return { ...breaker, state: "open", failures, last_failure: utcStamp(now), opens_at: opensAt };
  }
  return { ...breaker, state: "closed", failures, last_failure: utcStamp(now) };
}

export function transitionOf(ecosystem: string, before: Breaker, after: Breaker, cause: Transition["cause"]): Transition {
  return {
    ecosystem,
    from: before.state,
    to: after.state,
    failuresBefore: before.failures,
    failuresAfter: after.failures,
    cause,
    ...(after.state === "open" && typeof after.opens_at === "string" ? { opensAt: after.opens_at } : {}),
  };
}

/** Did anything the pipeline reads change? */
export function changed(t: Transition): boolean {
  return t.from !== t.to || t.failuresBefore !== t.failuresAfter;
}

/** A breaker that just opened (closed at the threshold, or a failed half-open probe). */
export function opened(t: Transition): boolean {
  return t.to === "open" && t.from !== "open";
}

/** A breaker that just closed after being open or half-open. */
export function recovered(t: Transition): boolean {
  return t.to === "closed" && t.from !== "closed";
}

/** One commit-body line: `homebrew: closed → open (failures 4 → 5, opens_at 2026-…Z) [failure]`. */
export function describeTransition(t: Transition): string {
  const state = t.from === t.to ? t.to : `${t.from} → ${t.to}`;
  const failures = t.failuresBefore === t.failuresAfter ? `failures ${t.failuresAfter}` : `failures ${t.failuresBefore} → ${t.failuresAfter}`;
  const opens = t.opensAt && t.to === "open" && t.from !== "open" ? `, opens_at ${t.opensAt}` : "";
  return `${t.ecosystem}: ${state} (${failures}${opens}) [${t.cause}]`;
}
