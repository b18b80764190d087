import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { pino } from "pino";
import { API, examplePayload, mockInstallationToken, OWNER, REPO, REPO_PATH, testProbot } from "../helpers/index.js";
import { FakeIssues, mockRunArtifact, repoRef, tokenOctokit } from "../helpers/seeding.js";
import { defaultRepoConfig } from "../../src/config/validate.js";
import { parseSeedingState } from "../../src/seeding/history.js";
import { seedingRunInfoOf } from "../../src/seeding/run-completed-handler.js";
import { processSeedingRun } from "../../src/seeding/seeding-run.js";
import { reconcileSeedingRuns, SeedingReconcileMemo } from "../../src/catchup/seeding-runs.js";
import { Exclusive } from "../../src/coordination/exclusive.js";
import { unprocessedSeedingRuns } from "../../src/catchup/seeding-plan.js";
import { ControlStore } from "../../src/control/store.js";
import type { ListedRun } from "../../src/github/completed-runs.js";

const NOW = new Date("2026-11-27T10:00:00Z");
const log = pino({ level: "silent" });
const config = defaultRepoConfig();

function seedRun(id: number, options: { attempt?: number; branch?: string; headRepo?: string; completedAt?: string } = {}): ListedRun {
  return {
    id,
    run_attempt: options.attempt ?? 1,
    run_number: id,
    status: "completed",
    conclusion: "success",
    html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/${id}`,
    created_at: `2026-11-${String(id).padStart(2, "0")}T03:00:00Z`,
    run_started_at: `2026-11-${String(id).padStart(2, "0")}T03:00:00Z`,
    updated_at: options.completedAt ?? `2026-11-${String(id).padStart(2, "0")}T03:30:00Z`,
    head_branch: options.branch ?? "main",
    head_repository: { full_name: options.headRepo ?? `${OWNER}/${REPO}` },
    path: ".github/workflows/seed-queue.yml",
  } as unknown as ListedRun;
}

const lock = new Exclusive();
function env() {
  return { github: tokenOctokit(), repo: repoRef, config, store: new ControlStore(), now: NOW, log, exclusive: lock, seedingLock: lock };
}

function mockSeedingRuns(scope: nock.Scope, runs: ListedRun[]) {
  return scope
    .get(`${REPO_PATH}/actions/workflows/seed-queue.yml/runs`)
    .query({ status: "completed", branch: "main", per_page: "20" })
    .reply(200, { total_count: runs.length, workflow_runs: runs });
}

let issues: FakeIssues;
let memo: SeedingReconcileMemo;
beforeEach(() => {
  nock.disableNetConnect();
  issues = new FakeIssues();
  memo = new SeedingReconcileMemo();
});
afterEach(() => {
  const fake = new Set(issues.scope.pendingMocks());
  const leftover = nock.pendingMocks().filter((m) => !fake.has(m));
  nock.cleanAll();
  expect(leftover).toEqual([]);
  nock.enableNetConnect();
});

const history = () => parseSeedingState(issues.withLabel("seeding:report")[0]!.body).state.runs.map((r) => `${r.run_id}.${r.attempt}`);

describe("seeding runs whose webhook never arrived", () => {
  test("runs newer than the newest in the digest are processed oldest first; forks, branches and older runs are not", async () => {
    const scope = nock(API);
    mockRunArtifact(scope, 11, null);
    await processSeedingRun({ github: tokenOctokit(), repo: repoRef, config, run: seedingRunInfoOf(seedRun(11)), log, lock });
    expect(history()).toEqual(["11.1"]);

    const listing = [
      seedRun(14, { headRepo: "mallory/Hello-World" }),
      seedRun(13),
      seedRun(12),
      seedRun(11),
      seedRun(10),
      seedRun(9, { branch: "feature" }),
    ];
    mockSeedingRuns(scope, listing);
    mockRunArtifact(scope, 12, null);
    mockRunArtifact(scope, 13, null);
    expect(await reconcileSeedingRuns(env(), memo)).toEqual({ processed: 2, left: 0 });
    expect(history()).toEqual(["11.1", "12.1", "13.1"]);
    expect(scope.pendingMocks()).toEqual([]);

    // Nothing new listed: the digest is not even read again.
    const calls = issues.calls.length;
    mockSeedingRuns(scope, listing);
    expect(await reconcileSeedingRuns(env(), memo)).toEqual({ processed: 0, left: 0 });
    expect(issues.calls.length).toBe(calls);
  });

  test("a re-run attempt of a recorded run is processed too", () => {
    const state = { runs: [{ run_id: 11, attempt: 1 } as never], pending: [] };
    const runs = [seedRun(14), seedRun(13), seedRun(12), seedRun(11, { attempt: 2 })];
    expect(unprocessedSeedingRuns(runs, state, repoRef, NOW).map((r) => `${r.id}.${r.run_attempt}`)).toEqual(["11.2", "12.1", "13.1", "14.1"]);
  });

  test("a digest without history looks back one day only", () => {
    const runs = [seedRun(27, { completedAt: "2026-11-27T03:30:00Z" }), seedRun(25, { completedAt: "2026-11-25T03:30:00Z" })];
    expect(unprocessedSeedingRuns(runs, { runs: [], pending: [] }, repoRef, NOW).map((r) => r.id)).toEqual([27]);
  });

  test("no seeding workflow in the repository: one request, nothing read, and not asked again for an hour", async () => {
    const scope = nock(API);
    scope.get(`${REPO_PATH}/actions/workflows/seed-queue.yml/runs`).query(true).reply(404, { message: "Not Found" });
    expect(await reconcileSeedingRuns(env(), memo)).toEqual({ processed: 0, left: 0 });
    expect(await reconcileSeedingRuns(env(), memo)).toEqual({ processed: 0, left: 0 });
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
    scope.get(`${REPO_PATH}/actions/workflows/seed-queue.yml/runs`).query(true).reply(200, { total_count: 0, workflow_runs: [] });
    expect(await reconcileSeedingRuns({ ...env(), now: new Date(NOW.getTime() + 3_600_001) }, memo)).toEqual({ processed: 0, left: 0 });
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a run its webhook and the schedule both bring is processed once (the digest records it)", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    scope
      .get(/batch-ops\.yml/)
      .times(2)
      .reply(404, { message: "Not Found" });
    mockRunArtifact(scope, 11, null);
    const payload = examplePayload("workflow_run", "completed");
    Object.assign(payload.repository, {
      full_name: `${OWNER}/${REPO}`,
      name: REPO,
      html_url: `https://github.com/${OWNER}/${REPO}`,
      default_branch: "main",
    });
    payload.repository.owner.login = OWNER;
    Object.assign(payload.workflow_run, seedRun(11));
    payload.installation = { id: 2 };
    const probot = testProbot();
    await probot.receive({ id: "first", name: "workflow_run", payload } as never);
    // The redelivery of another delivery id (say, a manual one after the claim expired): not processed again.
    // Only the repository's config is asked for: the owner-wide one was found missing a moment ago.
    scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
    await probot.receive({ id: "second", name: "workflow_run", payload } as never);
    expect(history()).toEqual(["11.1"]);
    expect(issues.comments).toHaveLength(1);
    expect(scope.pendingMocks()).toEqual([]);
  });
});
