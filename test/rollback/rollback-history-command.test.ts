import { expect, test } from "@jest/globals";
import { commentPayload, testProbot } from "../helpers/index.js";
import { commandScope } from "../helpers/command-mocks.js";
import { fixtureCommit } from "../helpers/batch-commits.js";
import { fakeSha, pullFromFixture, recipeBlob, RollbackMocks, type WorldPull } from "../helpers/rollback-mocks.js";

/**
 * Issue 14's cases in the app's `/rollback` (the CLI's are in test/cli/rollback-history.test.ts):
 * "merged" comes from the pull request, what landed from its files (fix-ups included), and what to undo
 * from the default branch just before the pull request's merge commit.
 */

function deliver(body: string) {
  return testProbot().receive({ id: `d-${Math.random()}`, name: "issue_comment", payload: commentPayload(body) } as never);
}

const HEAD = fakeSha("main head");
const HEAD_TREE = fakeSha("main head tree");

test("2026-05-07: a maintainer's fix-up changed solargraph before the squash (#2382) → deleted, not 'never merged'", async () => {
  const batch = fixtureCommit("927ebbfd6fbfaed6047108e77fefcb9558f8936b");
  const fixed = recipeBlob("recipes/s/solargraph.toml", 2);
  const pull = pullFromFixture(batch, {
    number: 2382,
    title: "feat(recipes): add batch recipes (1 recipes)",
    headRef: "batch/20260507-140853",
    commits: [
      { sha: batch.sha, message: batch.message },
      { sha: fakeSha("fix-up"), message: "fix(recipes): solargraph needs ruby 3.3" },
    ],
    // The pull request's files are its head's: the fix-up's blob, not the batch commit's.
    files: [
      { filename: "batch-control.json", status: "modified", sha: fakeSha("control") },
      { filename: "recipes/s/solargraph.toml", status: "added", sha: fixed },
    ],
  });
  const base = commandScope().permission().reply();
  const mocks = new RollbackMocks(base.scope);
  mocks.search("2026-05-07", []).pullList([pull]).pullCommits(pull).pullFiles(pull);
  mocks.gitCommit(batch.mainSquash!, [fakeSha("before squash")]).tree(fakeSha("before squash"), fakeSha("t0"), {});
  mocks.head(HEAD).tree(HEAD, HEAD_TREE, { "recipes/s/solargraph.toml": fixed });

  await deliver("/rollback 2026-05-07 --dry-run");

  expect(base.scope.pendingMocks()).toEqual([]);
  const reply = base.replies[0]!;
  expect(reply).toContain("🔎 Dry run for batch `2026-05-07`: 1 to delete, 0 to restore, 0 changed since the batch, 0 never merged.");
  expect(reply).toContain("**Would delete (added by the batch)** (1)\n\n- `recipes/s/solargraph.toml` (#2382)");
  expect(reply).toContain("(merged as `1e5f071`)");
});

test("2026-02-01-homebrew: a recipe already on main when the batch's pull request landed is left; an unmerged one on main is flagged", async () => {
  const id = "2026-02-01-homebrew";
  const message = `feat(recipes): add batch ${id} recipes\n\nbatch_id: ${id}\necosystem: homebrew`;
  const squash1389 = fakeSha("squash 1389");
  const landed: WorldPull = {
    number: 1389,
    title: `feat(recipes): add batch ${id} recipes`,
    headRef: "batch/20260201-010000",
    createdAt: "2026-02-01T01:00:00Z",
    mergedAt: "2026-02-01T06:00:00Z",
    mergeCommitSha: squash1389,
    state: "closed",
    commits: [{ sha: fakeSha("c1389"), message }],
    files: [
      { filename: "recipes/g/gh.toml", status: "added", sha: recipeBlob("recipes/g/gh.toml") },
      { filename: "recipes/j/jq.toml", status: "added", sha: recipeBlob("recipes/j/jq.toml") },
    ],
  };
  const closed: WorldPull = {
    number: 1391,
    title: `feat(recipes): add batch ${id} recipes`,
    headRef: "batch/20260201-020000",
    createdAt: "2026-02-01T02:00:00Z",
    mergedAt: null,
    mergeCommitSha: null,
    state: "closed",
    commits: [{ sha: fakeSha("c1391"), message }],
    files: [{ filename: "recipes/k/k9s.toml", status: "added", sha: recipeBlob("recipes/k/k9s.toml") }],
  };
  const base = commandScope().permission().reply();
  const mocks = new RollbackMocks(base.scope);
  mocks.search(id, []).pullList([landed, closed]).pullCommits(landed).pullCommits(closed).pullFiles(landed).pullFiles(closed);
  // Just before #1389's squash, main already had gh: #1388's merge brought it.
  mocks
    .gitCommit(squash1389, [fakeSha("merge 1388")])
    .tree(fakeSha("merge 1388"), fakeSha("t1388"), { "recipes/g/gh.toml": recipeBlob("recipes/g/gh.toml") });
  mocks.head(HEAD).tree(HEAD, HEAD_TREE, {
    "recipes/g/gh.toml": recipeBlob("recipes/g/gh.toml"),
    "recipes/j/jq.toml": recipeBlob("recipes/j/jq.toml"),
    "recipes/k/k9s.toml": fakeSha("k9s by hand"),
  });

  await deliver(`/rollback ${id} --dry-run`);

  expect(base.scope.pendingMocks()).toEqual([]);
  const reply = base.replies[0]!;
  expect(reply).toContain(
    "1 to delete, 0 to restore, 0 changed since the batch, 0 never merged, ⚠️ 1 never merged by this batch yet on the default branch.",
  );
  expect(reply).toContain("**Would delete (added by the batch)** (1)\n\n- `recipes/j/jq.toml` (#1389)");
  expect(reply).toContain("- `recipes/g/gh.toml` — already on the default branch with this content before the batch landed (#1389)");
  expect(reply).toContain("**⚠️ Not merged by this batch, yet on the default branch: left as is, check by hand** (1)");
  expect(reply).toContain("- `recipes/k/k9s.toml` — on the default branch now, but no merge of this batch brought it (#1391 never merged)");
});

test("nothing merged, but an unmerged recipe is on main: the default branch is read and the reply says so", async () => {
  const batch = fixtureCommit("c8377ffd8232ce1681f99b01c2b2e0a26b87c9b9"); // #2087, conduit, never merged
  const pull = pullFromFixture(batch);
  const base = commandScope().permission().reply();
  const mocks = new RollbackMocks(base.scope);
  mocks.search("2026-03-03", []).pullList([pull]).pullCommits(pull).pullFiles(pull);
  mocks.head(HEAD).tree(HEAD, HEAD_TREE, { "recipes/c/conduit.toml": fakeSha("conduit by hand") });

  await deliver("/rollback 2026-03-03 --dry-run");

  expect(base.scope.pendingMocks()).toEqual([]);
  expect(base.replies[0]).toContain(
    "0 to delete, 0 to restore, 0 changed since the batch, 0 never merged, ⚠️ 1 never merged by this batch yet on the default branch.",
  );
  expect(base.replies[0]).toContain(
    "`recipes/c/conduit.toml` — on the default branch now, but no merge of this batch brought it (#2087 never merged)",
  );
});
