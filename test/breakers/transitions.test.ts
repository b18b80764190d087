import { describe, expect, test } from "@jest/globals";
import {
  applyOutcome,
  changed,
  describeTransition,
  halfOpenIfDue,
  isDueForHalfOpen,
  opened,
  recovered,
  transitionOf,
} from "../../src/breakers/transitions.js";
import type { Breaker } from "../../src/control/schema.js";

const NOW = new Date("2026-11-27T10:00:00Z");
const SETTINGS = { failureThreshold: 5, recoveryMinutes: 60 };

describe("applyOutcome: the issue's transition table", () => {
  test.each<[string, Breaker]>([
    ["closed", { state: "closed", failures: 3, last_failure: "2026-11-27T09:00:00Z" }],
    ["open", { state: "open", failures: 7, last_failure: "2026-11-27T09:00:00Z", opens_at: "2026-11-27T11:00:00Z" }],
    ["half-open", { state: "half-open", failures: 5, last_failure: "2026-11-27T08:00:00Z", opens_at: "2026-11-27T09:00:00Z" }],
  ])("success in %s → closed, failures=0, other keys kept", (_name, breaker) => {
    const after = applyOutcome(breaker, "success", NOW, SETTINGS);
    expect(after).toEqual({ ...breaker, state: "closed", failures: 0 });
  });

  test("closed + failure below the threshold → failures+1, last_failure=now, still closed", () => {
    expect(applyOutcome({ state: "closed", failures: 3 }, "failure", NOW, SETTINGS)).toEqual({
      state: "closed",
      failures: 4,
      last_failure: "2026-11-27T10:00:00Z",
    });
  });

  test("closed + failure reaching the threshold → open with opens_at = now + recovery", () => {
    expect(applyOutcome({ state: "closed", failures: 4 }, "failure", NOW, SETTINGS)).toEqual({
      state: "open",
      failures: 5,
      last_failure: "2026-11-27T10:00:00Z",
      opens_at: "2026-11-27T11:00:00Z",
    });
  });

  test("the threshold and recovery come from the config", () => {
    expect(applyOutcome({ state: "closed", failures: 1 }, "failure", NOW, { failureThreshold: 2, recoveryMinutes: 15 })).toEqual({
      state: "open",
      failures: 2,
      last_failure: "2026-11-27T10:00:00Z",
      opens_at: "2026-11-27T10:15:00Z",
    });
  });

  test("half-open + failure → open, failures+1, last_failure=now, fresh opens_at", () => {
    const before: Breaker = { state: "half-open", failures: 9, last_failure: "2026-11-27T07:00:00Z", opens_at: "2026-11-27T08:00:00Z" };
    expect(applyOutcome(before, "failure", NOW, SETTINGS)).toEqual({
      state: "open",
      failures: 10,
      last_failure: "2026-11-27T10:00:00Z",
      opens_at: "2026-11-27T11:00:00Z",
    });
  });

  test("open + failure → unchanged (the same object)", () => {
    const before: Breaker = { state: "open", failures: 996, last_failure: "2026-06-26T20:51:01Z", opens_at: "2026-06-26T21:51:01Z" };
    expect(applyOutcome(before, "failure", NOW, SETTINGS)).toBe(before);
  });

  test("unknown keys the pipeline added survive every transition", () => {
    const before = { state: "closed", failures: 4, note: "kept" } as Breaker;
    expect(applyOutcome(before, "failure", NOW, SETTINGS)).toMatchObject({ note: "kept", state: "open" });
  });
});

describe("half-open on time", () => {
  test("open with opens_at passed → half-open, everything else kept", () => {
    const before: Breaker = { state: "open", failures: 6, last_failure: "2026-11-27T08:00:00Z", opens_at: "2026-11-27T09:00:00Z" };
    expect(halfOpenIfDue(before, NOW)).toEqual({ ...before, state: "half-open" });
  });

  test("opens_at exactly now is due (the check skips only while now < opens_at)", () => {
    expect(isDueForHalfOpen({ state: "open", failures: 5, opens_at: "2026-11-27T10:00:00Z" }, NOW)).toBe(true);
  });

  test("open and still waiting stays open", () => {
    const before: Breaker = { state: "open", failures: 5, opens_at: "2026-11-27T10:00:01Z" };
    expect(halfOpenIfDue(before, NOW)).toBe(before);
  });

  test("open without opens_at stays open, as check_breaker.sh skips it", () => {
    expect(isDueForHalfOpen({ state: "open", failures: 5 }, NOW)).toBe(false);
    expect(isDueForHalfOpen({ state: "open", failures: 5, opens_at: " " }, NOW)).toBe(false);
  });

  test("an unparseable opens_at is due (the check reads it as time 0)", () => {
    expect(isDueForHalfOpen({ state: "open", failures: 5, opens_at: "soon" }, NOW)).toBe(true);
  });

  test("closed and half-open breakers are never due", () => {
    expect(isDueForHalfOpen({ state: "closed", failures: 0, opens_at: "2020-01-01T00:00:00Z" }, NOW)).toBe(false);
    expect(isDueForHalfOpen({ state: "half-open", failures: 5, opens_at: "2020-01-01T00:00:00Z" }, NOW)).toBe(false);
  });
});

describe("transitions", () => {
  test("describe, opened, recovered, changed", () => {
    const open = transitionOf(
      "homebrew",
      { state: "closed", failures: 4 },
      { state: "open", failures: 5, opens_at: "2026-11-27T11:00:00Z" },
      "failure",
    );
    expect(describeTransition(open)).toBe("homebrew: closed → open (failures 4 → 5, opens_at 2026-11-27T11:00:00Z) [failure]");
    expect(opened(open)).toBe(true);
    expect(recovered(open)).toBe(false);
    const close = transitionOf("npm", { state: "half-open", failures: 5 }, { state: "closed", failures: 0 }, "success");
    expect(describeTransition(close)).toBe("npm: half-open → closed (failures 5 → 0) [success]");
    expect(recovered(close)).toBe(true);
    const same = transitionOf("pypi", { state: "open", failures: 9 }, { state: "open", failures: 9 }, "failure");
    expect(changed(same)).toBe(false);
    expect(opened(same)).toBe(false);
    expect(describeTransition(same)).toBe("pypi: open (failures 9) [failure]");
  });
});
