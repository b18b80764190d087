import { describe, expect, test } from "@jest/globals";
import { stalenessSince } from "../../src/breakers/staleness.js";

const now = new Date("2026-11-27T10:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const H = 3_600_000;

describe("staleness: more than staleness_hours, strictly (the watchdog and the health page share this rule)", () => {
  test("exactly 2 hours is not stale", () => {
    expect(stalenessSince(ago(2 * H), now, 2)).toEqual({ stale: false, ageMs: 2 * H });
  });
  test("2h 0m 1s is stale (not only from 3 full hours, as the pipeline's own check does)", () => {
    expect(stalenessSince(ago(2 * H + 1000), now, 2).stale).toBe(true);
  });
  test("2h 59m is stale", () => {
    expect(stalenessSince(ago(2 * H + 59 * 60_000), now, 2).stale).toBe(true);
  });
  test("1 hour is fresh; fractional thresholds work", () => {
    expect(stalenessSince(ago(H), now, 2).stale).toBe(false);
    expect(stalenessSince(ago(H), now, 0.5).stale).toBe(true);
  });
  test("no run at all is stale", () => {
    expect(stalenessSince(undefined, now, 2)).toEqual({ stale: true });
  });
  test("a run stamped in the future (clock skew) is not stale", () => {
    expect(stalenessSince(new Date(now.getTime() + 60_000), now, 2).stale).toBe(false);
  });
});
