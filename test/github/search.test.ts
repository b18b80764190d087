import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { searchCommits } from "../../src/github/search.js";
import { fakeSha } from "../helpers/rollback-mocks.js";
import { isolateNetwork, plainGithub, plainRepo } from "../helpers/github-client.js";

const API = "https://api.github.com";
const repo = plainRepo;
const github = plainGithub;

isolateNetwork();

describe("searchCommits", () => {
  test("pages until everything is read, and reports an incomplete answer", async () => {
    const item = (i: number) => ({
      sha: fakeSha(`c${i}`),
      html_url: `https://github.com/o/r/commit/${i}`,
      commit: { message: `m${i}`, author: { date: "2026-01-01T00:00:00Z" }, committer: { date: "2026-01-02T00:00:00Z" } },
      parents: [{ sha: "p" }],
    });
    const q = 'repo:o/r "batch_id: 2026-01-28"';
    const scope = nock(API)
      .get("/search/commits")
      .query({ q, per_page: "100", page: "1" })
      .reply(200, { total_count: 101, incomplete_results: false, items: Array.from({ length: 100 }, (_, i) => item(i)) })
      .get("/search/commits")
      .query({ q, per_page: "100", page: "2" })
      .reply(200, { total_count: 101, incomplete_results: true, items: [item(100)] });
    const found = await searchCommits(github(), repo, "batch_id: 2026-01-28");
    expect(found.commits).toHaveLength(101);
    expect(found.commits[0]).toEqual({
      sha: fakeSha("c0"),
      url: "https://github.com/o/r/commit/0",
      message: "m0",
      parents: ["p"],
      at: "2026-01-02T00:00:00Z",
    });
    expect(found.incomplete).toBe(true);
    expect(scope.isDone()).toBe(true);
  });
});
