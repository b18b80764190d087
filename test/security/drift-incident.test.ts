import { describe, expect, test } from "@jest/globals";
import {
  addSignal,
  hasSignal,
  MAX_BODY,
  newDriftState,
  readDriftState,
  renderDriftIncident,
  renderDriftIncidentFitting,
  renderRepeatComment,
  type DriftResponseRecord,
} from "../../src/security/drift-incident.js";
import type { DriftSignal } from "../../src/security/drift-signal.js";
import type { RecentChange } from "../../src/security/recent-changes.js";

const RESPONSE: DriftResponseRecord = {
  stop: {
    outcome: "committed",
    note: "stopped all batch processing",
    commitSha: "abcdef1234567890abcdef1234567890abcdef12",
    commitUrl: "https://github.com/o/r/commit/abcdef1",
  },
  workflows: [
    { workflow: "batch-generate.yml", state: "disabled_manually", changed: true },
    { workflow: "missing.yml", state: "unknown", changed: false, error: "workflow not found" },
  ],
};

function signal(overrides: Partial<DriftSignal> = {}): DriftSignal {
  return {
    kind: "issue",
    url: "https://github.com/o/r/issues/7",
    summary: 'issue #7 "Checksum drift detected: cmake" opened by github-actions[bot]',
    at: "2026-11-27T09:59:30Z",
    issueNumber: 7,
    recipes: [{ name: "cmake", version: "3.28.1", recipe: "recipes/c/cmake.toml", expected: "aaa", actual: "bbb" }],
    ...overrides,
  };
}

const RECENT: RecentChange[] = [
  {
    sha: "1e5f0710ba99f1f3e17ef7860237db1fb7332a07",
    url: "https://github.com/o/r/commit/1e5f071",
    subject: "feat(recipes): add batch recipes (1 recipes) (#2382)",
    author: "github-actions[bot]",
    date: "2026-05-08T08:00:00Z",
    kind: {
      kind: "batch",
      pull: {
        number: 2382,
        url: "https://github.com/o/r/pull/2382",
        title: "t",
        headRef: "batch/x",
        baseRef: "main",
        mergedAt: "2026-05-08T08:00:00Z",
        mergeCommitSha: "1e5f071",
      },
    },
  },
  {
    sha: "9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f",
    url: "https://github.com/o/r/commit/9f9f9f9",
    subject: "Update cmake.toml",
    author: "mallory",
    date: "2026-11-26T23:00:00Z",
    kind: { kind: "direct", why: "neither a batch commit nor part of a merged pull request" },
  },
  {
    sha: "7777777777777777777777777777777777777777",
    url: "https://github.com/o/r/commit/7777777",
    subject: "fix: ninja url",
    author: "bob",
    date: "2026-11-20T10:00:00Z",
    kind: {
      kind: "pull",
      pull: { number: 12, url: "https://github.com/o/r/pull/12", title: "t", headRef: "fix", baseRef: "main", mergedAt: "x", mergeCommitSha: null },
    },
  },
  {
    sha: "8888888888888888888888888888888888888888",
    url: "https://github.com/o/r/commit/8888888",
    subject: "chore: add homebrew recipes",
    author: "github-actions[bot]",
    date: "2026-11-19T10:00:00Z",
    kind: { kind: "batch", batchId: "2026-11-19" },
  },
];

const CTX = { branch: "main", recipesDir: "recipes/", controlPath: "batch-control.json", recent: RECENT };

describe("the drift incident body", () => {
  test("says what happened, what batch-ops did, the evidence and the runbook's resolution paths", () => {
    const body = renderDriftIncident(newDriftState(signal(), RESPONSE), CTX);
    expect(body).toContain("## 🚨 Security incident: checksum drift detected");
    expect(body).toContain("Severity: **Critical**");
    expect(body).toContain(
      '- 2026-11-27T09:59:30Z: [issue \\#7 "Checksum drift detected: cmake" opened by github-actions\\[bot\\]](https://github.com/o/r/issues/7)',
    );
    expect(body).toContain(
      "- ✅ Stopped all batch processing (`enabled=false` in `batch-control.json`): [`abcdef1`](https://github.com/o/r/commit/abcdef1).",
    );
    expect(body).toContain("- Workflow `batch-generate.yml`: disabled\\_manually (disabled now).");
    expect(body).toContain("- ⚠️ Workflow `missing.yml` could not be disabled (workflow not found)");
    expect(body).toContain("- **cmake** `v3.28.1`, recipe `recipes/c/cmake.toml`, expected `aaa`, actual `bbb`");
    expect(body).toContain("### Recent changes to `recipes/` on `main`");
    expect(body).toContain(
      "[`1e5f071`](https://github.com/o/r/commit/1e5f071) 2026-05-08 feat\\(recipes\\): add batch recipes \\(1 recipes\\) \\(\\#2382\\) — github-actions\\[bot\\]: batch commit via [#2382](https://github.com/o/r/pull/2382)",
    );
    expect(body).toContain("Update cmake.toml — mallory: ⚠️ **not a batch commit**: neither a batch commit nor part of a merged pull request");
    expect(body).toContain("bob: not a batch commit: merged pull request [#12](https://github.com/o/r/pull/12)");
    expect(body).toContain("batch commit `2026-11-19`");
    expect(body).toContain("- [ ] Roll back every recipe from the affected batch: comment `/rollback <batch_id>`");
    expect(body).toContain("- [ ] Audit all recipes added in the same time window");
    expect(body).toContain("- [ ] Rotate any secrets that may have been exposed");
    expect(body).toContain("- [ ] Update the recipe with the new checksum");
    expect(body).toContain("- [ ] Document the drift in that commit's message");
    expect(body).toContain("`/resume all <summary>`");
  });

  test("the state survives a round trip through the body", () => {
    const state = newDriftState(signal(), RESPONSE);
    expect(readDriftState(renderDriftIncident(state, CTX))).toEqual(state);
  });

  test("a body edited into nonsense has no state", () => {
    expect(readDriftState('<!-- batch-ops:security-drift-state {"v":1,"signals":[]} -->')).toBeUndefined();
    expect(readDriftState("no state")).toBeUndefined();
  });

  test("a failed stop tells people to stop by hand; no recipe named points to the run log", () => {
    const state = newDriftState(signal({ kind: "workflow_run", runId: 42, issueNumber: undefined, recipes: [] }), {
      stop: { outcome: "failed", note: "batch-control.json is invalid ((root) → not valid JSON)" },
      workflows: [],
    });
    const body = renderDriftIncident(state, { ...CTX, recent: [], recentError: "Server Error" });
    expect(body).toContain(
      "- ❌ **Could not stop batch processing**: batch-control.json is invalid \\(\\(root\\) → not valid JSON\\). Comment `/stop all` now",
    );
    expect(body).toContain("`gh run view 42 --log`");
    expect(body).toContain("⚠️ Could not list them: Server Error.");
  });

  test("untrusted text cannot inject links, mentions or HTML, and odd urls are not linked", () => {
    const evil = signal({
      summary: "x](https://evil) <img src=x> @org/team",
      url: "javascript:alert(1)",
      recipes: [{ name: "a`b<c>", recipe: "`x`" }],
    });
    const body = renderDriftIncident(newDriftState(evil, RESPONSE), CTX);
    // The hidden state block is an HTML comment, never rendered, and cannot be closed early.
    const visible = body.replace(/<!--[\s\S]*?-->/g, "");
    expect(body.match(/-->/g)).toHaveLength(1);
    expect(visible).not.toContain("](https://evil)");
    expect(visible).not.toMatch(/(^|[^\\])<img/);
    expect(visible).toContain("\\<img");
    expect(visible).not.toContain("@org");
    expect(visible).not.toContain("(javascript:");
    expect(visible).toContain("recipe `ˋxˋ`");
  });
});

describe("repeated signals", () => {
  test("a new signal is appended with its new recipes; the same one is recognised", () => {
    const state = newDriftState(signal(), RESPONSE);
    const run = signal({
      kind: "workflow_run",
      url: "https://github.com/o/r/actions/runs/42",
      summary: "workflow checksum-drift.yml run #3 failed",
      issueNumber: undefined,
      runId: 42,
      recipes: [{ name: "cmake", version: "3.28.1", recipe: "recipes/c/cmake.toml" }, { name: "gh" }],
    });
    expect(hasSignal(state, run)).toBe(false);
    const { state: next, newRecipes } = addSignal(state, run);
    expect(next.signals.map((s) => s.url)).toEqual(["https://github.com/o/r/issues/7", "https://github.com/o/r/actions/runs/42"]);
    expect(newRecipes).toEqual([{ name: "gh" }]);
    expect(next.response).toEqual(RESPONSE);
    expect(hasSignal(next, run)).toBe(true);
  });

  test("the comment says whether batch processing is still stopped", () => {
    expect(renderRepeatComment(signal(), [], true)).toContain("Batch processing is still stopped; nothing else was changed.");
    expect(renderRepeatComment(signal(), [{ name: "gh" }], false)).toContain("⚠️ Batch processing is **enabled** again. This signal did not stop it");
    expect(renderRepeatComment(signal(), [{ name: "gh" }], false)).toContain("Newly named recipes:\n- **gh**");
    expect(renderRepeatComment(signal(), [], undefined)).toContain("could not be read");
  });

  test("the signal list keeps the first and the latest ones", () => {
    let state = newDriftState(signal(), RESPONSE);
    for (let i = 0; i < 30; i++) state = addSignal(state, signal({ url: `https://github.com/o/r/actions/runs/${i}` })).state;
    expect(state.signals).toHaveLength(20);
    expect(state.signals[0]!.url).toBe("https://github.com/o/r/issues/7");
    expect(state.signals.at(-1)!.url).toBe("https://github.com/o/r/actions/runs/29");
  });
});

test("a huge state is shrunk to fit GitHub's body limit, keeping it readable back", () => {
  const long = "x".repeat(290);
  const recipes = Array.from({ length: 50 }, (_, i) => ({
    name: `${i}${long}`,
    version: "1",
    recipe: long,
    checksumUrl: long,
    expected: long,
    actual: long,
  }));
  let state = newDriftState(signal({ recipes }), RESPONSE);
  for (let i = 0; i < 25; i++)
    state = addSignal(state, signal({ url: `https://github.com/o/r/actions/runs/${i}${"9".repeat(400)}`, summary: long })).state;
  expect(renderDriftIncident(state, CTX).length).toBeGreaterThan(MAX_BODY);
  const { body, state: kept } = renderDriftIncidentFitting(state, CTX);
  expect(body.length).toBeLessThanOrEqual(MAX_BODY);
  expect(readDriftState(body)).toEqual(kept);
  expect(kept.signals[0]!.url).toBe("https://github.com/o/r/issues/7");
});
