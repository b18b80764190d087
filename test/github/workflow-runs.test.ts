import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { listCompletedRunsUntilSuccess } from "../../src/github/workflow-runs.js";
import { UnthrottledOctokit } from "../helpers/octokit.js";
import { workflowRun } from "../helpers/pipeline-mocks.js";

const API = "https://api.github.com";
const REPO = { owner: "o", repo: "r", defaultBranch: "main", htmlUrl: "https://github.com/o/r" };
const github = () => new UnthrottledOctokit({ auth: { token: "t" } });
const page = (n: number) => ({ status: "completed", exclude_pull_requests: "true", per_page: "2", page: String(n) });

describe("listCompletedRunsUntilSuccess", () => {
  test("reads pages only until one holds a success", async () => {
    const scope = nock(API)
      .get("/repos/o/r/actions/workflows/batch.yml/runs")
      .query(page(1))
      .reply(200, {
        total_count: 9,
        workflow_runs: [workflowRun(9, "failure", "2026-01-09T00:00:00Z"), workflowRun(8, "cancelled", "2026-01-08T00:00:00Z")],
      })
      .get("/repos/o/r/actions/workflows/batch.yml/runs")
      .query(page(2))
      .reply(200, {
        total_count: 9,
        workflow_runs: [workflowRun(7, "failure", "2026-01-07T00:00:00Z"), workflowRun(6, "success", "2026-01-06T00:00:00Z")],
      });
    const listed = await listCompletedRunsUntilSuccess(github(), REPO, "batch.yml", { perPage: 2 });
    expect(listed).toMatchObject({ foundSuccess: true, reachedEnd: false });
    expect(listed.runs.map((r) => r.id)).toEqual([9, 8, 7, 6]);
    expect(scope.isDone()).toBe(true);
  });

  test("stops at the end of the history, or at the page limit", async () => {
    nock(API)
      .get("/repos/o/r/actions/workflows/batch.yml/runs")
      .query(page(1))
      .reply(200, { total_count: 1, workflow_runs: [workflowRun(1, "failure", "2026-01-01T00:00:00Z")] });
    expect(await listCompletedRunsUntilSuccess(github(), REPO, "batch.yml", { perPage: 2 })).toMatchObject({ foundSuccess: false, reachedEnd: true });
    const capped = nock(API)
      .get("/repos/o/r/actions/workflows/batch.yml/runs")
      .query(page(1))
      .reply(200, {
        total_count: 50,
        workflow_runs: [workflowRun(50, "failure", "2026-01-09T00:00:00Z"), workflowRun(49, "failure", "2026-01-08T00:00:00Z")],
      });
    const listed = await listCompletedRunsUntilSuccess(github(), REPO, "batch.yml", { perPage: 2, maxPages: 1 });
    expect(listed).toMatchObject({ foundSuccess: false, reachedEnd: false });
    expect(capped.isDone()).toBe(true);
  });
});
