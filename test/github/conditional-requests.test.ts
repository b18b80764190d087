import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { EtagCache, useConditionalRequests } from "../../src/github/conditional-requests.js";
import type { GitHub } from "../../src/core/github.js";
import { UnthrottledOctokit } from "../helpers/octokit.js";

const API = "https://api.github.com";

function client(): GitHub {
  return new UnthrottledOctokit({ auth: { token: "test-token" } });
}

describe("conditional GETs", () => {
  test("the second read sends If-None-Match and a 304 replays the stored answer", async () => {
    const cache = new EtagCache();
    const github = client();
    useConditionalRequests(github, cache, "installation:2");
    const scope = nock(API, { badheaders: ["if-none-match"] })
      .get("/repos/o/r/issues")
      .query({ state: "open", labels: "seeding:review", per_page: "100" })
      .reply(200, [{ number: 1 }], { etag: 'W/"v1"' });
    const conditional = nock(API)
      .get("/repos/o/r/issues")
      .query({ state: "open", labels: "seeding:review", per_page: "100" })
      .matchHeader("if-none-match", 'W/"v1"')
      .reply(304, "");
    const params = { owner: "o", repo: "r", state: "open" as const, labels: "seeding:review", per_page: 100 };
    expect((await github.rest.issues.listForRepo(params)).data).toEqual([{ number: 1 }]);
    const replay = await github.rest.issues.listForRepo(params);
    expect(replay.status).toBe(200);
    expect(replay.data).toEqual([{ number: 1 }]);
    expect(cache.notModified).toBe(1);
    expect(scope.isDone() && conditional.isDone()).toBe(true);
  });

  test("a changed resource (200 with a new ETag) replaces the stored answer", async () => {
    const cache = new EtagCache();
    const github = client();
    useConditionalRequests(github, cache, "s");
    nock(API).get("/repos/o/r").reply(200, { v: 1 }, { etag: '"1"' });
    nock(API).get("/repos/o/r").matchHeader("if-none-match", '"1"').reply(200, { v: 2 }, { etag: '"2"' });
    const last = nock(API).get("/repos/o/r").matchHeader("if-none-match", '"2"').reply(304, "");
    await github.rest.repos.get({ owner: "o", repo: "r" });
    expect((await github.rest.repos.get({ owner: "o", repo: "r" })).data).toEqual({ v: 2 });
    expect((await github.rest.repos.get({ owner: "o", repo: "r" })).data).toEqual({ v: 2 });
    expect(last.isDone()).toBe(true);
  });

  test("paginate works on replayed answers (it rewrites the responses it gets, so copies are replayed)", async () => {
    const cache = new EtagCache();
    const github = client();
    useConditionalRequests(github, cache, "installation:2");
    const body = { total_count: 1, repository_selection: "all", repositories: [{ full_name: "o/r" }] };
    nock(API).get("/installation/repositories").query({ per_page: "100" }).reply(200, body, { etag: '"r1"' });
    nock(API).get("/installation/repositories").query({ per_page: "100" }).matchHeader("if-none-match", '"r1"').reply(304, "");
    nock(API).get("/installation/repositories").query({ per_page: "100" }).matchHeader("if-none-match", '"r1"').reply(304, "");
    for (let i = 0; i < 3; i++) {
      const repos = await github.paginate(github.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
      expect(repos.map((r) => r.full_name)).toEqual(["o/r"]);
    }
    expect(nock.pendingMocks()).toEqual([]);
  });

  test("the same URL in another scope (installation) is not conditional on this one's ETag", async () => {
    const cache = new EtagCache();
    const a = client();
    const b = client();
    useConditionalRequests(a, cache, "installation:1");
    useConditionalRequests(b, cache, "installation:2");
    nock(API).get("/installation/repositories").reply(200, { total_count: 0, repositories: [] }, { etag: '"a"' });
    nock(API, { badheaders: ["if-none-match"] })
      .get("/installation/repositories")
      .reply(200, { total_count: 0, repositories: [] }, { etag: '"b"' });
    await a.request("GET /installation/repositories");
    await b.request("GET /installation/repositories");
    expect(nock.pendingMocks()).toEqual([]);
  });

  test("writes are never conditional, answers without an ETag are not stored, and errors pass through", async () => {
    const cache = new EtagCache();
    const github = client();
    useConditionalRequests(github, cache, "s");
    nock(API, { badheaders: ["if-none-match"] })
      .post("/repos/o/r/issues", { title: "t" })
      .reply(201, { number: 5 }, { etag: '"p"' });
    nock(API).get("/repos/o/r/issues/5").reply(200, { number: 5 });
    nock(API, { badheaders: ["if-none-match"] })
      .get("/repos/o/r/issues/5")
      .reply(404, { message: "Not Found" });
    await github.rest.issues.create({ owner: "o", repo: "r", title: "t" });
    await github.rest.issues.get({ owner: "o", repo: "r", issue_number: 5 });
    await expect(github.rest.issues.get({ owner: "o", repo: "r", issue_number: 5 })).rejects.toMatchObject({ status: 404 });
    expect(cache.size).toBe(0);
    expect(nock.pendingMocks()).toEqual([]);
  });

  test("installing twice on one client adds one hook", async () => {
    const cache = new EtagCache();
    const github = client();
    useConditionalRequests(github, cache, "s");
    useConditionalRequests(github, cache, "s");
    nock(API).get("/repos/o/r").reply(200, { v: 1 }, { etag: '"1"' });
    nock(API).get("/repos/o/r").matchHeader("if-none-match", '"1"').reply(304, "");
    await github.rest.repos.get({ owner: "o", repo: "r" });
    await github.rest.repos.get({ owner: "o", repo: "r" });
    expect(cache.notModified).toBe(1);
  });

  test("the cache keeps at most its limit, dropping the least recently used", () => {
    const cache = new EtagCache(2);
    const response = { status: 200, url: "u", headers: {}, data: null };
    cache.set("a", "1", response);
    cache.set("b", "2", response);
    cache.get("a");
    cache.set("c", "3", response);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.etag).toBe("1");
    expect(cache.size).toBe(2);
  });
});
