import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { countOpenIssues } from "../../src/github/issue-counts.js";
import { ensureLabel, listOpenIssues } from "../../src/github/issues.js";
import { repoRef, tokenOctokit } from "../helpers/seeding.js";
import { API, REPO_PATH } from "../helpers/index.js";

/** An item of `GET /repos/{owner}/{repo}/issues` as GitHub sends it; pull requests come back too, with a `pull_request` key. */
function item(number: number, options: { pull?: boolean; title?: string } = {}) {
  return {
    number,
    html_url: `https://github.com/o/r/${options.pull ? "pull" : "issues"}/${number}`,
    title: options.title ?? `issue ${number}`,
    body: null,
    state: "open",
    labels: [{ name: "seeding:review" }],
    ...(options.pull ? { pull_request: { url: `${API}${REPO_PATH}/pulls/${number}`, merged_at: null } } : {}),
  };
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe("listing issues by label, as GitHub answers", () => {
  test("every page is read (more than 100 open), pull requests with the label are left out", async () => {
    const page1 = range(1, 100).map((n) => item(n, { pull: n % 10 === 0 }));
    const page2 = range(101, 30).map((n) => item(n));
    const asked: string[] = [];
    nock(API)
      .get((uri) => uri.startsWith(`${REPO_PATH}/issues?`) && !uri.includes("page=2"))
      .reply(function (uri) {
        asked.push(uri);
        return [200, page1, { link: `<${API}${REPO_PATH}/issues?state=open&labels=seeding%3Areview&per_page=100&page=2>; rel="next"` }];
      })
      .get(`${REPO_PATH}/issues`)
      .query({ state: "open", labels: "seeding:review", per_page: "100", page: "2" })
      .reply(200, page2);
    const found = await listOpenIssues(tokenOctokit(), repoRef, ["seeding:review"]);
    expect(found).toHaveLength(120);
    expect(found.some((i) => i.url.includes("/pull/"))).toBe(false);
    expect(found.at(-1)!.number).toBe(130);
    // The label's colon is sent percent-encoded, as a query value must be.
    expect(asked).toEqual([`${REPO_PATH}/issues?state=open&labels=seeding%3Areview&per_page=100`]);
  });

  test("a label with a space and a colon is encoded; several labels are one comma-separated value", async () => {
    const asked: string[] = [];
    nock(API)
      .get((uri) => uri.startsWith(`${REPO_PATH}/issues?`))
      .reply(function (uri) {
        asked.push(uri);
        return [200, [item(1)]];
      });
    await listOpenIssues(tokenOctokit(), repoRef, ["needs review: queue", "seeding:review"]);
    const query = new URL(asked[0]!, API).searchParams;
    expect(query.get("labels")).toBe("needs review: queue,seeding:review");
    expect(asked[0]).not.toMatch(/labels=[^&]*[ :]/);
  });

  test("counts for the health page leave pull requests out; a full page is a lower bound", async () => {
    nock(API)
      .get(`${REPO_PATH}/issues`)
      .query({ state: "open", labels: "batch-ops:incident", per_page: "100" })
      .reply(200, [item(1), item(2, { pull: true }), item(3)])
      .get(`${REPO_PATH}/issues`)
      .query({ state: "open", labels: "seeding:review", per_page: "100" })
      .reply(
        200,
        range(1, 100).map((n) => item(n, { pull: n === 1 })),
      );
    expect(await countOpenIssues(tokenOctokit(), repoRef, "batch-ops:incident")).toEqual({ open: 2, capped: false });
    expect(await countOpenIssues(tokenOctokit(), repoRef, "seeding:review")).toEqual({ open: 99, capped: true });
  });
});

describe("ensureLabel", () => {
  test("a label that exists in another case is found (GitHub's label names ignore case): nothing created", async () => {
    const scope = nock(API).get(`${REPO_PATH}/labels/seeding%3Areview`).reply(200, { name: "Seeding:Review", color: "ededed", description: "" });
    await ensureLabel(tokenOctokit(), repoRef, "seeding:review", "fbca04");
    expect(scope.isDone()).toBe(true);
  });

  test("created by someone else between the lookup and the create (422 already_exists): fine", async () => {
    const scope = nock(API)
      .get(`${REPO_PATH}/labels/seeding%3Areview`)
      .reply(404, { message: "Not Found" })
      .post(`${REPO_PATH}/labels`, { name: "seeding:review", color: "fbca04", description: "d" })
      .reply(422, { message: "Validation Failed", errors: [{ resource: "Label", code: "already_exists", field: "name" }] });
    await ensureLabel(tokenOctokit(), repoRef, "seeding:review", "fbca04", "d");
    expect(scope.isDone()).toBe(true);
  });

  test("any other failure is GitHub's error", async () => {
    nock(API).get(`${REPO_PATH}/labels/seeding%3Areview`).reply(403, { message: "Resource not accessible by integration" });
    await expect(ensureLabel(tokenOctokit(), repoRef, "seeding:review")).rejects.toMatchObject({ status: 403 });
  });
});
