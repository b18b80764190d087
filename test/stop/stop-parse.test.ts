import { describe, expect, test } from "@jest/globals";
import { parseStop, stopEcosystemsEdit } from "../../src/stop/stop-command.js";
import { parseResume } from "../../src/stop/resume-command.js";
import { defaultRepoConfig } from "../../src/config/validate.js";
import { defaultControlFile } from "../../src/control/defaults.js";

const NOW = new Date("2026-11-27T10:00:00Z");

describe("parseStop", () => {
  test("bare /stop and /stop all stop everything", () => {
    expect(parseStop("", NOW)).toEqual({ scope: "all", reason: "no reason given" });
    expect(parseStop("all validation bug", NOW)).toEqual({ scope: "all", reason: "validation bug" });
    expect(parseStop("ALL", NOW)).toEqual({ scope: "all", reason: "no reason given" });
  });
  test("until= accepts durations and ISO times, anywhere on the line", () => {
    expect(parseStop("all until=4h bad batch", NOW)).toEqual({ scope: "all", reason: "bad batch", until: new Date("2026-11-27T14:00:00Z") });
    expect(parseStop("all bad until=2026-11-28T06:00Z", NOW)).toEqual({ scope: "all", reason: "bad", until: new Date("2026-11-28T06:00:00Z") });
  });
  test("bad until= is refused with the reason", () => {
    expect(parseStop("all until=yesterday", NOW)).toEqual({ error: expect.stringContaining("neither an ISO-8601 time") });
    expect(parseStop("all until=2020-01-01", NOW)).toEqual({ error: "`until=2020-01-01` is in the past" });
    expect(parseStop("homebrew until=4h", NOW)).toEqual({ error: "`until=` applies to `/stop all` only" });
  });
  test("reasons are one sanitised line", () => {
    const plan = parseStop("all a\u0007b\u2028c " + "x".repeat(600), NOW);
    expect("reason" in plan && plan.reason.length).toBe(500);
    expect("reason" in plan && plan.reason.startsWith("a b c ")).toBe(true);
  });
});

describe("stopEcosystemsEdit", () => {
  const config = defaultRepoConfig();
  const ctx = { incidentUrl: "u", by: "alice" };
  test("aliases and case resolve to the canonical key; the rest is the reason", () => {
    const outcome = stopEcosystemsEdit(["Cargo", "NPM", "rate", "limited"], config, ctx)(defaultControlFile(), NOW);
    expect(outcome.changed && outcome.next.disabled_ecosystems).toEqual(["crates.io", "npm"]);
    expect(outcome.changed && outcome.body[0]).toBe("reason: rate limited");
  });
  test("comma lists work", () => {
    const outcome = stopEcosystemsEdit(["homebrew,pypi"], config, ctx)(defaultControlFile(), NOW);
    expect(outcome.changed && outcome.next.disabled_ecosystems).toEqual(["homebrew", "pypi"]);
  });
  test("an unknown first ecosystem is refused with the known names", () => {
    const outcome = stopEcosystemsEdit(["homebrw", "outage"], config, ctx)(defaultControlFile(), NOW);
    expect(outcome).toEqual({
      changed: false,
      refused: true,
      note: expect.stringContaining("Unknown ecosystem `homebrw`. Known: homebrew, crates.io"),
    });
  });
  test("breaker keys in the file are known names too", () => {
    const control = { ...defaultControlFile(), circuit_breaker: { conda: { state: "closed" as const, failures: 0 } } };
    const outcome = stopEcosystemsEdit(["conda"], config, ctx)(control, NOW);
    expect(outcome.changed && outcome.next.disabled_ecosystems).toEqual(["conda"]);
  });
  test("but not `default`, the breaker's fallback key (issue 14): refused, also among other names", () => {
    const control = { ...defaultControlFile(), circuit_breaker: { default: { state: "closed" as const, failures: 0 } } };
    for (const tokens of [["default"], ["npm", "default"], ["DEFAULT"]]) {
      const outcome = stopEcosystemsEdit(tokens, config, ctx)(control, NOW);
      expect(outcome).toEqual({ changed: false, refused: true, note: expect.stringContaining("`default` is the circuit breaker's fallback entry") });
    }
  });
});

describe("parseResume", () => {
  test("all, bare and ecosystems", () => {
    expect(parseResume("")).toEqual({ scope: "all", summary: "manual resume" });
    expect(parseResume("all fixed in #12")).toEqual({ scope: "all", summary: "fixed in #12" });
    expect(parseResume("npm ok")).toEqual({ scope: "ecosystems", tokens: ["npm", "ok"] });
  });
});
