import { cloneControl, type ControlEdit } from "../control/edit.js";
import type { ControlFile } from "../control/schema.js";
import { describeTransition, halfOpenIfDue, isDueForHalfOpen, transitionOf, type Transition } from "./transitions.js";

export const BREAKER_SUBJECT = "chore: update circuit breaker state [skip ci]";

/** Ecosystems whose open breaker has reached `opens_at`. */
export function breakersDue(control: ControlFile, now: Date): string[] {
  return Object.entries(control.circuit_breaker ?? {})
    .filter(([, breaker]) => isDueForHalfOpen(breaker, now))
    .map(([ecosystem]) => ecosystem);
}

/** The schedule's recovery step: every open breaker past `opens_at` becomes half-open, in one commit. */
export function halfOpenDueEdit(onApplied?: (transitions: Transition[]) => void): ControlEdit {
  return (current, now) => {
    const due = breakersDue(current, now);
    if (due.length === 0) return { changed: false, note: "no open breaker has reached its recovery time" };
    const next = cloneControl(current);
    const breakers = next.circuit_breaker!;
    const transitions = due.map((ecosystem) => {
      const before = breakers[ecosystem]!;
      const after = halfOpenIfDue(before, now);
      breakers[ecosystem] = after;
      return transitionOf(ecosystem, before, after, "recovery");
    });
    onApplied?.(transitions);
    return {
      changed: true,
      next,
      subject: BREAKER_SUBJECT,
      body: transitions.map((t) => `breaker: ${describeTransition(t)}`),
      note: `moved ${due.join(", ")} to half-open`,
    };
  };
}

/** `/breaker reset <eco>`: closed with `failures=0`, other keys kept. */
export function resetBreakerEdit(ecosystem: string, reason: string, onApplied?: (transition: Transition) => void): ControlEdit {
  return (current) => {
    const breakers = current.circuit_breaker ?? {};
    const before = Object.hasOwn(breakers, ecosystem) ? breakers[ecosystem] : undefined;
    if (before === undefined || (before.state === "closed" && before.failures === 0)) {
      return { changed: false, note: `the ${ecosystem} breaker is already closed with no failures` };
    }
    const next = cloneControl(current);
    const after = { ...before, state: "closed" as const, failures: 0 };
    next.circuit_breaker![ecosystem] = after;
    const transition = transitionOf(ecosystem, before, after, "reset");
    onApplied?.(transition);
    return {
      changed: true,
      next,
      subject: `chore: reset ${ecosystem} circuit breaker [skip ci]`,
      body: [`breaker: ${describeTransition(transition)}`, `reason: ${reason}`],
      note: `closed the ${ecosystem} breaker (failures ${before.failures} → 0)`,
    };
  };
}
