import { readFileSync } from "node:fs";
import nock from "nock";
import { API, benchDeps, measure, resetNock, result, type BenchResult, type CallCounts } from "./harness.js";
import { startAppServer } from "../test/helpers/app-server.js";
import { UnthrottledOctokit } from "../test/helpers/octokit.js";
import { repoJson, workflowRun } from "../test/helpers/pipeline-mocks.js";

const control = readFileSync(new URL("../../test/fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const REPO = { owner: "Codertocat", name: "Hello-World", private: false };
const PATH = "/repos/Codertocat/Hello-World";

/** Every read a refresh makes, answered 200 with an ETag, or 304 when the request carries that ETag. */
function mockGitHub(): void {
  const scope = nock(API).persist();
  const conditional = (path: string | RegExp, etag: string, body: nock.Body) =>
    scope
      .get(path)
      .query(true)
      .reply(function () {
        return this.req.headers["if-none-match"] === etag ? [304, ""] : [200, body, { etag }];
      });
  scope.post("/app/installations/2/access_tokens").reply(201, { token: "t", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
  conditional("/app/installations", '"i"', [{ id: 2, suspended_at: null }]);
  conditional("/installation/repositories", '"r"', { total_count: 1, repositories: [repoJson(REPO)] });
  conditional(`${PATH}/contents/.github%2Fbatch-ops.yml`, '"c"', "batch_workflows: [batch-generate.yml]\n");
  conditional(`${PATH}/contents/batch-control.json`, '"f"', {
    type: "file",
    encoding: "base64",
    size: control.length,
    sha: "s",
    content: Buffer.from(control).toString("base64"),
  });
  const runs = Array.from({ length: 100 }, (_, i) =>
    workflowRun(1000 - i, i === 60 ? "success" : "failure", new Date(Date.UTC(2026, 5, 26, 20) - i * 3_600_000).toISOString()),
  );
  conditional(`${PATH}/actions/workflows/batch-generate.yml/runs`, '"w"', { total_count: 500, workflow_runs: runs });
  conditional(`${PATH}/issues`, '"l"', []);
}

/**
 * The cost of viewing `/pipeline/<owner>/<repo>/`: GitHub API calls per page view within one cache
 * interval (60 s), and per view when every view falls after the interval (every read revalidated with
 * its ETag; GitHub answers 304, which costs no rate limit). Real HTTP to the app's in-process server.
 */
export async function benchPipelinePage(views = 200): Promise<BenchResult[]> {
  resetNock();
  nock.enableNetConnect(/^127\.0\.0\.1/);
  mockGitHub();
  const counts: CallCounts = {};
  const statuses: Record<string, number> = {};
  const Counting = UnthrottledOctokit.plugin((octokit) => {
    octokit.hook.before("request", (options) => {
      const key = `${options.method} ${options.url}`;
      counts[key] = (counts[key] ?? 0) + 1;
    });
    octokit.hook.after("request", (response) => void (statuses[response.status] = (statuses[response.status] ?? 0) + 1));
    octokit.hook.error("request", (error: any) => {
      statuses[error.status] = (statuses[error.status] ?? 0) + 1;
      throw error;
    });
  });
  let now = new Date("2026-06-26T21:00:00Z");
  const app = await startAppServer({ ...benchDeps(now), clock: () => now, dashboard: { cacheSeconds: 60 } }, { Octokit: Counting });
  const view = async () => {
    const response = await fetch(`${app.base}/pipeline/Codertocat/Hello-World/`);
    if (response.status !== 200) throw new Error(`page answered ${response.status}`);
    await response.text();
  };
  const reset = () => {
    for (const key of Object.keys(counts)) delete counts[key];
    for (const key of Object.keys(statuses)) delete statuses[key];
  };
  try {
    // Warm up (JIT, token) outside the interval being measured.
    for (let i = 0; i < 20; i++) await view();
    now = new Date(now.getTime() + 60_000);
    reset();
    const first: CallCounts = {};
    const within = await measure(views, async (i) => {
      await view();
      if (i === 0) Object.assign(first, counts);
    });
    const withinCounts = { ...counts };
    const withinStatuses = { ...statuses };
    reset();
    const after = await measure(views, async () => {
      now = new Date(now.getTime() + 60_000);
      await view();
    });
    const afterStatuses = { ...statuses };
    const firstTotal = Object.values(first).reduce((a, b) => a + b, 0);
    return [
      result(
        "/pipeline/<repo>/ view, within the cache interval",
        withinCounts,
        within,
        `${views} views in one 60 s interval made ${firstTotal} API calls in all (the first view's revalidation; statuses ${JSON.stringify(withinStatuses)}); real HTTP to the in-process server`,
      ),
      result(
        "/pipeline/<repo>/ view, every view after the interval",
        counts,
        after,
        `every read revalidated with If-None-Match; statuses ${JSON.stringify(afterStatuses)} (304 costs no rate limit)`,
      ),
    ];
  } finally {
    await app.stop();
    nock.cleanAll();
  }
}
