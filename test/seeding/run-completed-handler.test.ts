import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { readFileSync } from "node:fs";
import { API, examplePayload, mockInstallationToken, OWNER, REPO, REPO_PATH, testDeps, testProbot } from "../helpers/index.js";
import { FakeIssues, mockRunArtifact, zipOf } from "../helpers/seeding.js";
import { DIGEST_TITLE } from "../../src/seeding/digest.js";
import { parseSeedingState } from "../../src/seeding/history.js";
import { readProposedChange } from "../../src/seeding/review-issue.js";
import { seedingContinuationTask } from "../../src/seeding/continuation-task.js";
import { scheduledTasks } from "../../src/app/schedule/tasks.js";
import { defaultRepoConfig, validateRepoConfig } from "../../src/config/validate.js";
import { repoRef, tokenOctokit } from "../helpers/seeding.js";
import { pino } from "pino";
import { Exclusive } from "../../src/coordination/exclusive.js";

const realRun = readFileSync(new URL("../fixtures/seeding-runs.tsuku.jsonl", import.meta.url), "utf8").trim();

function runPayload(runId: number, overrides: { path?: string; conclusion?: string; branch?: string; headRepo?: string } = {}) {
  const payload = examplePayload("workflow_run", "completed");
  payload.repository.full_name = `${OWNER}/${REPO}`;
  payload.repository.name = REPO;
  payload.repository.owner.login = OWNER;
  payload.repository.html_url = `https://github.com/${OWNER}/${REPO}`;
  payload.repository.default_branch = "main";
  Object.assign(payload.workflow_run, {
    id: runId,
    run_number: runId,
    run_attempt: 1,
    path: overrides.path ?? ".github/workflows/seed-queue.yml",
    conclusion: overrides.conclusion ?? "failure",
    head_branch: overrides.branch ?? "main",
    html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/${runId}`,
    run_started_at: `2026-11-${String(runId).padStart(2, "0")}T03:00:00Z`,
  });
  payload.workflow_run.head_repository = { ...payload.workflow_run.head_repository, full_name: overrides.headRepo ?? `${OWNER}/${REPO}` };
  payload.installation = { id: 2, node_id: "x" };
  return payload;
}

function change(pkg: string, autoAccepted = false, priority = 2) {
  return { package: pkg, old: `homebrew:${pkg}`, new: `crates.io:${pkg}`, priority, auto_accepted: autoAccepted };
}

function summary(overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    sources_processed: ["homebrew", "crates.io"],
    sources_failed: [],
    new_packages: 4,
    stale_refreshed: 10,
    source_changes: [change("neovim", false, 1), change("exa"), change("tokei", true, 3), change("grex")],
    curated_skipped: 2,
    curated_invalid: [],
    errors: [],
    ...overrides,
  });
}

/** Token (a Probot caches it after its first event) and "no config file" (all defaults), or the given YAML. */
function eventScope(config?: string, token = true) {
  const scope = nock(API);
  if (token) mockInstallationToken(scope);
  if (config === undefined) {
    scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
    // The owner-wide fallback, once found missing, is not asked again for a minute (github/repeat-reads.ts).
    scope.get(`/repos/${OWNER}/.github/contents/.github%2Fbatch-ops.yml`).optionally().reply(404, { message: "Not Found" });
  } else {
    scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(200, config);
  }
  return scope;
}

function deliver(probot: ReturnType<typeof testProbot>, payload: unknown, id = `d-${Math.random()}`) {
  return probot.receive({ id, name: "workflow_run", payload } as never);
}

let issues: FakeIssues;
beforeEach(() => {
  nock.disableNetConnect();
  issues = new FakeIssues();
});
afterEach(() => {
  // Every one-off mock (token, config, artifacts) was used; the fake issues API persists by design.
  const fake = new Set(issues.scope.pendingMocks());
  const leftover = nock.pendingMocks().filter((m) => !fake.has(m));
  nock.cleanAll();
  expect(leftover).toEqual([]);
  nock.enableNetConnect();
});

function digest() {
  const found = issues.withLabel("seeding:report");
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe("workflow_run.completed of the seeding workflow", () => {
  test("opens a review issue per change to review (skipping one already open), and a digest", async () => {
    issues.add({ title: "review: source change for exa", body: "older", labels: ["seeding:review"] });
    issues.labels.set("seeding:review", { color: "fbca04", description: "" });
    const scope = eventScope();
    mockRunArtifact(scope, 11, zipOf({ "seeding-summary.json": summary() }));
    await deliver(testProbot(), runPayload(11));

    const reviews = issues.withLabel("seeding:review").filter((i) => i.body !== "older");
    expect(reviews.map((i) => i.title)).toEqual(["review: source change for neovim", "review: source change for grex"]);
    expect(reviews[0]!.body).toContain("| Old source | `homebrew:neovim` |");
    expect(reviews[0]!.body).toContain("| Priority | 1 |");
    expect(readProposedChange(reviews[1]!.body)).toEqual({
      ok: true,
      change: { package: "grex", old: "homebrew:grex", new: "crates.io:grex", priority: 2, runId: 11 },
    });

    const d = digest();
    expect(d.title).toBe(DIGEST_TITLE);
    expect(d.body).toContain("| source changes | 4 |");
    expect(d.body).toContain("| auto-accepted | 1 |");
    expect(d.body).toContain("| to review | 3 |");
    expect(d.body).toContain("Review issues: 2 opened for this run, 1 already open.");
    expect(d.body).toContain(`Run [#11](https://github.com/${OWNER}/${REPO}/actions/runs/11)`);
    expect(parseSeedingState(d.body).state).toMatchObject({ runs: [{ run_id: 11, outcome: "ok", conclusion: "failure" }], pending: [] });
    expect(issues.labels.get("seeding:report")).toEqual({ color: "0e8a16", description: "The seeding run digest" });
    expect(issues.comments).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a person's issue with a review title and label is not a review (closing it changes nothing): the app's own is opened", async () => {
    const person = { login: "alice", id: 5, type: "User" };
    issues.add({ title: "review: source change for exa", body: "I think exa should move", labels: ["seeding:review"], user: person });
    issues.labels.set("seeding:review", { color: "fbca04", description: "" });
    const scope = eventScope();
    mockRunArtifact(scope, 11, zipOf({ "seeding-summary.json": summary() }));
    await deliver(testProbot(), runPayload(11));
    const byApp = issues.withLabel("seeding:review").filter((i) => i.user.type === "Bot");
    expect(byApp.map((i) => i.title)).toEqual([
      "review: source change for neovim",
      "review: source change for exa",
      "review: source change for grex",
    ]);
    expect(digest().body).toContain("Review issues: 3 opened for this run, 0 already open.");
  });

  test("creates the seeding:review label when it is missing", async () => {
    const scope = eventScope();
    mockRunArtifact(scope, 11, zipOf({ "seeding-summary.json": summary() }));
    await deliver(testProbot(), runPayload(11));
    expect(issues.labels.get("seeding:review")?.color).toBe("fbca04");
    expect(issues.calls.filter((c) => c === "POST /labels")).toHaveLength(2);
    expect(issues.withLabel("seeding:review")).toHaveLength(3);
  });

  test("runbook field names in the summary work the same", async () => {
    const scope = eventScope();
    const runbookShape = summary({
      source_changes: [{ package: "fd", old_source: "homebrew:fd", new_source: "crates.io:fd-find", priority: 1, auto_accepted: false }],
      curated_invalid: ["gone"],
    });
    mockRunArtifact(scope, 11, zipOf({ "seeding-summary.json": runbookShape }));
    await deliver(testProbot(), runPayload(11));
    const [review] = issues.withLabel("seeding:review");
    expect(review!.body).toContain("| New source | `crates.io:fd-find` |");
    expect(digest().body).toContain("| curated_invalid | 1 |");
  });

  test("no artifact: the digest says so with the upload step to add, and a comment notifies", async () => {
    const scope = eventScope();
    mockRunArtifact(scope, 12, null);
    await deliver(testProbot(), runPayload(12));
    const d = digest();
    expect(d.body).toContain("⚠️ **No summary could be read from this run**: run 12 uploaded no artifact named seeding-summary.");
    expect(d.body).toContain("uses: actions/upload-artifact@v4");
    expect(issues.comments).toHaveLength(1);
    expect(issues.comments[0]!.body).toContain("run 12 uploaded no artifact named seeding-summary");
    expect(issues.withLabel("seeding:review")).toEqual([]);
    expect(parseSeedingState(d.body).state.runs).toMatchObject([{ run_id: 12, outcome: "missing" }]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a malformed summary opens nothing and is reported", async () => {
    const scope = eventScope();
    mockRunArtifact(scope, 12, zipOf({ "seeding-summary.json": summary({ source_changes: [{ package: "bad name", old: "x", new: "y" }] }) }));
    await deliver(testProbot(), runPayload(12));
    expect(digest().body).toContain("This run's summary is malformed");
    expect(digest().body).toContain("source_changes.0.package");
    expect(issues.withLabel("seeding:review")).toEqual([]);
    expect(issues.comments).toHaveLength(1);
  });

  test("text from the artifact is escaped where it is quoted back", async () => {
    const scope = eventScope();
    mockRunArtifact(scope, 12, zipOf({ "<img src=x>@team.txt": "x" }));
    await deliver(testProbot(), runPayload(12));
    expect(issues.comments[0]!.body).toContain("it holds \\<img src=x\\>@\u200bteam.txt");
    expect(digest().body).toContain("it holds \\<img src=x\\>@\u200bteam.txt");
  });

  test("the same delivery twice is handled once", async () => {
    const scope = eventScope();
    mockRunArtifact(scope, 11, zipOf({ "seeding-summary.json": summary() }));
    const probot = testProbot();
    await deliver(probot, runPayload(11), "same");
    // The redelivery reads the config afresh (a 404 again; the owner-wide one is remembered missing),
    // then its delivery id is refused: no artifact, digest or issue call.
    scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
    await deliver(probot, runPayload(11), "same");
    expect(issues.withLabel("seeding:review")).toHaveLength(3);
    expect(issues.withLabel("seeding:report")).toHaveLength(1);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test.each([
    ["another workflow", { path: ".github/workflows/batch-generate.yml" }],
    ["a fork's run", { headRepo: "mallory/Hello-World" }],
    ["a run on another branch", { branch: "feature" }],
  ])("%s is ignored (no artifact read, nothing written)", async (_name, overrides) => {
    const scope = eventScope();
    await deliver(testProbot(), runPayload(11, overrides));
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a configured workflow and artifact name are used", async () => {
    const scope = eventScope("seeding:\n  workflow: weekly-seed.yml\n  artifact: summary\n  summary_file: out.json\n");
    mockRunArtifact(scope, 11, zipOf({ "out.json": summary() }), { name: "summary" });
    await deliver(testProbot(), runPayload(11, { path: ".github/workflows/weekly-seed.yml" }));
    expect(issues.withLabel("seeding:review")).toHaveLength(3);
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe("the per-run cap and its continuation by schedule ticks", () => {
  const config = "seeding:\n  max_issues_per_run: 2\n";
  const five = summary({ source_changes: ["a", "b", "c", "d", "e"].map((p) => change(`pkg-${p}`)) });

  async function tick() {
    const parsed = validateRepoConfig({ seeding: { max_issues_per_run: 2 } });
    if (!parsed.ok) throw new Error("config");
    await seedingContinuationTask.run({
      github: tokenOctokit(),
      repo: repoRef,
      config: parsed.config,
      store: undefined as never,
      now: new Date(),
      log: pino({ level: "silent" }),
      exclusive: new Exclusive(),
      seedingLock: new Exclusive(),
    });
  }

  test("at most max_issues_per_run per run; the rest is listed and opened by later ticks until none remain", async () => {
    expect(scheduledTasks().map((t) => t.name)).toContain(seedingContinuationTask.name);
    const scope = eventScope(config);
    mockRunArtifact(scope, 20, zipOf({ "seeding-summary.json": five }));
    await deliver(testProbot(), runPayload(20));
    expect(issues.withLabel("seeding:review").map((i) => i.title)).toEqual(["review: source change for pkg-a", "review: source change for pkg-b"]);
    expect(digest().body).toContain("**3 review issues still to open.**");
    expect(digest().body).toContain("3 left: `pkg-c`, `pkg-d`, `pkg-e`");
    expect(scope.pendingMocks()).toEqual([]);

    // A person already opened pkg-d by hand with the exact title: skipped, not duplicated.
    issues.add({ title: "review: source change for pkg-d", body: "by hand", labels: ["seeding:review"] });
    mockRunArtifact(nock(API), 20, zipOf({ "seeding-summary.json": five }));
    await tick();
    expect(
      issues
        .withLabel("seeding:review")
        .map((i) => i.title)
        .sort(),
    ).toEqual([
      "review: source change for pkg-a",
      "review: source change for pkg-b",
      "review: source change for pkg-c",
      "review: source change for pkg-d",
      "review: source change for pkg-e",
    ]);
    expect(parseSeedingState(digest().body).state).toMatchObject({ pending: [], runs: [{ run_id: 20, opened: 4, already_open: 1 }] });
    expect(digest().body).not.toContain("still to open");

    // Nothing pending: a tick only looks at the digest.
    const before = issues.calls.length;
    await tick();
    expect(issues.calls.slice(before)).toEqual(["GET /issues"]);
    expect(nock.pendingMocks().filter((m) => m.includes("artifacts"))).toEqual([]);
  });

  test("a tick whose artifact has expired stops that run's continuation and says so", async () => {
    const scope = eventScope(config);
    mockRunArtifact(scope, 20, zipOf({ "seeding-summary.json": five }));
    await deliver(testProbot(), runPayload(20));
    mockRunArtifact(nock(API), 20, zipOf({ "seeding-summary.json": five }), { expired: true });
    await tick();
    expect(parseSeedingState(digest().body).state.pending).toEqual([]);
    expect(issues.comments.map((c) => c.body)).toEqual([
      expect.stringContaining("Stopped opening the 3 remaining review issues of run 20: the artifact seeding-summary of run 20 has expired"),
    ]);
    expect(issues.withLabel("seeding:review")).toHaveLength(2);
  });

  test("a rate-limited creation stops the run where it is; the next tick carries on from there", async () => {
    const scope = eventScope(config);
    mockRunArtifact(scope, 20, zipOf({ "seeding-summary.json": five }));
    issues.failCreates = { label: "seeding:review", status: 403 };
    await deliver(testProbot(), runPayload(20));
    expect(issues.withLabel("seeding:review")).toEqual([]);
    expect(digest().body).toContain("Opening review issues stopped on an error");
    expect(parseSeedingState(digest().body).state.pending).toEqual([{ run_id: 20, url: expect.any(String), next: 0, total: 5 }]);
    issues.failCreates = undefined;
    mockRunArtifact(nock(API), 20, zipOf({ "seeding-summary.json": five }));
    await tick();
    expect(issues.withLabel("seeding:review").map((i) => i.title)).toEqual(["review: source change for pkg-a", "review: source change for pkg-b"]);
  });

  test("the real Bootstrap Phase B summary: 20 of 769 opened, the rest pending, the digest under GitHub's size limit", async () => {
    const scope = eventScope();
    mockRunArtifact(scope, 17, zipOf({ "seeding-summary.json": realRun }));
    await deliver(testProbot(), runPayload(17, { conclusion: "success" }));
    expect(issues.withLabel("seeding:review")).toHaveLength(20);
    expect(issues.withLabel("seeding:review")[0]!.title).toBe("review: source change for neovim");
    expect(parseSeedingState(digest().body).state.pending).toEqual([{ run_id: 17, url: expect.any(String), next: 20, total: 769 }]);
    expect(digest().body).toContain("| source changes | 1030 |");
    expect(digest().body.length).toBeLessThan(65536);
  });
});

describe("escalations", () => {
  const failing = (eco: string) => summary({ sources_failed: [eco], source_changes: [], errors: [`${eco}: 503 Service Unavailable`] });

  test("the same ecosystem failing in 3 consecutive runs opens one investigate issue, then updates it", async () => {
    const probot = testProbot();
    for (const [runId, eco] of [
      [1, "cargo"],
      [2, "crates.io"],
    ] as const) {
      const scope = eventScope(undefined, runId === 1);
      mockRunArtifact(scope, runId, zipOf({ "seeding-summary.json": failing(eco) }));
      await deliver(probot, runPayload(runId));
    }
    expect(issues.withLabel("seeding:investigate")).toEqual([]);

    let scope = eventScope(undefined, false);
    mockRunArtifact(scope, 3, zipOf({ "seeding-summary.json": failing("crates.io") }));
    await deliver(probot, runPayload(3));
    const [investigate] = issues.withLabel("seeding:investigate");
    expect(investigate!.title).toBe("seeding: investigate crates.io source failures");
    expect(investigate!.body).toContain("**3 consecutive runs**");
    expect(investigate!.body).toContain("- crates.io: 503 Service Unavailable");
    expect(digest().body).toContain(`- [seeding: investigate crates.io source failures](${investigate!.html_url})`);

    scope = eventScope(undefined, false);
    mockRunArtifact(scope, 4, zipOf({ "seeding-summary.json": failing("crates.io") }));
    await deliver(probot, runPayload(4));
    expect(scope.pendingMocks()).toEqual([]);
    expect(issues.withLabel("seeding:investigate")).toHaveLength(1);
    expect(issues.withLabel("seeding:investigate")[0]!.body).toContain("**4 consecutive runs**");
    expect(parseSeedingState(digest().body).state.runs.map((r) => r.sources_failed)).toEqual([
      ["crates.io"],
      ["crates.io"],
      ["crates.io"],
      ["crates.io"],
    ]);
  });

  test("a run without a summary in between does not break the streak; a clean run does", async () => {
    const probot = testProbot();
    const steps: [number, string | null][] = [
      [1, "npm"],
      [2, null],
      [3, "npm"],
      [4, "npm"],
    ];
    for (const [runId, eco] of steps) {
      const scope = eventScope(undefined, runId === 1);
      mockRunArtifact(scope, runId, eco === null ? null : zipOf({ "seeding-summary.json": failing(eco) }));
      await deliver(probot, runPayload(runId));
    }
    expect(issues.withLabel("seeding:investigate").map((i) => i.title)).toEqual(["seeding: investigate npm source failures"]);
  });

  test("the history survives a restart: it is read back from the digest issue", async () => {
    for (const runId of [1, 2, 3]) {
      const scope = eventScope();
      mockRunArtifact(scope, runId, zipOf({ "seeding-summary.json": failing("npm") }));
      await deliver(testProbot(testDeps()), runPayload(runId)); // a new process each time
    }
    expect(issues.withLabel("seeding:investigate")).toHaveLength(1);
  });

  test("more than 10 curated_invalid opens a curation review listing them", async () => {
    const scope = eventScope();
    const invalid = Array.from({ length: 11 }, (_, i) => ({ package: `tool${i}`, source: `github:o/tool${i}`, error: "404 Not Found" }));
    mockRunArtifact(scope, 5, zipOf({ "seeding-summary.json": summary({ curated_invalid: invalid, source_changes: [] }) }));
    await deliver(testProbot(), runPayload(5));
    const [curation] = issues.withLabel("seeding:investigate");
    expect(curation!.title).toBe("seeding: curated sources need a bulk review");
    expect(curation!.body).toContain("| tool10 | github:o/tool10 | 404 Not Found |");
  });

  test("10 curated_invalid do not", async () => {
    const scope = eventScope();
    const invalid = Array.from({ length: 10 }, (_, i) => `tool${i}`);
    mockRunArtifact(scope, 5, zipOf({ "seeding-summary.json": summary({ curated_invalid: invalid, source_changes: [] }) }));
    await deliver(testProbot(), runPayload(5));
    expect(issues.withLabel("seeding:investigate")).toEqual([]);
  });
});

describe("the digest", () => {
  test("is updated in place on the next run, keeping the history", async () => {
    const probot = testProbot();
    for (const runId of [1, 2]) {
      const scope = eventScope(undefined, runId === 1);
      mockRunArtifact(scope, runId, zipOf({ "seeding-summary.json": summary({ source_changes: [] }) }));
      await deliver(probot, runPayload(runId));
    }
    expect(issues.withLabel("seeding:report")).toHaveLength(1);
    expect(parseSeedingState(digest().body).state.runs.map((r) => r.run_id)).toEqual([1, 2]);
    expect(digest().body).toContain("### Recent runs");
  });

  test("a digest a person closed hands its history to the new one", async () => {
    const probot = testProbot();
    let scope = eventScope();
    mockRunArtifact(scope, 1, zipOf({ "seeding-summary.json": summary({ source_changes: [] }) }));
    await deliver(probot, runPayload(1));
    digest().state = "closed";
    scope = eventScope(undefined, false);
    mockRunArtifact(scope, 2, zipOf({ "seeding-summary.json": summary({ source_changes: [] }) }));
    await deliver(probot, runPayload(2));
    const open = issues.withLabel("seeding:report").filter((i) => i.state === "open");
    expect(open).toHaveLength(1);
    expect(parseSeedingState(open[0]!.body).state.runs.map((r) => r.run_id)).toEqual([1, 2]);
  });

  test("defaults", () => {
    expect(defaultRepoConfig().seeding).toEqual({
      workflow: "seed-queue.yml",
      artifact: "seeding-summary",
      summary_file: "seeding-summary.json",
      max_artifact_mb: 20,
      max_issues_per_run: 20,
      queue_file: "data/queues/priority-queue.json",
      audit_dir: "data/disambiguations/audit",
      failing_runs_to_escalate: 3,
      curated_invalid_limit: 10,
    });
  });
});
