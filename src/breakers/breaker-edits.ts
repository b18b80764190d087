import { BREAKER_SUBJECT } from "./recovery-edit.js";
import {
  applyOutcome,
  CLOSED,
  describeTransition,
  halfOpenIfDue,
  isDueForHalfOpen,
  transitionOf,
  type BreakerSettings,
  type Outcome,
  type Transition,
} from "./transitions.js";
import { cloneControl, type ControlEdit } from "../control/edit.js";
import type { Breaker, ControlFile } from "../control/schema.js";

/** The breaker recorded for an ecosystem, or undefined (an own key only: never `__proto__` and friends). */
export function recordedBreaker(control: ControlFile, ecosystem: string): Breaker | undefined {
  const breakers = control.circuit_breaker ?? {};
  return Object.hasOwn(breakers, ecosystem) ? breakers[ecosystem] : undefined;
}

/**
 * `breaker <eco> --apply`: the check script's one write, open → half-open for this ecosystem once
 * `opens_at` has passed. Built from the app's transition functions; the body line is the app's format.
 */
export function halfOpenEdit(ecosystem: string): ControlEdit {
  return (current, now) => {
    const before = recordedBreaker(current, ecosystem);
    if (before === undefined || !isDueForHalfOpen(before, now)) {
      return { changed: false, note: `the ${ecosystem} breaker is not open past its recovery time` };
    }
    const next = cloneControl(current);
    const after = halfOpenIfDue(before, now);
    next.circuit_breaker![ecosystem] = after;
    const transition = transitionOf(ecosystem, before, after, "recovery");
    return {
      changed: true,
      next,
      subject: BREAKER_SUBJECT,
      body: [`breaker: ${describeTransition(transition)}`],
      note: `moved the ${ecosystem} breaker to half-open`,
    };
  };
}

/**
 * `record <eco> success|failure`, the pipeline's `update_breaker.sh` step with the app's transitions: a
 * breaker due for half-open moves there first, then the outcome applies (as the app does for each
 * ecosystem of a completed run). A breaker not recorded yet starts closed with no failures.
 */
export function recordOutcomeEdit(
  ecosystem: string,
  outcome: Outcome,
  settings: BreakerSettings,
  onApplied?: (transitions: Transition[]) => void,
): ControlEdit {
  return (current, now) => {
    const recorded = recordedBreaker(current, ecosystem);
    const before = recorded ?? CLOSED;
    const due = halfOpenIfDue(before, now);
    const after = applyOutcome(due, outcome, now, settings);
    const transitions = [...(due !== before ? [transitionOf(ecosystem, before, due, "recovery")] : []), transitionOf(ecosystem, due, after, outcome)];
    onApplied?.(transitions);
    if (recorded !== undefined && JSON.stringify(after) === JSON.stringify(recorded)) {
      return { changed: false, note: `the ${ecosystem} breaker stays ${after.state} with ${after.failures} failures` };
    }
    const next = cloneControl(current);
    (next.circuit_breaker ??= {})[ecosystem] = after;
    return {
      changed: true,
      next,
      subject: BREAKER_SUBJECT,
      body: transitions.map((t) => `breaker: ${describeTransition(t)}`),
      note: `recorded ${outcome} for ${ecosystem}: ${after.state}, ${after.failures} failures`,
    };
  };
}
