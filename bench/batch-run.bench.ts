import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { API, benchDeps, measure, resetNock, result, type BenchResult, type CallCounts } from "./harness.js";
import { createApp } from "../src/app/index.js";
import { FakeFile } from "../test/helpers/fake-repo.js";
import { REPO_PATH } from "../test/helpers/payloads.js";
import { apiJob, HTML, quietControl, runPayload } from "../test/helpers/batch-run.js";
import { testPrivateKey } from "../test/helpers/keys.js";
import { UnthrottledOctokit } from "../test/helpers/octokit.js";
import { ScheduleRunner } from "../src/app/schedule/runner.js";
import { ControlStore } from "../src/control/store.js";
import { breakerRecoveryTask } from "../src/breakers/breaker-recovery-task.js";
import { budgetWeekTask } from "../src/breakers/budget-week-task.js";
import { watchdogTask } from "../src/breakers/watchdog-task.js";
import { resumeReminderTask } from "../src/stop/resume-reminder-task.js";
import { Exclusive } from "../src/coordination/exclusive.js";

const NOW = new Date("2026-11-27T10:00:00Z");

/**
 * Counts requests by route: templates as Octokit gives them, paginated URLs folded back into templates,
 * and the contents route split by file, so config reads and control-file reads are told apart.
 */
function countingOctokit(counts: CallCounts) {
  return UnthrottledOctokit.plugin((octokit) => {
    octokit.hook.before("request", (options) => {
      let route = String(options.url)
        .replace(/^https:\/\/api\.github\.com/, "")
        .replace(/\?.*$/, "")
        .replace(/^\/repos\/[^/]+\/[^/]+\//, "/repos/{owner}/{repo}/")
        .replace(/\/actions\/runs\/\d+\/attempts\/\d+\/jobs$/, "/actions/runs/{run_id}/attempts/{attempt_number}/jobs");
      if (route.endsWith("/contents/{path}")) route += ` (${String(options["path"])})`;
      const key = `${options.method} ${route}`;
      counts[key] = (counts[key] ?? 0) + 1;
    });
  });
}

function countingProbot(counts: CallCounts): Probot {
  return new Probot({ appId: 1, privateKey: testPrivateKey(), log: pino({ level: "silent" }), Octokit: countingOctokit(counts) });
}
const ECOSYSTEMS = ["homebrew", "crates.io", "npm", "pypi", "rubygems", "github", "go", "cpan", "cask", "nix"];

/** A completed batch run of ten ecosystem jobs (one macOS) on the real control file's breakers, all closed. */
async function benchCompletedRun(runs: number): Promise<BenchResult> {
  resetNock();
  const scope = nock(API).persist();
  scope.post("/app/installations/2/access_tokens").reply(200, { token: "t", permissions: {} });
  scope.get(/\/contents\/\.github%2Fbatch-ops\.yml/).reply(404, { message: "Not Found" });
  const jobs = ECOSYSTEMS.map((eco, i) =>
    apiJob({ name: `process (${eco})`, conclusion: "success", minutes: 3 + i, labels: i === 0 ? ["macos-14"] : ["ubuntu-latest"] }),
  );
  scope
    .get(/\/actions\/runs\/\d+\/attempts\/1\/jobs/)
    .query(true)
    .reply(200, { total_count: jobs.length, jobs });
  const base = quietControl();
  const file = new FakeFile("batch-control.json", base, scope);

  const counts: CallCounts = {};
  const probot = countingProbot(counts);
  await probot.load(createApp(benchDeps(NOW)));
  let id = 10_000;
  const deliver = (delivery: string) =>
    probot.receive({ id: delivery, name: "workflow_run", payload: runPayload({ id: id++, conclusion: "success" }) } as never);
  for (let i = 0; i < 20; i++) {
    file.text = base;
    await deliver(`w${i}`);
  }
  for (const key of Object.keys(counts)) delete counts[key];
  const before = file.commits.length;
  const timing = await measure(runs, async (i) => {
    file.text = base; // every run starts from the same week, so no threshold is crossed
    await deliver(`r${i}`);
  });
  if (file.commits.length - before !== runs) throw new Error(`expected ${runs} commits, saw ${file.commits.length - before}`);
  return result(
    "completed batch run (workflow_run.completed, 10 ecosystem jobs)",
    counts,
    timing,
    "target met: the jobs list, one read and one write of batch-control.json; the .github/batch-ops.yml reads are Probot's context.config, once per workflow_run handler (the batch and seeding handlers both read it; the owner's .github repository is asked when the repository has none)",
  );
}

/** One scheduled tick over one quiet repository: nothing due, no staleness, nobody stopped. */
async function benchQuietTick(runs: number): Promise<BenchResult> {
  resetNock();
  const scope = nock(API).persist();
  scope
    .get("/app/installations")
    .query(true)
    .reply(200, [{ id: 2, suspended_at: null }]);
  scope.post("/app/installations/2/access_tokens").reply(200, { token: "t", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
  scope
    .get("/installation/repositories")
    .query(true)
    .reply(200, {
      total_count: 1,
      repositories: [
        {
          id: 1,
          name: "Hello-World",
          full_name: "Codertocat/Hello-World",
          owner: { login: "Codertocat" },
          archived: false,
          disabled: false,
          default_branch: "main",
          html_url: HTML,
        },
      ],
    });
  scope.get(/\/contents\/\.github%2Fbatch-ops\.yml/).reply(404, { message: "Not Found" });
  scope
    .get(`${REPO_PATH}/actions/workflows/batch-operations.yml/runs`)
    .query(true)
    .reply(200, {
      total_count: 1,
      workflow_runs: [{ id: 1, html_url: `${HTML}/actions/runs/1`, conclusion: "success", updated_at: "2026-11-27T09:30:00Z" }],
    });
  scope.get(`${REPO_PATH}/issues`).query(true).reply(200, []);
  new FakeFile("batch-control.json", quietControl(), scope);

  const counts: CallCounts = {};
  const probot = countingProbot(counts);
  const runner = new ScheduleRunner({
    auth: (installationId) => probot.auth(installationId),
    store: new ControlStore({ clock: () => NOW }),
    clock: () => NOW,
    tasks: [breakerRecoveryTask, budgetWeekTask, watchdogTask, resumeReminderTask],
    log: pino({ level: "silent" }),
    services: { exclusive: new Exclusive(), seedingLock: new Exclusive() },
  });
  for (let i = 0; i < 10; i++) await runner.tick();
  for (const key of Object.keys(counts)) delete counts[key];
  const timing = await measure(runs, async () => {
    await runner.tick();
  });
  return result(
    "schedule tick, one quiet repository (recovery, budget week, watchdog, reminder)",
    counts,
    timing,
    "installation listing included; the installation token is cached after the first tick",
  );
}

export async function benchBatchRun(runs = 300): Promise<BenchResult[]> {
  return [await benchCompletedRun(runs), await benchQuietTick(Math.max(50, Math.floor(runs / 3)))];
}
