import { describe, expect, test } from "@jest/globals";
import { hiddenJson, readHiddenJson } from "../../src/util/hidden-json.js";
import {
  HISTORY_LIMIT,
  addOpened,
  parseSeedingState,
  recordRun,
  renderStateBlock,
  setPending,
  type SeedingState,
} from "../../src/seeding/history.js";
import { run } from "./run-fixture.js";

describe("hidden JSON", () => {
  test("`--` cannot end the comment early and reads back unchanged", () => {
    const value = { text: "a -- b --> c ---" };
    const block = hiddenJson("t", value);
    expect(block.slice(4, -4)).not.toContain("--");
    expect(readHiddenJson("t", `before\n${block}\nafter`)).toEqual(value);
  });

  test("absent or broken blocks read as undefined", () => {
    expect(readHiddenJson("t", "nothing here")).toBeUndefined();
    expect(readHiddenJson("t", "<!-- t {not json} -->")).toBeUndefined();
    expect(readHiddenJson("t", "<!-- t {")).toBeUndefined();
  });
});

describe("seeding state in the digest body", () => {
  test("round trip", () => {
    const state = { runs: [run(1), run(2)], pending: [{ run_id: 2, url: "u", next: 20, total: 50 }] };
    expect(parseSeedingState(`# digest\n${renderStateBlock(state)}\ntext`)).toEqual({ state });
  });

  test("no block: empty history, no problem", () => {
    expect(parseSeedingState("a digest someone wrote")).toEqual({ state: { runs: [], pending: [] } });
    expect(parseSeedingState(undefined)).toEqual({ state: { runs: [], pending: [] } });
  });

  test("a broken block restarts the history and says so", () => {
    const parsed = parseSeedingState("<!-- batch-ops:seeding-state {oops} -->");
    expect(parsed.state).toEqual({ runs: [], pending: [] });
    expect(parsed.problem).toContain("not valid JSON");
  });

  test("damaged entries are dropped one by one; bad optional fields fall back", () => {
    const body = hiddenJson("batch-ops:seeding-state", {
      runs: [run(1), { run_id: "x" }, { ...run(2), errors: -5, sources_failed: "npm" }],
      pending: [{ run_id: 2, url: "u", next: 1, total: 3 }, { run_id: 3 }, { run_id: 4, url: "u", next: 3, total: 3 }],
    });
    const parsed = parseSeedingState(body);
    expect(parsed.state.runs.map((r) => r.run_id)).toEqual([1, 2]);
    expect(parsed.state.runs[1]).toMatchObject({ errors: 0, sources_failed: [] });
    expect(parsed.state.pending).toEqual([{ run_id: 2, url: "u", next: 1, total: 3 }]);
    expect(parsed.problem).toBe("2 damaged entries were dropped from the run history");
  });
});

describe("recordRun", () => {
  test("replaces a redelivered or re-run run, keeps order by start time, errors only on the newest", () => {
    let state: SeedingState = { runs: [run(1), run(3)], pending: [] };
    state = recordRun(state, run(2, { at: "2026-11-02T03:00:00Z" }));
    expect(state.runs.map((r) => r.run_id)).toEqual([1, 2, 3]);
    expect(state.runs.map((r) => r.error_samples.length)).toEqual([0, 0, 1]);
    state = recordRun(state, run(3, { attempt: 2, conclusion: "failure" }));
    expect(state.runs).toHaveLength(3);
    expect(state.runs[2]).toMatchObject({ attempt: 2, conclusion: "failure" });
  });

  test(`keeps the last ${HISTORY_LIMIT}`, () => {
    let state: SeedingState = { runs: [], pending: [] };
    for (let i = 1; i <= HISTORY_LIMIT + 5; i++) state = recordRun(state, run(i, { at: `2026-01-01T00:00:${String(i).padStart(2, "0")}Z` }));
    expect(state.runs).toHaveLength(HISTORY_LIMIT);
    expect(state.runs[0]!.run_id).toBe(6);
  });
});

describe("pending review issues", () => {
  test("set, advance in place, clear when done; counts added to the run", () => {
    let state: SeedingState = { runs: [run(1), run(2)], pending: [] };
    state = setPending(state, { run_id: 1, url: "a", next: 20, total: 50 });
    state = setPending(state, { run_id: 2, url: "b", next: 20, total: 30 });
    state = setPending(state, { run_id: 1, url: "a", next: 40, total: 50 });
    expect(state.pending.map((p) => [p.run_id, p.next])).toEqual([
      [1, 40],
      [2, 20],
    ]);
    state = setPending(state, { run_id: 1, url: "a", next: 50, total: 50 });
    expect(state.pending.map((p) => p.run_id)).toEqual([2]);
    expect(setPending(state, { run_id: 9, url: "x", next: 0, total: 0 }).pending).toHaveLength(1);
    expect(addOpened(state, 2, 5, 1).runs[1]).toMatchObject({ opened: 7, already_open: 1 });
  });
});
