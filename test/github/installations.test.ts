import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { listInstallationIds, listInstallationRepos } from "../../src/github/installations.js";
import { plainGithub } from "../helpers/github-client.js";
import { API } from "../helpers/probot.js";

function repo(n: number, extra: Record<string, unknown> = {}) {
  return {
    id: n,
    name: `r${n}`,
    full_name: `o/r${n}`,
    owner: { login: "o" },
    default_branch: "main",
    html_url: `https://github.com/o/r${n}`,
    ...extra,
  };
}

describe("what a tick visits", () => {
  test("suspended installations are left out (their tokens would be refused with 403)", async () => {
    const scope = nock(API)
      .get("/app/installations")
      .query({ per_page: "100" })
      .reply(200, [{ id: 1, suspended_at: null }, { id: 2, suspended_at: "2026-11-20T10:00:00Z", suspended_by: { login: "octocat" } }, { id: 3 }]);
    expect(await listInstallationIds(plainGithub())).toEqual([1, 3]);
    expect(scope.isDone()).toBe(true);
  });

  test("an installation's repositories are read past 100 through the Link header; archived and disabled ones are left out", async () => {
    const first = Array.from({ length: 100 }, (_, i) => repo(i + 1, i === 4 ? { archived: true } : {}));
    const scope = nock(API)
      .get("/installation/repositories")
      .query({ per_page: "100" })
      .reply(200, { total_count: 102, repositories: first }, { link: `<${API}/installation/repositories?per_page=100&page=2>; rel="next"` })
      .get("/installation/repositories")
      .query({ per_page: "100", page: "2" })
      .reply(200, { total_count: 102, repositories: [repo(101), repo(102, { disabled: true })] });
    const repos = await listInstallationRepos(plainGithub());
    expect(repos).toHaveLength(100);
    expect(repos.map((r) => r.repo)).not.toContain("r5");
    expect(repos.at(-1)).toEqual({ owner: "o", repo: "r101", defaultBranch: "main", htmlUrl: "https://github.com/o/r101" });
    expect(scope.isDone()).toBe(true);
  });
});
