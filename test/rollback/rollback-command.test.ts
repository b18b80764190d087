import { describe, expect, test } from "@jest/globals";
import { commentPayload, testProbot } from "../helpers/index.js";
import { commandScope } from "../helpers/command-mocks.js";
import { batchCommits, commitsOfBatch, fixtureCommit } from "../helpers/batch-commits.js";
import { fakeSha, filesOf, humanPull, pullFromFixture, recipeBlob, RollbackMocks, type WorldPull } from "../helpers/rollback-mocks.js";

function deliver(body: string, options: Parameters<typeof commentPayload>[1] = {}) {
  return testProbot().receive({ id: `d-${Math.random()}`, name: "issue_comment", payload: commentPayload(body, options) } as never);
}

const HEAD = fakeSha("main head");
const HEAD_TREE = fakeSha("main head tree");
const NEW_TREE = fakeSha("new tree");
const NEW_COMMIT = fakeSha("new commit");

/**
 * 2026-03-03 as it really happened in tsuku: eight hourly batches share the id; seven pull requests
 * from batch/ branches were squash-merged (21 recipes), one (#2087, conduit) never was. Every batch
 * pull request in the fixture is in the list, plus people's pull requests.
 */
const march3 = commitsOfBatch("2026-03-03");
const fixturePulls: WorldPull[] = batchCommits()
  .filter((c) => !c.onMain && c.pull !== undefined)
  .map((c) => pullFromFixture(c));
const allPulls = [...fixturePulls, humanPull(2080, "2026-03-03T05:00:00Z"), humanPull(2139, "2026-03-11T23:00:00Z")];
/** Created 2026-03-01 … 2026-03-05 from batch/ branches: the ones whose commits are read. */
const inWindow = fixturePulls.filter((p) => p.createdAt >= "2026-03-01" && p.createdAt < "2026-03-06");
const march3Pulls = inWindow.filter((p) => march3.some((c) => c.pull === p.number));
const march3Recipes = march3.filter((c) => c.mainSquash).flatMap((c) => c.files.filter((f) => f.path.startsWith("recipes/")).map((f) => f.path));

/** main now: every recipe as the batch left it, except ripgrep (edited since) and libtool (deleted since). */
function march3Head(): Record<string, string> {
  const head: Record<string, string> = { "recipes/t/task.toml": recipeBlob("recipes/t/task.toml", 7), "batch-control.json": fakeSha("control") };
  for (const path of march3Recipes) head[path] = recipeBlob(path);
  head["recipes/r/ripgrep.toml"] = recipeBlob("recipes/r/ripgrep.toml", 2);
  delete head["recipes/l/libtool.toml"];
  return head;
}

const looseMatch = {
  sha: fakeSha("docs commit"),
  message: "docs: runbook example\n\nSee batch_id: 2026-03-03 for the example",
  parents: [fakeSha("p")],
  at: "2026-03-04T10:00:00Z",
};

/**
 * The discovery and planning calls for 2026-03-03. Every recipe was added, yet the tree just before each
 * squash is read too (its merge commit's first parent): a recipe already there when the pull request
 * landed was not added by the batch (issue 14, 2026-02-01-homebrew). Here none was.
 */
function march3Discovery(mocks: RollbackMocks): RollbackMocks {
  mocks.search("2026-03-03", [looseMatch]).pullList(allPulls);
  for (const pull of inWindow) mocks.pullCommits(pull);
  for (const pull of march3Pulls) mocks.pullFiles(pull);
  for (const pull of march3Pulls.filter((p) => p.mergeCommitSha)) {
    mocks
      .gitCommit(pull.mergeCommitSha!, [fakeSha(`before ${pull.number}`)])
      .tree(fakeSha(`before ${pull.number}`), fakeSha(`before tree ${pull.number}`), { "recipes/e/existing.toml": fakeSha("existing") });
  }
  return mocks.head(HEAD).tree(HEAD, HEAD_TREE, march3Head());
}

const REVIEWERS_CONFIG = "rollback:\n  second_reviewers: [bob, alice, acme/release-team]\n";

describe("/rollback of a squash-merged batch found through its pull requests (real tsuku 2026-03-03)", () => {
  test("one commit deleting 19 recipes, the pull request, labels and the second review", async () => {
    expect(march3.length).toBe(8);
    expect(march3Recipes.length).toBe(21);
    const base = commandScope({ config: REVIEWERS_CONFIG }).permission().reply().react("rocket");
    const mocks = new RollbackMocks(base.scope).rollbackBranch("2026-03-03", null);
    march3Discovery(mocks).createTree(NEW_TREE).createCommit(NEW_COMMIT).createRef().createPull(2600);
    mocks.labels(2600, ["batch-ops:rollback", "needs-second-review"]).requestReviewers(2600);

    await deliver("/rollback 2026-03-03 broken checksums in the homebrew recipes");

    expect(base.scope.pendingMocks()).toEqual([]);
    const deleted = march3Recipes.filter((p) => p !== "recipes/r/ripgrep.toml" && p !== "recipes/l/libtool.toml").sort();
    expect(mocks.bodies["tree"]).toEqual({ base_tree: HEAD_TREE, tree: deleted.map((path) => ({ path, mode: "100644", type: "blob", sha: null })) });
    expect(mocks.bodies["commit"]).toEqual({
      message:
        "chore: rollback batch 2026-03-03\n\nbatch_id: 2026-03-03\nrollback_reason: broken checksums in the homebrew recipes\nrequested_by: alice\ncomment: https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400",
      tree: NEW_TREE,
      parents: [HEAD],
    });
    expect(mocks.bodies["ref"]).toEqual({ ref: "refs/heads/rollback-batch-2026-03-03", sha: NEW_COMMIT });
    const pull = mocks.bodies["pull"];
    expect(pull).toMatchObject({ title: "Rollback batch 2026-03-03", head: "rollback-batch-2026-03-03", base: "main" });
    expect(pull.body).toContain("**Reason:** broken checksums in the homebrew recipes");
    expect(pull.body).toContain(
      "**Requested by:** @alice in [this comment](https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400)",
    );
    expect(pull.body).toContain("**Deleted (added by the batch)** (19)");
    expect(pull.body).toContain("- `recipes/a/aftman.toml` (#2082)");
    expect(pull.body).toContain(
      "**Skipped: changed since the batch, needs a person** (1)\n\n- `recipes/r/ripgrep.toml` — changed on the default branch after the batch (#2079)",
    );
    expect(pull.body).toContain("**Skipped: not on the default branch (never merged), ignored** (1)\n\n- `recipes/c/conduit.toml` (#2087)");
    expect(pull.body).toContain("`recipes/l/libtool.toml` — already removed from the default branch after the batch");
    expect(pull.body).toContain(
      "- pull request [#2082](https://github.com/Codertocat/Hello-World/pull/2082) feat\\(recipes\\): add batch recipes (merged as `c07edc7`)",
    );
    expect(pull.body).toContain("- pull request [#2087](https://github.com/Codertocat/Hello-World/pull/2087)");
    expect(pull.body).toContain("(not merged)");
    expect(pull.body).toContain("```\ngit diff main...rollback-batch-2026-03-03\n```");
    expect(pull.body).toContain("label `needs-second-review`, review requested from @bob, @acme/release-team");
    expect(pull.body).not.toContain("docs: runbook example");
    expect(mocks.bodies["labels"]).toEqual({ labels: ["batch-ops:rollback", "needs-second-review"] });
    // The requester is not their own second reviewer.
    expect(mocks.bodies["reviewers"]).toEqual({ reviewers: ["bob"], team_reviewers: ["release-team"] });
    const reply = base.replies[0]!;
    expect(reply).toContain(
      "✅ Opened [#2600](https://github.com/Codertocat/Hello-World/pull/2600) to roll back batch `2026-03-03`: 19 deleted, 0 restored, in one commit",
    );
    expect(reply).toContain("Review with `git diff main...rollback-batch-2026-03-03`.");
    expect(reply).toContain("⚠️ 19 recipes (more than 10)");
    expect(reply).toContain("`recipes/r/ripgrep.toml` — changed on the default branch after the batch");
    expect(reply).not.toContain("recipes/a/aftman.toml"); // the full list is in the pull request
  });

  test("--dry-run replies with the plan and creates nothing", async () => {
    const base = commandScope({ config: REVIEWERS_CONFIG }).permission().reply();
    march3Discovery(new RollbackMocks(base.scope));

    await deliver("/rollback 2026-03-03 --dry-run");

    expect(base.scope.pendingMocks()).toEqual([]);
    const reply = base.replies[0]!;
    expect(reply).toContain(
      "🔎 Dry run for batch `2026-03-03`: 19 to delete, 0 to restore, 1 changed since the batch, 1 never merged. Nothing was created.",
    );
    expect(reply).toContain("would get the label `needs-second-review`, would request review from @bob, @acme/release-team");
    expect(reply).toContain("**Would delete (added by the batch)** (19)");
    expect(reply).toContain("- `recipes/z/zeromq.toml` (#2084)");
    expect(reply).toContain("Run `/rollback 2026-03-03 <reason>` to open the pull request.");
  });

  test("an open rollback pull request: its link, and nothing searched or created", async () => {
    const base = commandScope().permission().reply().react("+1");
    const open: WorldPull = {
      number: 2600,
      title: "Rollback batch 2026-03-03",
      headRef: "rollback-batch-2026-03-03",
      createdAt: "2026-11-27T09:00:00Z",
      mergedAt: null,
      mergeCommitSha: null,
      state: "open",
      commits: [],
      files: [],
    };
    new RollbackMocks(base.scope).rollbackBranch("2026-03-03", NEW_COMMIT).pullsFromBranch("2026-03-03", [open]);

    await deliver("/rollback 2026-03-03 again");

    expect(base.scope.pendingMocks()).toEqual([]);
    expect(base.replies[0]).toContain(
      "👍 Batch `2026-03-03` already has a rollback pull request: [#2600](https://github.com/Codertocat/Hello-World/pull/2600). Nothing new was created.",
    );
  });

  test("a concurrent attempt created the branch first: no second branch or pull request", async () => {
    const base = commandScope().permission().reply().react("+1");
    const mocks = new RollbackMocks(base.scope).rollbackBranch("2026-03-03", null);
    march3Discovery(mocks).createTree(NEW_TREE).createCommit(NEW_COMMIT).createRef(422);
    const open: WorldPull = {
      number: 2601,
      title: "Rollback batch 2026-03-03",
      headRef: "rollback-batch-2026-03-03",
      createdAt: "2026-11-27T09:00:00Z",
      mergedAt: null,
      mergeCommitSha: null,
      state: "open",
      commits: [],
      files: [],
    };
    // Read twice: to tell "it exists now" from a refusal, then to see what the other attempt made.
    mocks
      .rollbackBranch("2026-03-03", fakeSha("other attempt"))
      .rollbackBranch("2026-03-03", fakeSha("other attempt"))
      .pullsFromBranch("2026-03-03", [open]);

    await deliver("/rollback 2026-03-03");

    expect(base.scope.pendingMocks()).toEqual([]);
    expect(base.replies[0]).toContain("already has a rollback pull request: [#2601]");
  });
});

/**
 * The legacy per-ecosystem batch 2026-02-06-homebrew (#1516), in a repository that merges with merge
 * commits, so the batch commit itself is on the default branch and commit search finds it. The real
 * file list gains one modified recipe (xz, which an earlier batch added) to exercise the restore.
 */
const legacy = fixtureCommit("a4d71764e8bcc589f96e2e5b73db47d8a46c8b3a");
const legacyFiles = [...filesOf(legacy), { filename: "recipes/x/xz.toml", status: "modified", sha: recipeBlob("recipes/x/xz.toml") }];
const legacyPull = pullFromFixture(legacy, { mergedAt: "2026-02-06T21:00:00Z", mergeCommitSha: fakeSha("merge 1516"), files: legacyFiles });
const legacyOnMain = { sha: legacy.sha, message: legacy.message, parents: legacy.parents, at: "2026-02-06T21:00:00Z" };
const BEFORE_TREE = fakeSha("before tree");

function legacyDiscovery(mocks: RollbackMocks, id: string, search = [legacyOnMain], incomplete = false): RollbackMocks {
  mocks.search(id, search, search.length, incomplete);
  if (search.some((c) => c.message.split("\n").includes(`batch_id: ${id}`))) mocks.commitFiles(legacy.sha, legacyFiles);
  mocks.pullList([legacyPull, humanPull(1400, "2026-02-01T10:00:00Z"), humanPull(1530, "2026-02-07T10:00:00Z")]).pullCommits(legacyPull);
  return mocks;
}

function legacyPlanReads(mocks: RollbackMocks): RollbackMocks {
  return mocks
    .head(HEAD)
    .tree(HEAD, HEAD_TREE, {
      "recipes/n/nasm.toml": recipeBlob("recipes/n/nasm.toml"),
      "recipes/t/tree-sitter-cli.toml": recipeBlob("recipes/t/tree-sitter-cli.toml"),
      "recipes/x/xz.toml": recipeBlob("recipes/x/xz.toml"),
    })
    .tree(legacy.parents[0]!, BEFORE_TREE, { "recipes/x/xz.toml": recipeBlob("recipes/x/xz.toml", 0) }, { "recipes/x/xz.toml": "100755" });
}

describe("/rollback of a batch whose commit is on the default branch", () => {
  test("added recipes deleted, the modified one restored to its earlier blob (with its mode), in one commit", async () => {
    const base = commandScope().permission().reply().react("rocket");
    const mocks = new RollbackMocks(base.scope).rollbackBranch("2026-02-06-homebrew", null);
    legacyPlanReads(legacyDiscovery(mocks, "2026-02-06-homebrew"));
    mocks.createTree(NEW_TREE).createCommit(NEW_COMMIT).createRef().createPull(2601).labels(2601, ["batch-ops:rollback"]);

    await deliver("/rollback 2026-02-06-homebrew");

    expect(base.scope.pendingMocks()).toEqual([]);
    expect(mocks.bodies["tree"]).toEqual({
      base_tree: HEAD_TREE,
      tree: [
        { path: "recipes/n/nasm.toml", mode: "100644", type: "blob", sha: null },
        { path: "recipes/t/tree-sitter-cli.toml", mode: "100644", type: "blob", sha: null },
        { path: "recipes/x/xz.toml", mode: "100755", type: "blob", sha: recipeBlob("recipes/x/xz.toml", 0) },
      ],
    });
    expect(mocks.bodies["commit"].message).toContain("rollback_reason: manual rollback request\n");
    expect(mocks.bodies["labels"]).toEqual({ labels: ["batch-ops:rollback"] });
    expect(mocks.bodies["pull"].body).toContain("**Restored to their content before the batch** (1)\n\n- `recipes/x/xz.toml` (`a4d7176`)");
    expect(mocks.bodies["pull"].body).toContain(
      "- commit [`a4d7176`](https://github.com/Codertocat/Hello-World/commit/a4d71764e8bcc589f96e2e5b73db47d8a46c8b3a) feat\\(recipes\\): add batch 2026-02-06-homebrew recipes (on the default branch)",
    );
    // The merged pull request carried the same commit: not counted twice.
    expect(mocks.bodies["pull"].body).not.toContain("#1516");
    expect(mocks.bodies["pull"].body).not.toContain("needs-second-review");
    expect(base.replies[0]).toContain("2 deleted, 1 restored");
  });

  test("2026-02-06 is not 2026-02-06-homebrew: loose search hits are re-checked, nothing found, nothing created", async () => {
    const base = commandScope().permission().reply();
    legacyDiscovery(new RollbackMocks(base.scope).rollbackBranch("2026-02-06", null), "2026-02-06");

    await deliver("/rollback 2026-02-06");

    expect(base.scope.pendingMocks()).toEqual([]);
    const reply = base.replies[0]!;
    expect(reply).toContain("🤷 No recipes found for batch `2026-02-06`. Nothing was created.");
    expect(reply).toContain("- commit search on `main` for `batch_id: 2026-02-06`: 1 loose match, 0 with that exact line.");
    expect(reply).toContain(
      "- pull requests from `batch/` branches created 2026-02-04 to 2026-02-08 (UTC): 1 examined, 0 with commits carrying that exact line.",
    );
    expect(reply).toContain("- only paths under `recipes/` count.");
  });

  test("a half-finished earlier attempt (branch, no pull request) is completed without a second commit", async () => {
    const base = commandScope().permission().reply().react("rocket");
    const earlier = fakeSha("earlier attempt");
    const mocks = new RollbackMocks(base.scope).rollbackBranch("2026-02-06-homebrew", earlier).pullsFromBranch("2026-02-06-homebrew", []);
    mocks.gitCommit(
      earlier,
      [HEAD],
      "chore: rollback batch 2026-02-06-homebrew\n\nbatch_id: 2026-02-06-homebrew\nrollback_reason: nasm fails on arm64\nrequested_by: bob",
    );
    legacyPlanReads(legacyDiscovery(mocks, "2026-02-06-homebrew"));
    mocks.createPull(2602).labels(2602, ["batch-ops:rollback"]);

    await deliver("/rollback 2026-02-06-homebrew");

    expect(base.scope.pendingMocks()).toEqual([]);
    expect(mocks.bodies["tree"]).toBeUndefined();
    expect(mocks.bodies["commit"]).toBeUndefined();
    expect(mocks.bodies["pull"].body).toContain("**Reason:** nasm fails on arm64");
    expect(mocks.bodies["pull"].body).toContain("The branch was created by an earlier attempt (commit `" + earlier.slice(0, 7) + "`)");
    expect(base.replies[0]).toContain("✅ Completed an earlier attempt: opened [#2602]");
    expect(base.replies[0]).toContain("no second commit was made");
  });

  test("the pull request cannot be opened after the branch was made: says so, and how to finish", async () => {
    const base = commandScope().permission().reply().react("confused");
    const mocks = new RollbackMocks(base.scope).rollbackBranch("2026-02-06-homebrew", null);
    legacyPlanReads(legacyDiscovery(mocks, "2026-02-06-homebrew"));
    mocks.createTree(NEW_TREE).createCommit(NEW_COMMIT).createRef().createPull(0, 500);

    await deliver("/rollback 2026-02-06-homebrew");

    expect(base.scope.pendingMocks()).toEqual([]);
    expect(base.replies[0]).toContain(
      `❌ Branch \`rollback-batch-2026-02-06-homebrew\` was created (commit \`${NEW_COMMIT.slice(0, 7)}\`) but the pull request could not be opened: Server Error. Run \`/rollback 2026-02-06-homebrew\` again to finish it; no second commit will be made.`,
    );
  });

  test("the App lacks pull_requests: write (403 Resource not accessible by integration): the reply names the permission", async () => {
    const base = commandScope().permission().reply().react("confused");
    const mocks = new RollbackMocks(base.scope).rollbackBranch("2026-02-06-homebrew", null);
    legacyPlanReads(legacyDiscovery(mocks, "2026-02-06-homebrew"));
    mocks.createTree(NEW_TREE).createCommit(NEW_COMMIT).createRef();
    base.scope.post("/repos/Codertocat/Hello-World/pulls").reply(403, {
      message: "Resource not accessible by integration",
      documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
      status: "403",
    });

    await deliver("/rollback 2026-02-06-homebrew");

    expect(base.scope.pendingMocks()).toEqual([]);
    expect(base.replies[0]).toContain(
      `❌ Branch \`rollback-batch-2026-02-06-homebrew\` was created (commit \`${NEW_COMMIT.slice(0, 7)}\`) but the pull request could not be opened: Resource not accessible by integration (the batch-ops App lacks the "Pull requests: write" permission on this repository`,
    );
    expect(base.replies[0]).toContain("then the command finishes the rollback). Run `/rollback 2026-02-06-homebrew` again to finish it");
  });

  test("GitHub says the pull request already exists (a retried request): that one is labelled and linked", async () => {
    const base = commandScope().permission().reply().react("+1");
    const mocks = new RollbackMocks(base.scope).rollbackBranch("2026-02-06-homebrew", null);
    legacyPlanReads(legacyDiscovery(mocks, "2026-02-06-homebrew"));
    mocks.createTree(NEW_TREE).createCommit(NEW_COMMIT).createRef().createPull(0, 422);
    const open: WorldPull = {
      number: 2604,
      title: "Rollback batch 2026-02-06-homebrew",
      headRef: "rollback-batch-2026-02-06-homebrew",
      createdAt: "2026-11-27T10:00:00Z",
      mergedAt: null,
      mergeCommitSha: null,
      state: "open",
      commits: [],
      files: [],
    };
    mocks.pullsFromBranch("2026-02-06-homebrew", [open]).labels(2604, ["batch-ops:rollback"]);

    await deliver("/rollback 2026-02-06-homebrew");

    expect(base.scope.pendingMocks()).toEqual([]);
    expect(mocks.bodies["labels"]).toEqual({ labels: ["batch-ops:rollback"] });
    expect(base.replies[0]).toContain("already has a rollback pull request: [#2604]");
  });

  test("a failed review request is reported; the pull request stands", async () => {
    const base = commandScope({ config: "rollback:\n  second_reviewers: [carol]\n" }).permission().reply().react("rocket");
    const mocks = new RollbackMocks(base.scope).rollbackBranch("2026-03-03", null);
    march3Discovery(mocks).createTree(NEW_TREE).createCommit(NEW_COMMIT).createRef().createPull(2603);
    mocks.labels(2603, ["batch-ops:rollback", "needs-second-review"]).requestReviewers(2603, 422);

    await deliver("/rollback 2026-03-03");

    expect(base.scope.pendingMocks()).toEqual([]);
    expect(mocks.bodies["reviewers"]).toEqual({ reviewers: ["carol"], team_reviewers: [] });
    expect(base.replies[0]).toContain("✅ Opened [#2603]");
    expect(base.replies[0]).toContain(
      "⚠️ the second review could not be requested: GitHub answered 422: Reviews may only be requested from collaborators.",
    );
  });

  test("everything changed since the batch: nothing to roll back, nothing created", async () => {
    const base = commandScope().permission().reply().react("+1");
    const mocks = new RollbackMocks(base.scope).rollbackBranch("2026-02-06-homebrew", null);
    legacyDiscovery(mocks, "2026-02-06-homebrew")
      .head(HEAD)
      .tree(HEAD, HEAD_TREE, { "recipes/n/nasm.toml": recipeBlob("recipes/n/nasm.toml", 3), "recipes/x/xz.toml": recipeBlob("recipes/x/xz.toml", 3) })
      .tree(legacy.parents[0]!, BEFORE_TREE, { "recipes/x/xz.toml": recipeBlob("recipes/x/xz.toml", 0) });

    await deliver("/rollback 2026-02-06-homebrew");

    expect(base.scope.pendingMocks()).toEqual([]);
    expect(base.replies[0]).toContain(
      "👍 Nothing to roll back for batch `2026-02-06-homebrew` (0 to delete, 0 to restore, 2 changed since the batch, 0 never merged). Nothing was created.",
    );
  });
});

describe("/rollback of a batch pull request merged with a merge commit, with a fix-up commit", () => {
  test("the fix-up's recipe and the fixed recipe are both deleted: the pull request, not its batch commit alone, is what landed", async () => {
    const base = commandScope().permission().reply().react("rocket");
    const c1 = { sha: fakeSha("c1"), message: "feat(recipes): add batch recipes\n\nbatch_id: 2026-03-03" };
    const c2 = { sha: fakeSha("c2"), message: "fix(recipes): correct alpha, add gamma" };
    const merge = fakeSha("merge 2100");
    const alpha = "recipes/a/alpha.toml";
    const gamma = "recipes/g/gamma.toml";
    const batchPull: WorldPull = {
      number: 2100,
      title: "feat(recipes): add batch recipes",
      headRef: "batch/20260303-0600",
      createdAt: "2026-03-03T06:00:00Z",
      mergedAt: "2026-03-03T06:20:00Z",
      mergeCommitSha: merge,
      state: "closed",
      commits: [c1, c2],
      files: [
        { filename: alpha, status: "added", sha: recipeBlob(alpha, 2) },
        { filename: gamma, status: "added", sha: recipeBlob(gamma) },
      ],
    };
    const mocks = new RollbackMocks(base.scope).rollbackBranch("2026-03-03", null);
    mocks
      .search("2026-03-03", [{ ...c1, parents: [fakeSha("branch base")], at: "2026-03-03T06:00:00Z" }])
      .commitFiles(c1.sha, [{ filename: alpha, status: "added", sha: recipeBlob(alpha, 1) }]);
    mocks.pullList([batchPull]).pullCommits(batchPull).pullFiles(batchPull);
    mocks.gitCommit(merge, [fakeSha("main before"), c2.sha], "Merge pull request #2100 from Codertocat/batch/20260303-0600");
    mocks
      .head(HEAD)
      .tree(HEAD, HEAD_TREE, { [alpha]: recipeBlob(alpha, 2), [gamma]: recipeBlob(gamma) })
      .tree(fakeSha("main before"), BEFORE_TREE, {});
    mocks.createTree(NEW_TREE).createCommit(NEW_COMMIT).createRef().createPull(2605).labels(2605, ["batch-ops:rollback"]);

    await deliver("/rollback 2026-03-03");

    expect(base.scope.pendingMocks()).toEqual([]);
    expect(mocks.bodies["tree"]).toEqual({
      base_tree: HEAD_TREE,
      tree: [
        { path: alpha, mode: "100644", type: "blob", sha: null },
        { path: gamma, mode: "100644", type: "blob", sha: null },
      ],
    });
    expect(mocks.bodies["pull"].body).toContain("pull request [#2100]");
    expect(base.replies[0]).toContain("2 deleted, 0 restored");
  });
});

describe("a partial view of the batch is never rolled back as if complete", () => {
  test("commit search timed out (incomplete_results): refused before any tree read or write, with what to do", async () => {
    const base = commandScope().permission().reply().react("confused");
    legacyDiscovery(new RollbackMocks(base.scope).rollbackBranch("2026-02-06-homebrew", null), "2026-02-06-homebrew", [legacyOnMain], true);

    await deliver("/rollback 2026-02-06-homebrew");

    expect(base.scope.pendingMocks()).toEqual([]);
    expect(base.replies[0]).toContain(
      "⚠️ Part of batch `2026-02-06-homebrew` may be missing: GitHub's commit search timed out and answered incompletely (usually passes: try again in a minute).",
    );
    expect(base.replies[0]).toContain("Nothing was created: a rollback of part of the batch would look complete.");
    expect(base.replies[0]).toContain("`batch-ops rollback 2026-02-06-homebrew`");
  });

  test("--dry-run still shows the plan, with the warning", async () => {
    const base = commandScope().permission().reply();
    legacyPlanReads(legacyDiscovery(new RollbackMocks(base.scope), "2026-02-06-homebrew", [legacyOnMain], true));

    await deliver("/rollback 2026-02-06-homebrew --dry-run");

    expect(base.scope.pendingMocks()).toEqual([]);
    expect(base.replies[0]).toContain("🔎 Dry run for batch `2026-02-06-homebrew`: 2 to delete, 1 to restore");
    expect(base.replies[0]).toContain("⚠️ Part of batch `2026-02-06-homebrew` may be missing: GitHub's commit search timed out");
  });

  test("a batch pull request at GitHub's 3000-file list cap: refused, nothing planned or created", async () => {
    const base = commandScope().permission().reply().react("confused");
    const files = Array.from({ length: 3000 }, (_, i) => {
      const path = `recipes/b/big-${String(i).padStart(4, "0")}.toml`;
      return { filename: path, status: "added", sha: recipeBlob(path) };
    });
    const big = pullFromFixture(legacy, { number: 1600, mergedAt: "2026-02-06T21:00:00Z", mergeCommitSha: fakeSha("squash 1600"), files });
    const mocks = new RollbackMocks(base.scope).rollbackBranch("2026-02-06-homebrew", null).search("2026-02-06-homebrew", []);
    mocks.pullList([big]).pullCommits(big).pullFiles(big);

    await deliver("/rollback 2026-02-06-homebrew");

    expect(base.scope.pendingMocks()).toEqual([]);
    expect(base.replies[0]).toContain(
      "⚠️ Part of batch `2026-02-06-homebrew` may be missing: GitHub lists at most 3,000 changed files of a commit or pull request, and #1600 reached that limit.",
    );
    expect(base.replies[0]).toContain("Nothing was created");
  });
});

describe("refusals", () => {
  test.each(["../../etc/passwd", "2026-1-28", "2026-01-28;rm", "`x`"])("bad id %s: refused before any API call", async (id) => {
    const base = commandScope().permission().reply().react("confused");

    await deliver(`/rollback ${id}`);

    expect(base.scope.pendingMocks()).toEqual([]);
    expect(base.replies[0]).toMatch(/😕 .* Nothing was searched\./);
    expect(base.replies[0]).toContain("Usage: `/rollback <batch_id> [--dry-run] [reason…]`");
  });

  test("no id", async () => {
    const base = commandScope().permission().reply().react("confused");
    await deliver("/rollback");
    expect(base.scope.pendingMocks()).toEqual([]);
    expect(base.replies[0]).toContain("😕 a batch id is required.");
  });

  test("a configured pattern narrows the ids", async () => {
    const base = commandScope({ config: 'rollback:\n  batch_id_pattern: "^\\\\d{4}-\\\\d{2}-\\\\d{2}-\\\\d{3}$"\n' })
      .permission()
      .reply()
      .react("confused");
    await deliver("/rollback 2026-02-04-homebrew");
    expect(base.scope.pendingMocks()).toEqual([]);
    expect(base.replies[0]).toContain("does not match `rollback.batch_id_pattern`");
  });

  test("read permission is not enough (write by default)", async () => {
    const base = commandScope({ permission: "read" }).permission().reply().react("confused");
    await deliver("/rollback 2026-03-03");
    expect(base.scope.pendingMocks()).toEqual([]);
    expect(base.replies[0]).toContain("needs **write** permission");
  });

  test("a branch with a merged rollback still there: refused with what to do", async () => {
    const base = commandScope().permission().reply().react("confused");
    const merged: WorldPull = {
      number: 2599,
      title: "Rollback batch 2026-03-03",
      headRef: "rollback-batch-2026-03-03",
      createdAt: "2026-11-20T09:00:00Z",
      mergedAt: "2026-11-20T10:00:00Z",
      mergeCommitSha: fakeSha("m"),
      state: "closed",
      commits: [],
      files: [],
    };
    new RollbackMocks(base.scope).rollbackBranch("2026-03-03", fakeSha("old")).pullsFromBranch("2026-03-03", [merged]);
    await deliver("/rollback 2026-03-03");
    expect(base.scope.pendingMocks()).toEqual([]);
    expect(base.replies[0]).toContain(
      "[#2599](https://github.com/Codertocat/Hello-World/pull/2599) was merged. Delete the branch to roll this batch back again.",
    );
  });

  test("a branch of that name the app did not make: refused", async () => {
    const base = commandScope().permission().reply().react("confused");
    const sha = fakeSha("someone's");
    new RollbackMocks(base.scope)
      .rollbackBranch("2026-03-03", sha)
      .pullsFromBranch("2026-03-03", [])
      .gitCommit(sha, [HEAD], "wip: my own experiments");
    await deliver("/rollback 2026-03-03");
    expect(base.scope.pendingMocks()).toEqual([]);
    expect(base.replies[0]).toContain("exists but its last commit is not a batch-ops rollback of this batch");
  });
});
