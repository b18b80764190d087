import { afterEach, beforeEach, describe, expect, jest, test } from "@jest/globals";
import nock from "nock";
import { RepeatReads } from "../../src/github/repeat-reads.js";
import type { GitHub } from "../../src/core/github.js";
import { isolateNetwork } from "../helpers/github-client.js";
import { UnthrottledOctokit } from "../helpers/octokit.js";

const API = "https://api.github.com";
const FALLBACK = "/repos/o/.github/contents/.github%2Fbatch-ops.yml";
const client = () => new UnthrottledOctokit({ auth: { token: "t" } });
const readFallback = (github: GitHub) =>
  github.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: "o", repo: ".github", path: ".github/batch-ops.yml" });

isolateNetwork();
let reads: RepeatReads;
beforeEach(() => {
  reads = new RepeatReads();
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe("repeat reads of config and permission", () => {
  test("a missing owner-wide config is remembered for a minute per installation, then asked again", async () => {
    let now = 1_000_000;
    jest.spyOn(Date, "now").mockImplementation(() => now);
    const scope = nock(API).get(FALLBACK).times(3).reply(404, { message: "Not Found" });
    const first = client();
    reads.install(first, 2);
    await expect(readFallback(first)).rejects.toMatchObject({ status: 404 });
    // Another delivery of the same installation: answered from memory, no call.
    const second = client();
    reads.install(second, 2);
    await expect(readFallback(second)).rejects.toMatchObject({ status: 404 });
    expect(scope.pendingMocks()).toHaveLength(1);
    // Another installation asks for itself.
    const other = client();
    reads.install(other, 3);
    await expect(readFallback(other)).rejects.toMatchObject({ status: 404 });
    // A minute later the owner may have added one.
    now += 60_001;
    await expect(readFallback(second)).rejects.toMatchObject({ status: 404 });
    expect(scope.isDone()).toBe(true);
  });

  test("other reads are left alone: no If-None-Match on the control file, nothing remembered", async () => {
    const github = client();
    reads.install(github, 2);
    const scope = nock(API, { badheaders: ["if-none-match"] })
      .get("/repos/o/r/contents/batch-control.json")
      .times(2)
      .reply(200, { type: "file", sha: "a", content: "", encoding: "base64" }, { etag: '"x"' });
    await github.rest.repos.getContent({ owner: "o", repo: "r", path: "batch-control.json" });
    await github.rest.repos.getContent({ owner: "o", repo: "r", path: "batch-control.json" });
    expect(scope.isDone()).toBe(true);
  });

  test("a config larger than 64 KB is not kept (its next read is a plain one)", async () => {
    const github = client();
    reads.install(github, 2);
    const big = `# ${"x".repeat(70_000)}\n`;
    const scope = nock(API, { badheaders: ["if-none-match"] })
      .get("/repos/o/r/contents/.github%2Fbatch-ops.yml")
      .times(2)
      .reply(200, big, { etag: '"big"' });
    for (let i = 0; i < 2; i++)
      await github.request("GET /repos/{owner}/{repo}/contents/{path}", {
        owner: "o",
        repo: "r",
        path: ".github/batch-ops.yml",
        mediaType: { format: "raw" },
      });
    expect(scope.isDone()).toBe(true);
  });
});
