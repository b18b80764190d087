import type { Breaker } from "../../src/control/schema.js";

/**
 * One table of breaker outcomes, run by both suites: `test/cli/breaker.test.ts` runs `batch-ops record`
 * on a real clone, `test/batch-run/breaker-cases.test.ts` applies the same outcome as the app does for a
 * completed run (`batchRunEdit`). Both must leave exactly `after` and describe it with `lines`.
 * Defaults apply: failure_threshold 5, recovery_minutes 60.
 */
export interface BreakerCase {
  name: string;
  /** The homebrew breaker before (undefined: none recorded). */
  before: Breaker | undefined;
  outcome: "success" | "failure";
  /** `after` undefined: nothing changes (the CLI says so and writes nothing). */
  after: Breaker | undefined;
  lines: string[];
}

export const BREAKER_NOW = "2026-11-27T10:00:00Z";
const PAST = "2026-11-27T09:00:00Z";
const FUTURE = "2026-11-27T10:30:00Z";
const FRESH = "2026-11-27T11:00:00Z";

export const breakerCases: BreakerCase[] = [
  {
    name: "closed + failure below the threshold counts it",
    before: { state: "closed", failures: 2, last_failure: "2026-11-26T10:00:00Z" },
    outcome: "failure",
    after: { state: "closed", failures: 3, last_failure: BREAKER_NOW },
    lines: ["breaker: homebrew: closed (failures 2 → 3) [failure]"],
  },
  {
    name: "closed + failure at the threshold opens it",
    before: { state: "closed", failures: 4, last_failure: "2026-11-26T10:00:00Z" },
    outcome: "failure",
    after: { state: "open", failures: 5, last_failure: BREAKER_NOW, opens_at: FRESH },
    lines: [`breaker: homebrew: closed → open (failures 4 → 5, opens_at ${FRESH}) [failure]`],
  },
  {
    name: "half-open + failure opens it again with a fresh opens_at",
    before: { state: "half-open", failures: 5, last_failure: PAST, opens_at: PAST },
    outcome: "failure",
    after: { state: "open", failures: 6, last_failure: BREAKER_NOW, opens_at: FRESH },
    lines: [`breaker: homebrew: half-open → open (failures 5 → 6, opens_at ${FRESH}) [failure]`],
  },
  {
    name: "half-open + success closes it",
    before: { state: "half-open", failures: 5, last_failure: PAST, opens_at: PAST },
    outcome: "success",
    after: { state: "closed", failures: 0, last_failure: PAST, opens_at: PAST },
    lines: ["breaker: homebrew: half-open → closed (failures 5 → 0) [success]"],
  },
  {
    name: "open and waiting + failure changes nothing",
    before: { state: "open", failures: 5, last_failure: PAST, opens_at: FUTURE },
    outcome: "failure",
    after: undefined,
    lines: ["breaker: homebrew: open (failures 5) [failure]"],
  },
  {
    name: "open past opens_at + success: half-open first, then closed",
    before: { state: "open", failures: 7, last_failure: PAST, opens_at: PAST },
    outcome: "success",
    after: { state: "closed", failures: 0, last_failure: PAST, opens_at: PAST },
    lines: ["breaker: homebrew: open → half-open (failures 7) [recovery]", "breaker: homebrew: half-open → closed (failures 7 → 0) [success]"],
  },
  {
    name: "open past opens_at + failure: half-open first, then open again",
    before: { state: "open", failures: 7, last_failure: PAST, opens_at: PAST },
    outcome: "failure",
    after: { state: "open", failures: 8, last_failure: BREAKER_NOW, opens_at: FRESH },
    lines: [
      "breaker: homebrew: open → half-open (failures 7) [recovery]",
      `breaker: homebrew: half-open → open (failures 7 → 8, opens_at ${FRESH}) [failure]`,
    ],
  },
  {
    name: "open without opens_at + failure stays open",
    before: { state: "open", failures: 5 },
    outcome: "failure",
    after: undefined,
    lines: ["breaker: homebrew: open (failures 5) [failure]"],
  },
  {
    name: "no breaker yet + failure starts counting",
    before: undefined,
    outcome: "failure",
    after: { state: "closed", failures: 1, last_failure: BREAKER_NOW },
    lines: ["breaker: homebrew: closed (failures 0 → 1) [failure]"],
  },
];

/** A control file holding only this breaker (and nothing else to change), the pipeline's serialisation. */
export function controlWith(breaker: Breaker | undefined): string {
  const doc = { enabled: true, disabled_ecosystems: [], circuit_breaker: breaker ? { homebrew: breaker } : {} };
  return JSON.stringify(doc, null, 2) + "\n";
}

/** One open breaker past its `opens_at`: the check script's (and the schedule's) open → half-open write. */
export const HALF_OPEN_CASE = {
  before: controlWith({ state: "open", failures: 957, last_failure: "2026-11-27T08:00:00Z", opens_at: "2026-11-27T09:00:00Z" }),
  after: controlWith({ state: "half-open", failures: 957, last_failure: "2026-11-27T08:00:00Z", opens_at: "2026-11-27T09:00:00Z" }),
  message: ["chore: update circuit breaker state [skip ci]", "", "breaker: homebrew: open → half-open (failures 957) [recovery]"],
};
