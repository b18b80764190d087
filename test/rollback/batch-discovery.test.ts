import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { discoverBatch } from "../../src/rollback/batch-discovery.js";
import type { RepoRef } from "../../src/core/github.js";
import { UnthrottledOctokit } from "../helpers/octokit.js";
import { fixtureCommit } from "../helpers/batch-commits.js";
import { API, OWNER, REPO } from "../helpers/index.js";
import { fakeSha, filesOf, humanPull, pullFromFixture, RollbackMocks, type WorldPull } from "../helpers/rollback-mocks.js";

const repo: RepoRef = { owner: OWNER, repo: REPO, defaultBranch: "main", htmlUrl: `https://github.com/${OWNER}/${REPO}` };
const github = () => new UnthrottledOctokit({ auth: { token: "t" } });

const batch = fixtureCommit("1538167091d4eb705230dd0759299c25099809ab"); // 2026-03-03, PR #2082, 6 recipes

describe("discoverBatch", () => {
  test("a rebase merge: the rebased commit found on main stands for the pull request, which is not read twice", async () => {
    const rebased = fakeSha("rebased 1538167");
    const pull = pullFromFixture(batch, { mergeCommitSha: rebased });
    const mocks = new RollbackMocks(nock(API));
    mocks
      .search("2026-03-03", [{ sha: rebased, message: batch.message, parents: [fakeSha("main before")], at: "2026-03-03T06:20:00Z" }])
      .commitFiles(rebased, filesOf(batch));
    mocks.pullList([pull, humanPull(1, "2026-02-01T00:00:00Z")]).pullCommits(pull);

    const found = await discoverBatch(github(), repo, "2026-03-03", "batch/");

    expect(found.sources).toHaveLength(1);
    expect(found.sources[0]).toMatchObject({ kind: "commit", key: rebased, merged: true, beforeSha: fakeSha("main before") });
    expect(found.sources[0]!.files.filter((f) => f.path.startsWith("recipes/"))).toHaveLength(6);
    expect(found.report).toMatchObject({ searchTotal: 1, exactCommits: 1, pullsExamined: 1, pullsMatched: 0 });
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("merged into another branch is not on the default branch; a fork's or a person's branch is not a batch branch", async () => {
    const intoRelease = pullFromFixture(batch, { baseRef: "release" });
    const person = { ...humanPull(2090, "2026-03-03T09:00:00Z"), headRef: "alice/batch-fix" };
    const fork = pullFromFixture(batch, { number: 2091, headRepo: "mallory/tsuku", createdAt: "2026-03-03T10:00:00Z" });
    const mocks = new RollbackMocks(nock(API)).search("2026-03-03", []);
    mocks.pullList([intoRelease, person, fork]).pullCommits(intoRelease).pullFiles(intoRelease);

    const found = await discoverBatch(github(), repo, "2026-03-03", "batch/");

    expect(found.sources).toEqual([expect.objectContaining({ kind: "pull", key: "2082", merged: false, landingSha: null })]);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("an id naming no date: every pull request page is read, every batch branch examined", async () => {
    const message = "feat(recipes): nightly\n\nbatch_id: nightly-42";
    const older = { ...pullFromFixture(batch), number: 10, createdAt: "2025-01-01T00:00:00Z", commits: [{ sha: fakeSha("n42"), message }] };
    const newer = {
      ...pullFromFixture(batch),
      number: 11,
      createdAt: "2026-06-01T00:00:00Z",
      commits: [{ sha: fakeSha("n43"), message: message.replace("42", "43") }],
    };
    const mocks = new RollbackMocks(nock(API)).search("nightly-42", []);
    mocks.pullList([older, newer]).pullCommits(older).pullCommits(newer).pullFiles(older);

    const found = await discoverBatch(github(), repo, "nightly-42", "batch/");

    expect(found.report.window).toBeUndefined();
    expect(found.sources.map((s) => s.key)).toEqual(["10"]);
    expect(mocks.scope.isDone()).toBe(true);
  });

  describe("a merged batch pull request of several commits stands for all of them, from the default branch just before it", () => {
    const batchMessage = "feat(recipes): add batch recipes\n\nbatch_id: 2026-03-03";
    const fixupMessage = "fix(recipes): correct the checksum of alpha";
    const thirdMessage = "fix(recipes): add the missing gamma";
    const files = [
      { filename: "recipes/a/alpha.toml", status: "added", sha: fakeSha("alpha v2") },
      { filename: "recipes/g/gamma.toml", status: "added", sha: fakeSha("gamma") },
    ];
    const pull = (commits: { sha: string; message: string }[], mergeCommitSha: string): WorldPull => ({
      number: 2100,
      title: "feat(recipes): add batch recipes",
      headRef: "batch/20260303-0600",
      createdAt: "2026-03-03T06:00:00Z",
      mergedAt: "2026-03-03T06:20:00Z",
      mergeCommitSha,
      state: "closed",
      commits,
      files,
    });
    const at = "2026-03-03T06:20:00Z";

    test("merge commit: the batch commit found on main does not hide the fix-up commits; no commit is counted twice", async () => {
      const c1 = { sha: fakeSha("c1"), message: batchMessage };
      const c2 = { sha: fakeSha("c2"), message: fixupMessage };
      const merge = fakeSha("merge 2100");
      const mocks = new RollbackMocks(nock(API));
      mocks
        .search("2026-03-03", [{ ...c1, parents: [fakeSha("branch base")], at: "2026-03-03T06:00:00Z" }])
        .commitFiles(c1.sha, [{ filename: "recipes/a/alpha.toml", status: "added", sha: fakeSha("alpha v1") }]);
      const batchPull = pull([c1, c2], merge);
      mocks.pullList([batchPull]).pullCommits(batchPull).pullFiles(batchPull);
      mocks.gitCommit(merge, [fakeSha("main before"), c2.sha], "Merge pull request #2100 from Codertocat/batch/20260303-0600");

      const found = await discoverBatch(github(), repo, "2026-03-03", "batch/");

      expect(found.sources).toHaveLength(1);
      expect(found.sources[0]).toMatchObject({ kind: "pull", key: "2100", merged: true, landingSha: merge, beforeSha: fakeSha("main before") });
      expect(found.sources[0]!.files.map((f) => f.path)).toEqual(["recipes/a/alpha.toml", "recipes/g/gamma.toml"]);
      expect(found.report).toMatchObject({ exactCommits: 1, pullsMatched: 1 });
      expect(mocks.scope.isDone()).toBe(true);
    });

    test("rebase merge of three commits: walked back commit by commit (messages checked) to the default branch before the first", async () => {
      const commits = [
        { sha: fakeSha("c1"), message: batchMessage },
        { sha: fakeSha("c2"), message: fixupMessage },
        { sha: fakeSha("c3"), message: thirdMessage },
      ];
      const copies = commits.map((c) => fakeSha(`rebased ${c.sha}`));
      const mocks = new RollbackMocks(nock(API));
      // The rebased copies share one commit time: their order cannot come from it.
      mocks
        .search("2026-03-03", [{ sha: copies[0]!, message: batchMessage, parents: [fakeSha("main before")], at }])
        .commitFiles(copies[0]!, [{ filename: "recipes/a/alpha.toml", status: "added", sha: fakeSha("alpha v1") }]);
      const batchPull = pull(commits, copies[2]!);
      mocks.pullList([batchPull]).pullCommits(batchPull).pullFiles(batchPull);
      mocks
        .gitCommit(copies[2]!, [copies[1]!], thirdMessage)
        .gitCommit(copies[1]!, [copies[0]!], fixupMessage)
        .gitCommit(copies[0]!, [fakeSha("main before")], batchMessage);

      const found = await discoverBatch(github(), repo, "2026-03-03", "batch/");

      expect(found.sources).toHaveLength(1);
      expect(found.sources[0]).toMatchObject({ kind: "pull", key: "2100", landingSha: copies[2], beforeSha: fakeSha("main before") });
      expect(mocks.scope.isDone()).toBe(true);
    });

    test("squash of several commits: one commit, whose parent is the default branch before", async () => {
      const commits = [
        { sha: fakeSha("c1"), message: batchMessage },
        { sha: fakeSha("c2"), message: fixupMessage },
      ];
      const squash = fakeSha("squash 2100");
      const mocks = new RollbackMocks(nock(API)).search("2026-03-03", []);
      const batchPull = pull(commits, squash);
      mocks.pullList([batchPull]).pullCommits(batchPull).pullFiles(batchPull);
      mocks.gitCommit(squash, [fakeSha("main before")], `feat(recipes): add batch recipes (#2100)\n\n* ${batchMessage}\n\n* ${fixupMessage}`);

      const found = await discoverBatch(github(), repo, "2026-03-03", "batch/");

      expect(found.sources).toEqual([expect.objectContaining({ kind: "pull", landingSha: squash, beforeSha: fakeSha("main before") })]);
      expect(mocks.scope.isDone()).toBe(true);
    });
  });
});
