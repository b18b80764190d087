import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { createPull, listPullsNewestFirst, requestReviewers } from "../../src/github/pulls.js";
import { humanPull, rawPull } from "../helpers/rollback-mocks.js";
import { isolateNetwork, plainGithub, plainRepo } from "../helpers/github-client.js";

const API = "https://api.github.com";
const R = "/repos/o/r";
const repo = plainRepo;
const github = plainGithub;

isolateNetwork();

describe("pull requests", () => {
  const pulls = Array.from({ length: 150 }, (_, i) => humanPull(1000 - i, new Date(Date.UTC(2026, 5, 1) - i * 3_600_000).toISOString()));
  const page = (n: number) => pulls.slice((n - 1) * 100, n * 100).map(rawPull);
  const listQuery = { state: "all", sort: "created", direction: "desc", per_page: "100" };

  test("newest first; stopping on page 1 fetches no second page", async () => {
    const scope = nock(API)
      .get(`${R}/pulls`)
      .query(listQuery)
      .reply(200, page(1), { link: `<${API}${R}/pulls?state=all&sort=created&direction=desc&per_page=100&page=2>; rel="next"` });
    const seen = await listPullsNewestFirst(github(), repo, { state: "all", stop: (p) => p.number === 990 });
    expect(seen.map((p) => p.number)).toEqual([1000, 999, 998, 997, 996, 995, 994, 993, 992, 991]);
    expect(scope.isDone()).toBe(true);
  });

  test("stopping on page 2 reads both", async () => {
    const scope = nock(API)
      .get(`${R}/pulls`)
      .query(listQuery)
      .reply(200, page(1), { link: `<${API}${R}/pulls?state=all&sort=created&direction=desc&per_page=100&page=2>; rel="next"` })
      .get(`${R}/pulls`)
      .query({ ...listQuery, page: "2" })
      .reply(200, page(2));
    const seen = await listPullsNewestFirst(github(), repo, { state: "all", stop: (p) => p.number === 880 });
    expect(seen).toHaveLength(120);
    expect(scope.isDone()).toBe(true);
  });

  test("createPull: an existing pull request for the branch is null; other failures throw", async () => {
    const scope = nock(API)
      .post(`${R}/pulls`, { base: "main", title: "t", head: "h", body: "b" })
      .reply(422, { message: "Validation Failed", errors: [{ message: "A pull request already exists for o:h." }] })
      .post(`${R}/pulls`)
      .reply(422, { message: "Validation Failed", errors: [{ message: "No commits between main and h" }] });
    expect(await createPull(github(), repo, { title: "t", head: "h", body: "b" })).toBeNull();
    await expect(createPull(github(), repo, { title: "t", head: "h", body: "b" })).rejects.toThrow();
    expect(scope.isDone()).toBe(true);
  });

  test("requestReviewers: nothing asked when nobody is configured; a failure is returned, not thrown", async () => {
    const scope = nock(API)
      .post(`${R}/pulls/5/requested_reviewers`, { reviewers: [], team_reviewers: ["ops"] })
      .reply(422, { message: "Reviews may only be requested from collaborators." });
    expect(await requestReviewers(github(), repo, 5, { users: [], teams: [] })).toBeNull();
    expect(await requestReviewers(github(), repo, 5, { users: [], teams: ["ops"] })).toBe(
      "GitHub answered 422: Reviews may only be requested from collaborators.",
    );
    expect(scope.isDone()).toBe(true);
  });
});
