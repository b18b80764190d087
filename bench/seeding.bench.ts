import nock from "nock";
import { pino } from "pino";
import { API, benchDeps, benchProbot, measure, resetNock, result, type BenchResult, type CallCounts } from "./harness.js";
import { benchQueueAccept } from "./queue-accept.bench.js";
import { examplePayload, OWNER, REPO } from "../test/helpers/payloads.js";
import { APP_ID, APP_SLUG, FakeIssues, mockRunArtifact, repoRef, zipOf } from "../test/helpers/seeding.js";
import { UnthrottledOctokit } from "../test/helpers/octokit.js";
import { defaultRepoConfig } from "../src/config/validate.js";
import { seedingContinuationTask } from "../src/seeding/continuation-task.js";
import { Exclusive } from "../src/coordination/exclusive.js";

const NOW = new Date("2026-11-27T10:00:00Z");

function baseScope(): nock.Scope {
  const scope = nock(API).persist();
  scope.post("/app/installations/2/access_tokens").reply(200, { token: "t", permissions: {} });
  scope.get("/app").reply(200, { id: APP_ID, slug: APP_SLUG });
  scope.get(/\/contents\/\.github%2Fbatch-ops\.yml/).reply(404, { message: "Not Found" });
  return scope;
}

function summaryWith(changes: number): string {
  const names = Array.from({ length: changes }, (_, i) => `tool-${i}`);
  return JSON.stringify({
    sources_processed: ["homebrew", "crates.io", "npm", "pypi", "rubygems"],
    sources_failed: [],
    new_packages: 12,
    stale_refreshed: 198,
    source_changes: names.map((p) => ({ package: p, old: `homebrew:${p}`, new: `crates.io:${p}`, priority: 2, auto_accepted: false })),
    curated_skipped: 277,
    curated_invalid: [],
    errors: [],
  });
}

function runPayload(runId: number): unknown {
  const payload = examplePayload("workflow_run", "completed");
  Object.assign(payload.repository, {
    full_name: `${OWNER}/${REPO}`,
    name: REPO,
    default_branch: "main",
    html_url: `https://github.com/${OWNER}/${REPO}`,
  });
  payload.repository.owner.login = OWNER;
  Object.assign(payload.workflow_run, {
    id: runId,
    run_number: runId,
    path: ".github/workflows/seed-queue.yml",
    conclusion: "success",
    head_branch: "main",
    html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/${runId}`,
    run_started_at: NOW.toISOString(),
  });
  payload.workflow_run.head_repository = { ...payload.workflow_run.head_repository, full_name: `${OWNER}/${REPO}` };
  payload.installation = { id: 2 };
  return payload;
}

/** A seeding run whose summary has 50 changes to review: 20 issues opened (the default cap), the digest written. */
async function benchSummary(runs: number): Promise<BenchResult[]> {
  resetNock();
  baseScope();
  const issues = new FakeIssues(nock(API));
  const zip = zipOf({ "seeding-summary.json": summaryWith(50) });
  const counts: CallCounts = {};
  const probot = benchProbot(benchDeps(NOW), counts);
  const deliver = async (id: string) => {
    issues.issues.length = 0; // every run starts with no review issues and no digest
    mockRunArtifact(nock(API), 30, zip);
    await probot.receive({ id, name: "workflow_run", payload: runPayload(30) } as never);
  };
  for (let i = 0; i < 3; i++) await deliver(`w${i}`);
  for (const key of Object.keys(counts)) delete counts[key];
  const timing = await measure(runs, (i) => deliver(`s${i}`));
  if (issues.withLabel("seeding:review").length !== 20) throw new Error("expected 20 review issues");

  // The continuation: a schedule tick opens the next 20 of the 30 left.
  const tickCounts: CallCounts = {};
  const Counting = UnthrottledOctokit.plugin((octokit) => {
    octokit.hook.before("request", (options) => {
      const key = `${options.method} ${options.url}`;
      tickCounts[key] = (tickCounts[key] ?? 0) + 1;
    });
  });
  const github = new Counting({ auth: { token: "t" } });
  const config = defaultRepoConfig();
  const log = pino({ level: "silent" });
  const lock = new Exclusive();
  const afterRun = issues.issues.map((i) => ({ ...i, labels: [...i.labels] }));
  const tickTiming = await measure(Math.max(5, Math.floor(runs / 2)), async () => {
    issues.issues.length = 0;
    issues.issues.push(...afterRun.map((i) => ({ ...i, labels: [...i.labels] })));
    mockRunArtifact(nock(API), 30, zip);
    await seedingContinuationTask.run({
      github,
      repo: repoRef,
      config,
      store: undefined as never,
      now: NOW,
      log,
      exclusive: lock,
      seedingLock: lock,
    });
  });
  if (issues.withLabel("seeding:review").length !== 40) throw new Error("expected 40 review issues after a tick");
  return [
    result(
      "workflow_run.completed: seeding summary with 50 changes to review (20 issues opened, digest created)",
      counts,
      timing,
      "real zip built in process, served from a mocked storage host; review issues are created one by one (secondary rate limits)",
    ),
    result(
      "schedule tick: open the next 20 of the 30 left over",
      tickCounts,
      tickTiming,
      "the tick re-reads the run's artifact; the digest keeps only where each run stands",
    ),
  ];
}

export async function benchSeeding(): Promise<BenchResult[]> {
  // The accept's peak RSS is the server process's own (bench/queue-accept.bench.ts), with and without the memory saver.
  return [await benchQueueAccept(30), await benchQueueAccept(30, "off"), ...(await benchSummary(20))];
}
