import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { HealthSource } from "../../src/health-page/health-source.js";
import { UnthrottledOctokit } from "../helpers/octokit.js";
import { API, mockRepoReads, repoJson, workflowRun } from "../helpers/pipeline-mocks.js";

const now = new Date("2026-06-26T21:00:00Z");
const source = (options: { maxRunPages?: number } = {}) =>
  new HealthSource({ auth: async () => new UnthrottledOctokit({ auth: { token: "t" } }), clock: () => now, ttlMs: 60_000, ...options });

describe("HealthSource", () => {
  test("one broken installation does not hide the others' repositories", async () => {
    const scope = nock(API)
      .get("/app/installations")
      .query(true)
      .reply(200, [
        { id: 2, suspended_at: null },
        { id: 3, suspended_at: null },
        { id: 4, suspended_at: "2026-01-01T00:00:00Z" },
      ])
      .get("/installation/repositories")
      .query(true)
      .reply(200, { total_count: 1, repositories: [repoJson({ owner: "b", name: "two", private: false })] })
      .get("/installation/repositories")
      .query(true)
      .reply(403, { message: "suspended" });
    const warnings: unknown[] = [];
    const health = new HealthSource({
      auth: async () => new UnthrottledOctokit({ auth: { token: "t" } }),
      clock: () => now,
      ttlMs: 60_000,
      log: { warn: (o: unknown) => void warnings.push(o) },
    });
    expect((await health.repositories()).map((r) => r.fullName)).toEqual(["b/two"]);
    expect(warnings).toHaveLength(1);
    expect(scope.isDone()).toBe(true);
  });

  test("a history cut off before any success gives a lower bound", async () => {
    const repo = { owner: "o", name: "r", private: false };
    const runs = Array.from({ length: 100 }, (_, i) =>
      workflowRun(500 - i, "failure", new Date(Date.UTC(2026, 5, 26, 20) - i * 3_600_000).toISOString()),
    );
    // A full page of failures out of 500 completed runs, and only one page may be read.
    const scope = mockRepoReads(nock(API), repo, {
      config: "batch_workflows: [batch-generate.yml]\n",
      control: null,
      workflow: "batch-generate.yml",
      runs,
      runsTotal: 500,
    });
    const health = await source({ maxRunPages: 1 }).health({
      installationId: 2,
      owner: "o",
      repo: "r",
      fullName: "o/r",
      private: false,
      defaultBranch: "main",
      htmlUrl: "https://github.com/o/r",
    });
    expect(health.runs).toMatchObject({ runs_since_last_success: 100, runs_since_last_success_is_lower_bound: true, last_successful_run: null });
    expect(health.control_file).toMatchObject({ exists: false, valid: true });
    expect(scope.isDone()).toBe(true);
  });
});
