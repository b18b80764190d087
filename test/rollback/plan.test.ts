import { describe, expect, test } from "@jest/globals";
import { changeCount, classify, needsSecondReview, pathHistories, sourcesNeedingBefore, type BlobEntry } from "../../src/rollback/plan.js";
import { toSourceFiles, type BatchSource } from "../../src/rollback/sources.js";
import { commitsOfBatch } from "../helpers/batch-commits.js";
import { fakeSha, recipeBlob } from "../helpers/rollback-mocks.js";

function source(key: string, files: BatchSource["files"], extra: Partial<BatchSource> = {}): BatchSource {
  return {
    kind: "pull",
    key,
    url: `https://github.com/o/r/pull/${key}`,
    title: "t",
    merged: true,
    landingSha: fakeSha(key),
    beforeSha: fakeSha(`before ${key}`),
    at: "2026-03-03T00:00:00Z",
    files,
    ...extra,
  };
}

const blobs = (entries: Record<string, string>) =>
  new Map<string, BlobEntry>(Object.entries(entries).map(([p, sha]) => [p, { sha, mode: "100644" }]));

function plan(sources: BatchSource[], head: Record<string, string>, before: Record<string, Record<string, string>> = {}) {
  const histories = pathHistories(sources, "recipes/");
  return classify({ batchId: "b", sources, histories, head: blobs(head), before: new Map(Object.entries(before).map(([k, v]) => [k, blobs(v)])) });
}

describe("classification per path", () => {
  test("added and still as the batch left it → delete", () => {
    const p = plan([source("1", [{ path: "recipes/a/x.toml", status: "added", blob: "b1" }])], { "recipes/a/x.toml": "b1" });
    expect(p.deletes).toEqual([expect.objectContaining({ path: "recipes/a/x.toml", mode: "100644" })]);
    expect(changeCount(p)).toBe(1);
  });

  test("modified and unchanged since → restore the blob from before the batch (no content needed)", () => {
    const s = source("1", [{ path: "recipes/a/x.toml", status: "modified", blob: "b1" }]);
    const p = plan([s], { "recipes/a/x.toml": "b1" }, { "1": { "recipes/a/x.toml": "b0" } });
    expect(p.restores).toEqual([expect.objectContaining({ path: "recipes/a/x.toml", sha: "b0", mode: "100644" })]);
  });

  test("changed on the default branch after the batch → left for a person", () => {
    const p = plan(
      [
        source("1", [
          { path: "recipes/a/x.toml", status: "added", blob: "b1" },
          { path: "recipes/a/y.toml", status: "modified", blob: "y1" },
          { path: "recipes/a/z.toml", status: "modified", blob: "z1" },
        ]),
      ],
      { "recipes/a/x.toml": "b2", "recipes/a/y.toml": "y2" },
      { "1": { "recipes/a/y.toml": "y0", "recipes/a/z.toml": "z0" } },
    );
    expect(p.changedSince.map((s) => [s.path, s.why])).toEqual([
      ["recipes/a/x.toml", "changed on the default branch after the batch"],
      ["recipes/a/y.toml", "changed on the default branch after the batch"],
      ["recipes/a/z.toml", "deleted from the default branch after the batch"],
    ]);
    expect(changeCount(p)).toBe(0);
  });

  test("added and already gone from the default branch → nothing to undo", () => {
    const p = plan([source("1", [{ path: "recipes/a/x.toml", status: "added", blob: "b1" }])], {});
    expect(p.nothingToDo).toEqual([
      expect.objectContaining({ path: "recipes/a/x.toml", why: "already removed from the default branch after the batch" }),
    ]);
  });

  test("only in a pull request that never merged → ignored and listed", () => {
    const p = plan([source("9", [{ path: "recipes/c/conduit.toml", status: "added", blob: "c1" }], { merged: false, landingSha: null })], {});
    expect(p.notMerged).toEqual([expect.objectContaining({ path: "recipes/c/conduit.toml" })]);
    expect(p.deletes).toEqual([]);
  });

  test("a path both merged and in an unmerged pull request counts as merged only", () => {
    const merged = source("1", [{ path: "recipes/t/task.toml", status: "added", blob: "t1" }]);
    const open = source("2", [{ path: "recipes/t/task.toml", status: "added", blob: "t9" }], { merged: false });
    const p = plan([merged, open], { "recipes/t/task.toml": "t1" });
    expect(p.deletes.map((d) => d.path)).toEqual(["recipes/t/task.toml"]);
    expect(p.notMerged).toEqual([]);
  });

  test("removed by the batch and still absent → restored; a rename is a removal plus an addition", () => {
    const s = source("1", toSourceFiles([{ path: "recipes/n/new.toml", status: "renamed", blob: "n1", previousPath: "recipes/o/old.toml" }]));
    const p = plan([s], { "recipes/n/new.toml": "n1" }, { "1": { "recipes/o/old.toml": "o0" } });
    expect(p.deletes.map((d) => d.path)).toEqual(["recipes/n/new.toml"]);
    expect(p.restores).toEqual([expect.objectContaining({ path: "recipes/o/old.toml", sha: "o0" })]);
  });

  test("several sources of one id: the first decides the before state, the last what the batch left", () => {
    const first = source("1", [{ path: "recipes/a/x.toml", status: "modified", blob: "x1" }], { at: "2026-03-03T01:00:00Z" });
    const second = source(
      "2",
      [
        { path: "recipes/a/x.toml", status: "modified", blob: "x2" },
        { path: "recipes/a/w.toml", status: "added", blob: "w1" },
      ],
      { at: "2026-03-03T05:00:00Z" },
    );
    const third = source("3", [{ path: "recipes/a/w.toml", status: "removed", blob: null }], { at: "2026-03-03T09:00:00Z" });
    // Given out of order on purpose.
    const histories = pathHistories([third, second, first], "recipes/");
    // The first source of every path: added paths too (was the path already on the default branch?).
    expect(sourcesNeedingBefore(histories.merged)).toEqual([first, second]);
    const p = plan([third, second, first], { "recipes/a/x.toml": "x2" }, { "1": { "recipes/a/x.toml": "x0" } });
    expect(p.restores).toEqual([expect.objectContaining({ path: "recipes/a/x.toml", sha: "x0" })]);
    expect(p.nothingToDo).toEqual([expect.objectContaining({ path: "recipes/a/w.toml", why: "added and removed again by the batch" })]);
  });

  test("content before the batch missing from the before tree → a person decides, nothing guessed", () => {
    const p = plan([source("1", [{ path: "recipes/a/x.toml", status: "modified", blob: "x1" }])], { "recipes/a/x.toml": "x1" }, { "1": {} });
    expect(p.changedSince).toEqual([expect.objectContaining({ why: "its content before the batch could not be found" })]);
  });

  test("paths outside recipes_dir are never planned (failure and metrics records stay)", () => {
    const commit = commitsOfBatch("2026-03-03").find((c) => c.sha.startsWith("1538167"))!;
    const s = source("2082", toSourceFiles(commit.files.map((f) => ({ path: f.path, status: f.status, blob: recipeBlob(f.path) }))));
    const head = Object.fromEntries(commit.files.map((f) => [f.path, recipeBlob(f.path)]));
    const p = plan([s], head);
    expect(p.deletes.map((d) => d.path)).toEqual([
      "recipes/a/aftman.toml",
      "recipes/a/agg.toml",
      "recipes/a/aha.toml",
      "recipes/a/aichat.toml",
      "recipes/l/libmpc.toml",
      "recipes/o/ollama.toml",
    ]);
    expect(p.restores).toEqual([]); // batch-control.json was modified but is not a recipe
  });
});

describe("the tree before the landing decides, not the batch's own diff (tsuku 2026-02-01-homebrew)", () => {
  test("an added recipe that was already on the default branch with that content when the batch landed → nothing to undo", () => {
    const s = source("1390", [
      { path: "recipes/g/gh.toml", status: "added", blob: "g1" },
      { path: "recipes/j/jq.toml", status: "added", blob: "j1" },
    ]);
    const p = plan([s], { "recipes/g/gh.toml": "g1", "recipes/j/jq.toml": "j1" }, { "1390": { "recipes/g/gh.toml": "g1" } });
    expect(p.deletes.map((d) => d.path)).toEqual(["recipes/j/jq.toml"]);
    expect(p.nothingToDo).toEqual([
      expect.objectContaining({ path: "recipes/g/gh.toml", why: "already on the default branch with this content before the batch landed" }),
    ]);
  });

  test("an added recipe that replaced other content on the default branch → that content is restored", () => {
    const s = source("1390", [{ path: "recipes/g/gh.toml", status: "added", blob: "g1" }]);
    const p = plan([s], { "recipes/g/gh.toml": "g1" }, { "1390": { "recipes/g/gh.toml": "g0" } });
    expect(p.deletes).toEqual([]);
    expect(p.restores).toEqual([expect.objectContaining({ path: "recipes/g/gh.toml", sha: "g0" })]);
  });

  test("changed since the batch, but back to what it was before → nothing to undo", () => {
    const s = source("1", [{ path: "recipes/a/x.toml", status: "modified", blob: "x1" }]);
    const p = plan([s], { "recipes/a/x.toml": "x0" }, { "1": { "recipes/a/x.toml": "x0" } });
    expect(p.changedSince).toEqual([]);
    expect(p.nothingToDo).toEqual([expect.objectContaining({ path: "recipes/a/x.toml", why: "already back to its content before the batch" })]);
  });

  test("never merged but on the default branch → its own group, with why; never silently 'never merged'", () => {
    const closed = source(
      "2087",
      [
        { path: "recipes/c/conduit.toml", status: "added", blob: "c1" },
        { path: "recipes/c/gone.toml", status: "added", blob: "c2" },
      ],
      { merged: false, landingSha: null },
    );
    const p = plan([closed], { "recipes/c/conduit.toml": "c9" });
    expect(p.notMerged.map((n) => n.path)).toEqual(["recipes/c/gone.toml"]);
    expect(p.notMergedButPresent).toEqual([
      expect.objectContaining({ path: "recipes/c/conduit.toml", why: expect.stringContaining("#2087 never merged") }),
    ]);
    expect(changeCount(p)).toBe(0);
  });
});

describe("escalation", () => {
  test("more than 10 recipes needs a second review; 10 does not", () => {
    const files = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `recipes/r/r${i}.toml`, status: "added" as const, blob: `b${i}` }));
    const head = (n: number) => Object.fromEntries(files(n).map((f) => [f.path, f.blob]));
    expect(needsSecondReview(plan([source("1", files(10))], head(10)))).toBe(false);
    expect(needsSecondReview(plan([source("1", files(11))], head(11)))).toBe(true);
  });
});
