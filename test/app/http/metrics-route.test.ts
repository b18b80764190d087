import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import type { AppDeps } from "../../../src/core/deps.js";
import { AppMetrics } from "../../../src/core/app-metrics.js";
import { ControlStore } from "../../../src/control/store.js";
import { testDeps } from "../../helpers/probot.js";
import { startAppServer, WEBHOOK_SECRET, type RunningApp } from "../../helpers/app-server.js";
import { fastPolicyOctokit } from "../../helpers/octokit.js";
import { commentPayload } from "../../helpers/payloads.js";
import { API, mockDirectory, mockRepoReads, workflowRun, type MockRepo, type RepoData } from "../../helpers/pipeline-mocks.js";

const control = readFileSync(new URL("../../fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const TOKEN = "dashboard-token-0123456789";
const PUBLIC: MockRepo = { owner: "Codertocat", name: "Hello-World", private: false };
const PRIVATE: MockRepo = { owner: "Codertocat", name: "secret-pipeline", private: true };
const DATA: RepoData = {
  config: "batch_workflows: [batch-generate.yml]\n",
  control: control.replace('"macos_minutes_used": 0', '"macos_minutes_used": 250'),
  workflow: "batch-generate.yml",
  runs: [workflowRun(7, "failure", "2026-06-26T20:51:08Z"), workflowRun(6, "success", "2026-06-26T19:00:00Z")],
};

let now = new Date("2026-06-26T21:00:00Z");
let app: RunningApp | undefined;
let metrics: AppMetrics;

async function start(token: string | undefined): Promise<RunningApp> {
  metrics = new AppMetrics();
  const deps: AppDeps = testDeps({
    store: new ControlStore(),
    clock: () => now,
    metrics,
    dashboard: { ...(token ? { token } : {}), cacheSeconds: 60 },
  });
  // The production Octokit policy, reporting every answer's status as the server wires it.
  app = await startAppServer(deps, { Octokit: fastPolicyOctokit({ onResponse: (status) => metrics.githubRequest(status) }) });
  return app;
}

function scrape(headers: Record<string, string> = {}) {
  return fetch(`${app!.base}/metrics`, { headers });
}

function line(text: string, series: string): string | undefined {
  return text.split("\n").find((l) => l.startsWith(`${series} `));
}

beforeEach(() => {
  now = new Date("2026-06-26T21:00:00Z");
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1/);
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("/metrics", () => {
  test("with a dashboard token set, /metrics needs it", async () => {
    await start(TOKEN);
    const refused = await scrape();
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="batch-ops"');
    expect((await scrape({ authorization: "Bearer wrong-token-of-some-length" })).status).toBe(401);
  });

  test("breaker state per repository and ecosystem, budget use, runs since success, GitHub calls by status", async () => {
    const scope = mockDirectory(nock(API), [PUBLIC, PRIVATE]);
    mockRepoReads(scope, PUBLIC, DATA);
    mockRepoReads(scope, PRIVATE, { ...DATA, control: null });
    await start(TOKEN);
    const response = await scrape({ authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await response.text();
    const repo = 'repository="Codertocat/Hello-World"';
    expect(line(text, `batch_ops_breaker_state{${repo},ecosystem="npm",state="open"}`)).toMatch(/ 1$/);
    expect(line(text, `batch_ops_breaker_state{${repo},ecosystem="npm",state="closed"}`)).toMatch(/ 0$/);
    expect(line(text, `batch_ops_breaker_state{${repo},ecosystem="default",state="closed"}`)).toMatch(/ 1$/);
    expect(line(text, `batch_ops_breaker_failures{${repo},ecosystem="crates.io"}`)).toMatch(/ 993$/);
    expect(line(text, `batch_ops_budget_use_ratio{${repo},platform="macos"}`)).toMatch(/ 0\.25$/);
    expect(line(text, `batch_ops_budget_minutes_used{${repo},platform="macos"}`)).toMatch(/ 250$/);
    expect(line(text, `batch_ops_runs_since_last_success{${repo}}`)).toMatch(/ 1$/);
    expect(line(text, `batch_ops_last_run_timestamp_seconds{${repo}}`)).toMatch(/ 1782507068$/);
    expect(line(text, `batch_ops_pipeline_stale{${repo}}`)).toMatch(/ 0$/);
    // The private repository (no control file: no breaker or budget series) is included with the token.
    expect(line(text, 'batch_ops_runs_since_last_success{repository="Codertocat/secret-pipeline"}')).toMatch(/ 1$/);
    expect(text).not.toMatch(/batch_ops_breaker_state\{repository="Codertocat\/secret-pipeline"/);
    expect(text).not.toMatch(/ecosystem="go"/);
    // 2 listings + 2 × (config, runs, 4 issue counts) + 1 control file = 15 answered 200, the other control
    // file 404 (the token exchange goes through the auth strategy, not the request hooks).
    expect(line(text, 'batch_ops_github_api_requests_total{status="200"}')).toMatch(/ 15$/);
    expect(line(text, 'batch_ops_github_api_requests_total{status="404"}')).toMatch(/ 1$/);
    expect(scope.isDone()).toBe(true);

    // A second scrape within the interval reads nothing from GitHub.
    const again = await (await scrape({ authorization: `Bearer ${TOKEN}` })).text();
    expect(line(again, 'batch_ops_github_api_requests_total{status="200"}')).toMatch(/ 15$/);

    // After the interval every read is revalidated; unchanged answers come back 304 (free of rate limit).
    now = new Date(now.getTime() + 60_000);
    const revalidate = nock(API);
    revalidate.get("/app/installations").query(true).matchHeader("if-none-match", '"installations-1"').reply(304, "");
    revalidate.get("/installation/repositories").query(true).matchHeader("if-none-match", '"repositories-1"').reply(304, "");
    mockRepoReads(revalidate, PUBLIC, DATA, { notModified: true });
    mockRepoReads(revalidate, PRIVATE, { ...DATA, control: null }, { notModified: true });
    const third = await (await scrape({ authorization: `Bearer ${TOKEN}` })).text();
    // 2 listings + 2 × (config, runs, 4 issue counts) + 1 control file; the missing control file is a 404 again.
    expect(line(third, 'batch_ops_github_api_requests_total{status="304"}')).toMatch(/ 15$/);
    expect(line(third, 'batch_ops_github_api_requests_total{status="404"}')).toMatch(/ 2$/);
    expect(line(third, `batch_ops_breaker_failures{${repo},ecosystem="crates.io"}`)).toMatch(/ 993$/);
    expect(revalidate.isDone()).toBe(true);
  });

  test("without a token configured, /metrics is open and shows public repositories only", async () => {
    const scope = mockRepoReads(mockDirectory(nock(API), [PUBLIC, PRIVATE]), PUBLIC, DATA);
    await start(undefined);
    const text = await (await scrape()).text();
    expect(text).toContain('repository="Codertocat/Hello-World"');
    expect(text).not.toContain("secret-pipeline");
    expect(scope.isDone()).toBe(true);
  });

  test("webhook deliveries by event and outcome, including forged ones", async () => {
    await start(undefined);
    nock(API).get("/app/installations").query(true).reply(200, []);
    const body = JSON.stringify(commentPayload("just a comment, no command"));
    const signature = `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`;
    const headers = { "content-type": "application/json", "x-github-event": "issue_comment", "x-github-delivery": "d-1" };
    expect(
      (await fetch(`${app!.base}/api/github/webhooks`, { method: "POST", body, headers: { ...headers, "x-hub-signature-256": signature } })).status,
    ).toBe(200);
    expect(
      (
        await fetch(`${app!.base}/api/github/webhooks`, {
          method: "POST",
          body,
          headers: { ...headers, "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
        })
      ).status,
    ).toBe(400);
    const text = await (await scrape()).text();
    expect(line(text, 'batch_ops_webhook_deliveries_total{event="issue_comment.created",outcome="received"}')).toMatch(/ 1$/);
    expect(line(text, 'batch_ops_webhook_deliveries_total{event="issue_comment",outcome="rejected"}')).toMatch(/ 1$/);
    expect(text).not.toMatch(/outcome="failed"/);
  });

  test("a health read that fails is counted and leaves the other series", async () => {
    nock(API).get("/app/installations").query(true).reply(403, { message: "forbidden" });
    await start(undefined);
    const text = await (await scrape()).text();
    expect(line(text, "batch_ops_health_read_errors_total")).toMatch(/ 1$/);
    expect(line(text, 'batch_ops_github_api_requests_total{status="403"}')).toMatch(/ 1$/);
  });
});
