import { describe, expect, test } from "@jest/globals";
import type { RollbackPlan } from "../../src/rollback/plan.js";
import { fitLength, renderPullBody, rollbackCommitMessage } from "../../src/rollback/render.js";
import type { BatchSource } from "../../src/rollback/sources.js";

const evilSource: BatchSource = {
  kind: "pull",
  key: "7",
  url: "https://github.com/o/r/pull/7",
  title: "feat: x</details><img src=x onerror=alert(1)> @everyone [click](http://evil.example) `code`",
  merged: true,
  landingSha: "abcdef0123456789",
  beforeSha: null,
  at: "2026-03-03T00:00:00Z",
  files: [],
};

function planWith(paths: string[]): RollbackPlan {
  return {
    batchId: "2026-03-03",
    deletes: paths.map((path) => ({ path, sources: [evilSource], mode: "100644" })),
    restores: [],
    changedSince: [],
    notMerged: [],
    notMergedButPresent: [],
    nothingToDo: [],
    sources: [evilSource],
  };
}

const ctx = {
  reason: "bad @acme/ops **bold** [x](http://e) <b>",
  actor: "alice",
  commentUrl: "https://github.com/o/r/issues/1#issuecomment-9",
  branch: "rollback-batch-2026-03-03",
  defaultBranch: "main",
  reviewers: "",
};

describe("pull request body", () => {
  test("has the reason, who asked, the groups, sources and the review step; user text cannot inject markdown", () => {
    const body = renderPullBody(planWith(["recipes/a/`x`.toml", "recipes/b/y.toml"]), ctx);
    expect(body).toContain("**Requested by:** @alice in [this comment](https://github.com/o/r/issues/1#issuecomment-9)");
    expect(body).toContain("**Deleted (added by the batch)** (2)");
    expect(body).toContain("git diff main...rollback-batch-2026-03-03");
    expect(body).toContain("- pull request [#7](https://github.com/o/r/pull/7)");
    expect(body).not.toContain("@everyone");
    expect(body).not.toContain("@acme/ops");
    // Markup from titles and reasons arrives backslash-escaped, so it renders as text.
    expect(body).not.toMatch(/(^|[^\\])<(img|b|\/details)/m);
    expect(body).not.toMatch(/(^|[^\\])\[click\]/m);
    expect(body).not.toContain("**bold**");
    expect(body).toContain("`recipes/a/ˋxˋ.toml`");
    for (const line of body.split("\n").filter((l) => !l.startsWith("```"))) expect(line.split("`").length % 2).toBe(1);
  });

  test("stays under GitHub's body limit however many recipes", () => {
    const paths = Array.from({ length: 3000 }, (_, i) => `recipes/${"x".repeat(150)}/${i}.toml`);
    const body = renderPullBody(planWith(paths), ctx);
    expect(body.length).toBeLessThanOrEqual(60000);
    expect(body).toContain("… and 2700 more");
    expect(fitLength("a\n".repeat(40000))).toMatch(/cut to fit/);
  });

  test("commit message: subject, batch_id, reason, audit trailer", () => {
    expect(rollbackCommitMessage("2026-03-03", "manual rollback request", ["requested_by: alice", "comment: https://c"])).toBe(
      "chore: rollback batch 2026-03-03\n\nbatch_id: 2026-03-03\nrollback_reason: manual rollback request\nrequested_by: alice\ncomment: https://c",
    );
  });
});
