import { createHash } from "node:crypto";
import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { API, measure, resetNock, result, type BenchResult, type CallCounts } from "./harness.js";
import { testPrivateKey } from "../test/helpers/keys.js";
import { UnthrottledOctokit } from "../test/helpers/octokit.js";
import { HTML, quietControl, runPayload } from "../test/helpers/batch-run.js";
import { EtagCache } from "../src/github/conditional-requests.js";
import { ScheduleRunner } from "../src/app/schedule/runner.js";
import { scheduledTasks } from "../src/app/schedule/tasks.js";
import { redeliveryTask } from "../src/catchup/redelivery-task.js";
import { ControlStore } from "../src/control/store.js";
import { MemoryRedeliveryStore } from "../src/coordination/redelivery-store.js";
import { DEFAULT_CATCHUP } from "../src/config/catchup-settings.js";
import { Exclusive } from "../src/coordination/exclusive.js";

const NOW = new Date("2026-11-27T10:00:00Z");
const REPOS = ["alpha", "beta", "gamma"];

function etagOf(body: unknown): string {
  return `"${createHash("sha1")
    .update(typeof body === "string" ? body : JSON.stringify(body))
    .digest("hex")
    .slice(0, 16)}"`;
}

function blobSha(text: string): string {
  return createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0`)
    .update(text)
    .digest("hex");
}

/** A run as the runs API lists it, completed `minutesAgo`. */
function listedRun(repo: string, id: number, minutesAgo: number): Record<string, unknown> {
  const completedAt = new Date(NOW.getTime() - minutesAgo * 60_000).toISOString().replace(".000", "");
  const run = runPayload({ id, completedAt }).workflow_run;
  run.repository = { ...run.repository, id: 1296269 };
  run.head_repository = { ...run.head_repository, id: 1296269 };
  run.html_url = `https://github.com/Codertocat/${repo}/actions/runs/${id}`;
  run.created_at = completedAt;
  return run;
}

interface RepoState {
  control: string;
  runs: Record<string, unknown>[];
}

/**
 * GitHub for N quiet repositories of one installation, every read answered with an ETag (and 304 when
 * asked again with it, as GitHub does; a 304 costs no rate limit), the control file with real
 * compare-and-swap, and the App's deliveries.
 */
function mockGitHub(repos: Map<string, RepoState>): void {
  const scope = nock(API).persist();
  const conditional = (path: string | RegExp, body: () => nock.Body) =>
    scope
      .get(path)
      .query(true)
      .reply(function () {
        const value = body();
        const etag = etagOf(value);
        return this.req.headers["if-none-match"] === etag ? [304, ""] : [200, value, { etag }];
      });
  scope.post("/app/installations/2/access_tokens").reply(201, { token: "t", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
  conditional("/app/installations", () => [{ id: 2, suspended_at: null }]);
  conditional("/app/hook/deliveries", () => [
    { id: 9, guid: "g", delivered_at: "2026-11-27T09:00:00Z", redelivery: false, status_code: 202, event: "push", action: null },
  ]);
  conditional("/installation/repositories", () => ({
    total_count: repos.size,
    repositories: [...repos.keys()].map((name, i) => ({
      id: 10 + i,
      name,
      full_name: `Codertocat/${name}`,
      owner: { login: "Codertocat" },
      archived: false,
      disabled: false,
      private: false,
      default_branch: "main",
      html_url: `https://github.com/Codertocat/${name}`,
    })),
  }));
  for (const [name, state] of repos) {
    const path = `/repos/Codertocat/${name}`;
    conditional(`${path}/contents/.github%2Fbatch-ops.yml`, () => "staleness_hours: 6\n");
    conditional(`${path}/contents/batch-control.json`, () => ({
      type: "file",
      encoding: "base64",
      size: state.control.length,
      sha: blobSha(state.control),
      content: Buffer.from(state.control).toString("base64"),
    }));
    scope.put(`${path}/contents/batch-control.json`).reply((_uri, body) => {
      const request = body as { sha: string; content: string };
      if (request.sha !== blobSha(state.control)) return [409, { message: "does not match" }];
      state.control = Buffer.from(request.content, "base64").toString("utf8");
      const sha = blobSha(state.control);
      return [200, { content: { sha }, commit: { sha, html_url: `${HTML}/commit/${sha}` } }];
    });
    conditional(`${path}/actions/workflows/batch-operations.yml/runs`, () => ({
      total_count: state.runs.length,
      workflow_runs: state.runs.slice(0, 30),
    }));
    scope.get(`${path}/actions/workflows/seed-queue.yml/runs`).query(true).reply(404, { message: "Not Found" });
    scope
      .get(new RegExp(`^${path}/actions/runs/\\d+/attempts/1/jobs`))
      .query(true)
      .reply(200, () => ({
        total_count: 2,
        jobs: ["npm", "pypi"].map((eco, i) => ({
          id: i + 1,
          name: `process (${eco})`,
          run_attempt: 1,
          status: "completed",
          conclusion: "success",
          started_at: "2026-11-27T08:00:00Z",
          completed_at: "2026-11-27T08:02:59Z",
          labels: ["ubuntu-latest"],
          html_url: `${HTML}/job/${i}`,
        })),
      }));
    conditional(`${path}/issues`, () => []);
  }
}

/** The tick as `npm start` wires it (conditional requests, the redelivery pass), with calls counted by route and by status. */
function tickRunner(counts: CallCounts, statuses: Record<string, number>): ScheduleRunner {
  const route = (options: { method?: string; url?: string }) =>
    `${options.method} ${String(options.url)
      .replace(/^https:\/\/api\.github\.com/, "")
      .replace(/\?.*$/, "")
      .replace(/^\/repos\/Codertocat\/[^/]+\//, "/repos/{owner}/{repo}/")
      .replace(/\/actions\/runs\/\d+\//, "/actions/runs/{run_id}/")}`;
  const Counting = UnthrottledOctokit.plugin((octokit) => {
    octokit.hook.wrap("request", async (request, options) => {
      const key = route(options);
      counts[key] = (counts[key] ?? 0) + 1;
      try {
        const response = await request(options);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        return response;
      } catch (error) {
        const status = (error as { status?: number }).status ?? 0;
        statuses[status] = (statuses[status] ?? 0) + 1;
        throw error;
      }
    });
  });
  const probot = new Probot({ appId: 1, privateKey: testPrivateKey(), log: pino({ level: "silent" }), Octokit: Counting });
  return new ScheduleRunner({
    auth: (installationId) => probot.auth(installationId),
    store: new ControlStore({ clock: () => NOW }),
    clock: () => NOW,
    tasks: scheduledTasks(), // a fresh runner per bench: nothing remembered from another
    log: pino({ level: "silent" }),
    etags: new EtagCache(),
    appTasks: [redeliveryTask({ settings: DEFAULT_CATCHUP.redelivery, store: new MemoryRedeliveryStore(), clock: () => NOW })],
    services: { exclusive: new Exclusive(), seedingLock: new Exclusive(), reconcileMaxRunsPerTick: 20 },
  });
}

function clear(...records: Record<string, number>[]): void {
  for (const record of records) for (const key of Object.keys(record)) delete record[key];
}

/** A tick with nothing to catch up, over three repositories: every read revalidated with its ETag. */
async function benchIdleTick(runs: number): Promise<{ result: BenchResult; rateLimited: number }> {
  resetNock();
  const repos = new Map(
    REPOS.map((name) => [
      name,
      {
        control: quietControl((c) => (c.batch_runs = { applied: ["7000.1"], last_completed_at: "2026-11-27T09:00:00Z" })),
        runs: [listedRun(name, 7000, 60)],
      },
    ]),
  );
  mockGitHub(repos);
  const counts: CallCounts = {};
  const statuses: Record<string, number> = {};
  const runner = tickRunner(counts, statuses);
  await runner.tick(); // first tick: every read answered 200 and its ETag kept
  clear(counts, statuses);
  const timing = await measure(runs, async () => void (await runner.tick()));
  const perTick = (n: number) => Math.round((n / runs) * 100) / 100;
  const rateLimited = perTick(
    Object.entries(statuses)
      .filter(([status]) => status !== "304")
      .reduce((n, [, v]) => n + v, 0),
  );
  const notModified = perTick(statuses["304"] ?? 0);
  return {
    rateLimited,
    // This bench tells 304s apart by status, not by route: the counted figure is the one above.
    result: withRateLimited(
      rateLimited,
      result(
        `schedule tick with nothing to catch up: 1 App, ${REPOS.length} repositories (conditional requests)`,
        counts,
        timing,
        `requests that cost rate limit per tick: ${rateLimited} (target ≤ ${2 * REPOS.length + 1} = 2 per repository + 1 per App); ${notModified} of the ${perTick(Object.values(statuses).reduce((a, b) => a + b, 0))} requests answered 304 Not Modified, which costs no rate limit. Per repository: config, control file, the batch workflow's runs (reconcile, watchdog), the seeding digest (open, recently closed) and the staleness issue; per App: installations, deliveries; per installation: its repositories. A repository without a seeding workflow costs one 404 an hour.`,
      ),
    ),
  };
}

function withRateLimited(calls: number, bench: BenchResult): BenchResult {
  return { ...bench, rate_limited_calls_per_event: calls };
}

/** One repository with 20 completed runs whose webhooks never arrived: the tick applies all 20. */
async function benchCatchUp(runs: number): Promise<BenchResult> {
  const counts: CallCounts = {};
  const statuses: Record<string, number> = {};
  let total = 0;
  const timing = await measure(runs, async () => {
    resetNock();
    const state = {
      control: quietControl((c) => (c.batch_runs = { applied: ["7000.1"], last_completed_at: "2026-11-27T07:00:00Z" })),
      runs: [...Array.from({ length: 20 }, (_, i) => listedRun("alpha", 7020 - i, 100 - i * 5 - 10)), listedRun("alpha", 7000, 180)],
    };
    mockGitHub(new Map([["alpha", state]]));
    const runner = tickRunner(counts, statuses);
    await runner.tick();
    const applied = (JSON.parse(state.control).batch_runs.applied as string[]).length;
    if (applied !== 21) throw new Error(`expected 21 runs applied, saw ${applied}`);
    total++;
  });
  return result(
    "schedule tick catching up 20 batch runs whose webhooks never arrived (one repository)",
    counts,
    timing,
    `per tick (first tick of a fresh process, so the installation token and every first read are included): each run costs its jobs list, one control-file read and one write; ${total} ticks measured`,
  );
}

export async function benchCatchup(runs = 60): Promise<BenchResult[]> {
  const idle = await benchIdleTick(runs);
  return [idle.result, await benchCatchUp(Math.max(10, Math.floor(runs / 6)))];
}
