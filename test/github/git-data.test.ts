import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { branchSha, commitFiles, createBranch, readBlobsUnder } from "../../src/github/git-data.js";
import { isolateNetwork, plainGithub, plainRepo } from "../helpers/github-client.js";

const API = "https://api.github.com";
const R = "/repos/o/r";
const repo = plainRepo;
const github = plainGithub;

isolateNetwork();

describe("readBlobsUnder", () => {
  test("one recursive read; only blobs under the directory", async () => {
    const scope = nock(API)
      .get(`${R}/git/trees/abc`)
      .query({ recursive: "1" })
      .reply(200, {
        sha: "root",
        truncated: false,
        tree: [
          { path: "recipes", type: "tree", mode: "040000", sha: "d" },
          { path: "recipes/a/x.toml", type: "blob", mode: "100644", sha: "x" },
          { path: "recipes-old/y.toml", type: "blob", mode: "100644", sha: "y" },
          { path: "recipes/mod", type: "commit", mode: "160000", sha: "m" },
          { path: "README.md", type: "blob", mode: "100644", sha: "r" },
        ],
      });
    const read = await readBlobsUnder(github(), repo, "abc", "recipes/");
    expect(read.treeSha).toBe("root");
    expect([...read.blobs]).toEqual([["recipes/a/x.toml", { sha: "x", mode: "100644" }]]);
    expect(scope.isDone()).toBe(true);
  });

  test("a truncated answer: walks down to the directory and reads only that subtree", async () => {
    const scope = nock(API)
      .get(`${R}/git/trees/abc`)
      .query({ recursive: "1" })
      .reply(200, { sha: "root", truncated: true, tree: [] })
      .get(`${R}/git/trees/root`)
      .reply(200, { sha: "root", truncated: false, tree: [{ path: "pkg", type: "tree", mode: "040000", sha: "pkg-sha" }] })
      .get(`${R}/git/trees/pkg-sha`)
      .reply(200, { sha: "pkg-sha", truncated: false, tree: [{ path: "recipes", type: "tree", mode: "040000", sha: "rec-sha" }] })
      .get(`${R}/git/trees/rec-sha`)
      .query({ recursive: "1" })
      .reply(200, { sha: "rec-sha", truncated: false, tree: [{ path: "a/x.toml", type: "blob", mode: "100755", sha: "x" }] });
    const read = await readBlobsUnder(github(), repo, "abc", "pkg/recipes/");
    expect(read.treeSha).toBe("root");
    expect([...read.blobs]).toEqual([["pkg/recipes/a/x.toml", { sha: "x", mode: "100755" }]]);
    expect(scope.isDone()).toBe(true);
  });

  test("still truncated under the directory: an error, not a partial plan", async () => {
    const scope = nock(API)
      .get(`${R}/git/trees/abc`)
      .query({ recursive: "1" })
      .reply(200, { sha: "root", truncated: true, tree: [] })
      .get(`${R}/git/trees/root`)
      .reply(200, { sha: "root", truncated: false, tree: [{ path: "recipes", type: "tree", mode: "040000", sha: "rec" }] })
      .get(`${R}/git/trees/rec`)
      .query({ recursive: "1" })
      .reply(200, { sha: "rec", truncated: true, tree: [] });
    await expect(readBlobsUnder(github(), repo, "abc", "recipes/")).rejects.toThrow("recipes/ has too many files");
    expect(scope.isDone()).toBe(true);
  });
});

describe("commit files and refs", () => {
  test("commit files follow the Link header, 300 a page", async () => {
    const page1 = Array.from({ length: 300 }, (_, i) => ({ filename: `recipes/${i}.toml`, status: "added", sha: `s${i}` }));
    const scope = nock(API)
      .get(`${R}/commits/c1`)
      .query({ per_page: "300", page: "1" })
      .reply(200, { files: page1 }, { link: `<${API}${R}/commits/c1?per_page=300&page=2>; rel="next"` })
      .get(`${R}/commits/c1`)
      .query({ per_page: "300", page: "2" })
      .reply(200, {
        files: [
          { filename: "recipes/z.toml", status: "removed", sha: "old" },
          { filename: "b.toml", status: "renamed", sha: "n", previous_filename: "a.toml" },
        ],
      });
    const files = await commitFiles(github(), repo, "c1");
    expect(files).toHaveLength(302);
    expect(files[300]).toEqual({ path: "recipes/z.toml", status: "removed", blob: null });
    expect(files[301]).toEqual({ path: "b.toml", status: "renamed", blob: "n", previousPath: "a.toml" });
    expect(scope.isDone()).toBe(true);
  });

  test("branchSha: 404 is no branch, other errors are errors", async () => {
    const scope = nock(API).get(`${R}/git/ref/heads%2Fx`).reply(404, {}).get(`${R}/git/ref/heads%2Fy`).reply(500, { message: "boom" });
    expect(await branchSha(github(), repo, "x")).toBeNull();
    await expect(branchSha(github(), repo, "y")).rejects.toThrow("boom");
    expect(scope.isDone()).toBe(true);
  });

  test("createBranch: a rejected create is told apart by reading the branch, not by GitHub's wording", async () => {
    const scope = nock(API)
      .post(`${R}/git/refs`, { ref: "refs/heads/b", sha: "s" })
      .reply(422, { message: "Reference already exists" })
      .get(`${R}/git/ref/heads%2Fb`)
      .reply(200, { ref: "refs/heads/b", object: { sha: "other", type: "commit" } })
      .post(`${R}/git/refs`, { ref: "refs/heads/c", sha: "s" })
      .reply(409, { message: "Conflict" })
      .get(`${R}/git/ref/heads%2Fc`)
      .reply(200, { ref: "refs/heads/c", object: { sha: "other", type: "commit" } })
      .post(`${R}/git/refs`, { ref: "refs/heads/b2", sha: "bad" })
      .reply(422, { message: "Object does not exist" })
      .get(`${R}/git/ref/heads%2Fb2`)
      .reply(404, { message: "Not Found" })
      .post(`${R}/git/refs`, { ref: "refs/heads/d", sha: "s" })
      .reply(403, { message: "Resource not accessible by integration" });
    expect(await createBranch(github(), repo, "b", "s")).toBe(false);
    expect(await createBranch(github(), repo, "c", "s")).toBe(false);
    await expect(createBranch(github(), repo, "b2", "bad")).rejects.toThrow("Object does not exist");
    await expect(createBranch(github(), repo, "d", "s")).rejects.toThrow("Resource not accessible");
    expect(scope.isDone()).toBe(true);
  });
});
