import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { readFileSync } from "node:fs";
import type { AppDeps } from "../../../src/core/deps.js";
import type { PipelineHealth } from "../../../src/health-page/pipeline-health.js";
import { ControlStore } from "../../../src/control/store.js";
import { testDeps } from "../../helpers/probot.js";
import { startAppServer, type RunningApp } from "../../helpers/app-server.js";
import { API, mockDirectory, mockRepoReads, workflowRun, type MockRepo, type RepoData } from "../../helpers/pipeline-mocks.js";

const control = readFileSync(new URL("../../fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const TOKEN = "dashboard-token-0123456789";
const PUBLIC: MockRepo = { owner: "Codertocat", name: "Hello-World", private: false };
const PRIVATE: MockRepo = { owner: "Codertocat", name: "secret-pipeline", private: true };
const DATA: RepoData = {
  config: "batch_workflows: [batch-generate.yml]\n",
  control,
  workflow: "batch-generate.yml",
  runs: [
    workflowRun(103, "failure", "2026-06-26T20:51:08Z"),
    workflowRun(102, "failure", "2026-06-26T18:56:26Z"),
    workflowRun(101, "success", "2026-06-26T16:20:20Z"),
  ],
  issues: { "batch-ops:incident": 1, "seeding:review": 3 },
};

let now = new Date("2026-06-26T21:00:00Z");
let app: RunningApp | undefined;

function deps(overrides: Partial<AppDeps> = {}): AppDeps {
  return testDeps({
    store: new ControlStore(),
    clock: () => now,
    dashboard: { token: TOKEN, cacheSeconds: 60 },
    ...overrides,
  });
}

async function start(overrides: Partial<AppDeps> = {}): Promise<RunningApp> {
  app = await startAppServer(deps(overrides));
  return app;
}

function get(path: string, headers: Record<string, string> = {}, method = "GET") {
  return fetch(`${app!.base}${path}`, { method, headers, redirect: "manual" });
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

describe("/pipeline/", () => {
  test("lists public repositories to anyone, and private ones too with the token", async () => {
    const scope = mockDirectory(nock(API), [PUBLIC, PRIVATE]);
    await start();
    const anonymous = await get("/pipeline/");
    expect(anonymous.status).toBe(200);
    const page = await anonymous.text();
    expect(page).toContain('<a href="Codertocat/Hello-World/">Codertocat/Hello-World</a>');
    expect(page).not.toContain("secret-pipeline");
    const withHeader = await (await get("/pipeline/", { authorization: `Bearer ${TOKEN}` })).text();
    expect(withHeader).toContain('<a href="Codertocat/secret-pipeline/">Codertocat/secret-pipeline</a> <span class="tag muted">private</span>');
    const withQuery = await (await get(`/pipeline/?token=${TOKEN}`)).text();
    expect(withQuery).toContain(`<a href="Codertocat/secret-pipeline/?token=${TOKEN}">`);
    expect(await (await get("/pipeline/?token=wrong-token-but-long-enough")).text()).not.toContain("secret-pipeline");
    // Three views, one listing: the directory is cached for the interval.
    expect(scope.isDone()).toBe(true);
  });

  test("headers: HTML with a strict CSP, never cached, no referrer", async () => {
    mockDirectory(nock(API), [PUBLIC], { token: true });
    await start();
    const response = await get("/pipeline/");
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("/pipeline/<owner>/<repo>/", () => {
  test("the health panel, server-rendered from the repository's data", async () => {
    const scope = mockRepoReads(mockDirectory(nock(API), [PUBLIC]), PUBLIC, DATA);
    await start();
    const response = await get("/pipeline/Codertocat/Hello-World/");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<meta http-equiv="refresh" content="60">');
    expect(html).toContain('<th scope="row">npm</th><td><span class="tag bad">open</span></td><td class="num">696</td>');
    expect(html).toContain("half-open in 51m");
    expect(html).toContain('<a href="https://github.com/Codertocat/Hello-World/actions/runs/103">batch-generate.yml#103</a>');
    expect(html).toContain('<tr><th scope="row">Runs since last success</th><td><span class="tag warn">2</span></td></tr>');
    expect(html).toContain('<span class="tag warn">3 open</span>');
    expect(html).not.toContain("stale-banner");
    expect(scope.isDone()).toBe(true);
  });

  test("health.json: the same data as JSON", async () => {
    const scope = mockRepoReads(mockDirectory(nock(API), [PUBLIC]), PUBLIC, DATA);
    await start();
    const response = await get("/pipeline/Codertocat/Hello-World/health.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const health = (await response.json()) as PipelineHealth;
    expect(health).toMatchObject({
      repository: "Codertocat/Hello-World",
      generated_at: "2026-06-26T21:00:00Z",
      problems: [],
      stop: { enabled: true, disabled_ecosystems: [] },
      runs: {
        workflows: ["batch-generate.yml"],
        last_run: { batch_id: "batch-generate.yml#103", timestamp: "2026-06-26T20:51:08Z", conclusion: "failure" },
        last_successful_run: { batch_id: "batch-generate.yml#101", conclusion: "success" },
        runs_since_last_success: 2,
        runs_since_last_success_is_lower_bound: false,
      },
      staleness: { stale: false, threshold_hours: 2, seconds_since_last_run: 532 },
    });
    expect(health.issues.map((i) => i.open)).toEqual([1, 0, 0, 3]);
    expect(health.health.ecosystems.npm).toEqual({
      breaker_state: "open",
      failures: 696,
      last_failure: "2026-06-26T20:51:01Z",
      opens_at: "2026-06-26T21:51:01Z",
    });
    expect(scope.isDone()).toBe(true);
  });

  test("many views within the interval cost one refresh; after it, every read is conditional and a 304 keeps the page", async () => {
    const scope = mockRepoReads(mockDirectory(nock(API), [PUBLIC]), PUBLIC, DATA);
    await start();
    const first = await (await get("/pipeline/Codertocat/Hello-World/")).text();
    for (let i = 0; i < 5; i++) expect((await get("/pipeline/Codertocat/Hello-World/")).status).toBe(200);
    expect((await get("/pipeline/Codertocat/Hello-World/health.json")).status).toBe(200);
    expect(scope.isDone()).toBe(true);

    now = new Date(now.getTime() + 60_000);
    const revalidate = nock(API);
    revalidate.get("/app/installations").query({ per_page: "100" }).matchHeader("if-none-match", '"installations-1"').reply(304, "");
    revalidate.get("/installation/repositories").query({ per_page: "100" }).matchHeader("if-none-match", '"repositories-1"').reply(304, "");
    mockRepoReads(revalidate, PUBLIC, DATA, { notModified: true });
    const second = await (await get("/pipeline/Codertocat/Hello-World/")).text();
    expect(revalidate.isDone()).toBe(true);
    // Same data; only the clock-relative parts moved by a minute.
    expect(second).toContain('<th scope="row">npm</th><td><span class="tag bad">open</span></td><td class="num">696</td>');
    expect(second).toContain("half-open in 50m");
    expect(first).toContain("half-open in 51m");
  });

  test("the stale banner appears when the last run is more than staleness_hours old", async () => {
    const scope = mockRepoReads(mockDirectory(nock(API), [PUBLIC]), PUBLIC, DATA);
    now = new Date("2026-06-26T22:51:09Z");
    await start();
    const html = await (await get("/pipeline/Codertocat/Hello-World/")).text();
    expect(html).toContain('id="stale-banner"');
    expect(html).toContain("no batch has run in more than 2 hours");
    expect(scope.isDone()).toBe(true);
  });

  test("a private repository is shown only with the token, and otherwise answers exactly like a missing one", async () => {
    const scope = mockRepoReads(mockDirectory(nock(API), [PUBLIC, PRIVATE]), PRIVATE, DATA);
    await start();
    const hidden = await get("/pipeline/Codertocat/secret-pipeline/");
    const missing = await get("/pipeline/Codertocat/no-such-repo/");
    const wrong = await get("/pipeline/Codertocat/secret-pipeline/", { authorization: "Bearer not-the-dashboard-token" });
    expect([hidden.status, missing.status, wrong.status]).toEqual([404, 404, 404]);
    const bodies = [await hidden.text(), await missing.text(), await wrong.text()];
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).not.toMatch(/secret|private|no-such-repo/);
    const hiddenJson = await get("/pipeline/Codertocat/secret-pipeline/health.json");
    const missingJson = await get("/pipeline/Codertocat/no-such-repo/health.json");
    expect([hiddenJson.status, await hiddenJson.text()]).toEqual([missingJson.status, await missingJson.text()]);
    // The repository's own data is read only once the token is accepted.
    expect(scope.pendingMocks().length).toBeGreaterThan(0);
    const shown = await get("/pipeline/Codertocat/secret-pipeline/", { authorization: `Bearer ${TOKEN}` });
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain("Codertocat/secret-pipeline");
    const byQuery = await get(`/pipeline/Codertocat/secret-pipeline/health.json?token=${TOKEN}`);
    expect(byQuery.status).toBe(200);
    expect(scope.isDone()).toBe(true);
  });

  test("without DASHBOARD_TOKEN configured no token opens a private repository", async () => {
    const scope = mockDirectory(nock(API), [PRIVATE]);
    await start({ dashboard: { cacheSeconds: 60 } });
    expect((await get("/pipeline/Codertocat/secret-pipeline/", { authorization: "Bearer " })).status).toBe(404);
    expect((await get("/pipeline/Codertocat/secret-pipeline/?token=")).status).toBe(404);
    expect((await get("/pipeline/Codertocat/secret-pipeline/?token=undefined")).status).toBe(404);
    expect(scope.isDone()).toBe(true);
  });

  test("names are matched case-insensitively", async () => {
    const scope = mockRepoReads(mockDirectory(nock(API), [PUBLIC]), PUBLIC, DATA);
    await start();
    expect((await get("/pipeline/codertocat/hello-world/health.json")).status).toBe(200);
    expect(scope.isDone()).toBe(true);
  });

  test("what cannot be read is listed on the page, the rest is still shown", async () => {
    const scope = mockDirectory(nock(API), [PUBLIC]);
    scope.get("/repos/Codertocat/Hello-World/contents/.github%2Fbatch-ops.yml").reply(200, "batch_workflows: [missing.yml]\nstaleness_hours: -1\n");
    scope
      .get("/repos/Codertocat/Hello-World/contents/batch-control.json")
      .query({ ref: "main" })
      .reply(200, { type: "file", encoding: "base64", size: 5, sha: "x", content: Buffer.from("{nope").toString("base64") });
    scope.get("/repos/Codertocat/Hello-World/actions/workflows/batch-operations.yml/runs").query(true).reply(404, { message: "Not Found" });
    scope.get("/repos/Codertocat/Hello-World/issues").query(true).times(3).reply(200, []);
    scope
      .get("/repos/Codertocat/Hello-World/issues")
      .query({ state: "open", labels: "seeding:review", per_page: "100" })
      .reply(500, { message: "boom" });
    await start();
    const health = (await (await get("/pipeline/Codertocat/Hello-World/health.json")).json()) as PipelineHealth;
    expect(health.problems).toEqual([
      expect.stringMatching(/^\.github\/batch-ops\.yml is invalid, defaults shown: staleness_hours → /),
      expect.stringMatching(/^batch-control\.json is invalid, so its state is not shown: \(root\) → not valid JSON/),
      "workflow batch-operations.yml not found",
      "open seeding:review issues cannot be counted: boom",
    ]);
    expect(health.control_file).toMatchObject({ exists: true, valid: false });
    expect(health.issues[3]!.open).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });
});

describe("routing", () => {
  test("redirects to the canonical trailing slash, keeping the query", async () => {
    await start();
    const bare = await get("/pipeline?token=x");
    expect([bare.status, bare.headers.get("location")]).toEqual([301, "/pipeline/?token=x"]);
    const repo = await get("/pipeline/Codertocat/Hello-World");
    expect([repo.status, repo.headers.get("location")]).toEqual([301, "/pipeline/Codertocat/Hello-World/"]);
  });

  test("only GET and HEAD", async () => {
    mockDirectory(nock(API), [PUBLIC]);
    await start();
    const post = await get("/pipeline/", {}, "POST");
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
    const head = await get("/pipeline/", {}, "HEAD");
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  test("paths that cannot name a repository are 404 without asking GitHub", async () => {
    await start();
    for (const path of ["/pipeline/a/b/c/", "/pipeline/-bad-/repo/", "/pipeline/o/r/other.json", "/pipeline/o/%E0%A4%A/", "/pipeline/o/r%20x/"]) {
      expect([path, (await get(path)).status]).toEqual([path, 404]);
    }
  });

  test("other paths are left to the rest of the server", async () => {
    await start();
    expect(await (await get("/ping")).text()).toBe("PONG");
    expect((await get("/pipelines")).status).toBe(404);
  });

  test("GitHub unreachable: 503 with a retry, and the failure is not retried on every view", async () => {
    const scope = nock(API).get("/app/installations").query(true).reply(500, { message: "down" });
    await start();
    const first = await get("/pipeline/Codertocat/Hello-World/");
    expect(first.status).toBe(503);
    expect(await first.text()).toContain("GitHub could not be read just now");
    expect((await get("/pipeline/")).status).toBe(503);
    expect((await get("/pipeline/Codertocat/Hello-World/health.json")).status).toBe(503);
    expect(scope.isDone()).toBe(true);
  });
});
