import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { pino } from "pino";
import { API } from "../helpers/index.js";
import { FakeIssues, mockRunArtifact, repoRef, tokenOctokit, zipOf } from "../helpers/seeding.js";
import { validateRepoConfig } from "../../src/config/validate.js";
import type { RepoConfig } from "../../src/config/schema.js";
import { GITHUB_BODY_LIMIT } from "../../src/github/body-limit.js";
import { parseSeedingState, STATE_MAX_CHARS } from "../../src/seeding/history.js";
import { readProposedChange } from "../../src/seeding/review-issue.js";
import { continueReviewIssues } from "../../src/seeding/continuation.js";
import { processSeedingRun } from "../../src/seeding/seeding-run.js";
import { Exclusive } from "../../src/coordination/exclusive.js";

const log = pino({ level: "silent" }) as never;

function config(seeding: Record<string, unknown> = {}): RepoConfig {
  const parsed = validateRepoConfig({ seeding });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.config;
}

function runInfo(id: number) {
  return {
    id,
    attempt: 1,
    number: id,
    at: `2026-11-${String(id).padStart(2, "0")}T03:00:00Z`,
    url: `https://github.com/o/r/actions/runs/${id}`,
    conclusion: "failure",
  };
}

function change(pkg: string) {
  return { package: pkg, old: `homebrew:${pkg}`, new: `crates.io:${pkg}`, priority: 2, auto_accepted: false };
}

async function seed(id: number, summary: Record<string, unknown>, cfg: RepoConfig) {
  mockRunArtifact(nock(API), id, zipOf({ "seeding-summary.json": JSON.stringify(summary) }));
  return processSeedingRun({ github: tokenOctokit(), repo: repoRef, config: cfg, run: runInfo(id), log, lock });
}

async function tick(id: number, summary: Record<string, unknown>, cfg: RepoConfig, times = 1) {
  // A tick may read the run's artifact once for escalations and once for review issues: it reads it once.
  mockRunArtifact(nock(API), id, zipOf({ "seeding-summary.json": JSON.stringify(summary) }));
  const result = await continueReviewIssues({ github: tokenOctokit(), repo: repoRef, config: cfg, log, lock });
  for (let i = 1; i < times; i++) await continueReviewIssues({ github: tokenOctokit(), repo: repoRef, config: cfg, log, lock });
  return result;
}

const lock = new Exclusive();
let issues: FakeIssues;
beforeEach(() => {
  nock.disableNetConnect();
  issues = new FakeIssues();
});
afterEach(() => {
  const fake = new Set(issues.scope.pendingMocks());
  const leftover = nock.pendingMocks().filter((m) => !fake.has(m));
  nock.cleanAll();
  nock.enableNetConnect();
  expect(leftover).toEqual([]);
});

const digest = () => issues.withLabel("seeding:report")[0]!;
const notShown = (text: string) => Number(/… and ([\d,]+) more not shown/.exec(text)?.[1]?.replace(/,/g, ""));

describe("bodies stay within GitHub's 65,536 characters, whatever the summary holds", () => {
  const sources = Array.from({ length: 6000 }, (_, i) => `source-number-${i}`);
  const huge = {
    sources_processed: sources,
    sources_failed: sources.slice(0, 5000),
    new_packages: 1,
    stale_refreshed: 1,
    source_changes: sources.map((s) => change(`pkg-${s}`)),
    curated_skipped: 0,
    curated_invalid: sources.map((s) => ({ package: `tool-${s}`, source: `github:o/${s}`, error: `404 ${"Not Found ".repeat(30)}` })),
    errors: sources.map((s) => `${s}: ${"upstream timed out ".repeat(20)}`),
  };

  test("6,000 sources: the digest says how many are not shown, and its state reads back", async () => {
    const result = await seed(1, huge, config());
    const body = digest().body;
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    const processedRow = body.split("\n").find((l) => l.startsWith("| sources_processed |"))!;
    expect((processedRow.match(/source-number-\d+/g) ?? []).length + notShown(processedRow)).toBe(6000);
    expect(processedRow).toContain("(6,000)");
    expect(processedRow).toContain("see the [run's summary artifact](https://github.com/o/r/actions/runs/1)");
    const failedRow = body.split("\n").find((l) => l.startsWith("| sources_failed |"))!;
    expect((failedRow.match(/source-number-\d+/g) ?? []).length + notShown(failedRow)).toBe(5000);

    const read = parseSeedingState(body);
    expect(read.problem).toBeUndefined();
    expect(read.state.runs).toEqual([
      expect.objectContaining({ run_id: 1, sources_processed_total: 6000, sources_failed_total: 5000, to_review: 6000 }),
    ]);
    expect(read.state.runs[0]!.sources_processed).toHaveLength(100);
    // One curation escalation and 19 review issues: 20, the cap.
    expect(result!.escalations).toHaveLength(1);
    expect(read.state.pending).toEqual([{ run_id: 1, url: expect.any(String), next: 19, total: 6000 }]);
    expect(issues.withLabel("seeding:review")).toHaveLength(19);
    for (const review of issues.withLabel("seeding:review")) expect(readProposedChange(review.body).ok).toBe(true);

    const [curation] = issues.withLabel("seeding:investigate");
    expect(curation!.body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    const rows = (curation!.body.match(/^\| tool-source-number-\d+ \|/gm) ?? []).length;
    expect(curation!.body).toContain(
      `…and ${(6000 - rows).toLocaleString("en-US")} more not shown: see the [run's summary artifact](https://github.com/o/r/actions/runs/1).`,
    );
  });

  test("20 runs of 6,000 sources: older runs lose detail, never the state's integrity", async () => {
    const cfg = config({ failing_runs_to_escalate: 52 });
    const long = sources.map((s) => `${s}-${"x".repeat(40)}`);
    const lean = { ...huge, sources_processed: long, sources_failed: long, source_changes: [], curated_invalid: [], errors: [] };
    for (let id = 1; id <= 20; id++) await seed(id, lean, cfg);
    const body = digest().body;
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    const block = /<!-- batch-ops:seeding-state [\s\S]*? -->/.exec(body)![0];
    expect(block.length).toBeLessThanOrEqual(STATE_MAX_CHARS);
    const read = parseSeedingState(body);
    expect(read.problem).toBeUndefined();
    const newest = read.state.runs.at(-1)!;
    expect(newest).toMatchObject({ run_id: 20, sources_processed_total: 6000, sources_failed_total: 6000 });
    expect(newest.sources_failed).toHaveLength(100);
    // Older runs keep their failing sources (cut to 10) for streaks, not the processed list.
    const older = read.state.runs.slice(0, -1);
    expect(older.length).toBeGreaterThan(3);
    for (const run of older)
      expect(run).toMatchObject({
        sources_processed: [],
        sources_processed_total: 6000,
        sources_failed: long.slice(0, 10),
        sources_failed_total: 6000,
      });
  });
});

describe("escalations share the per-run cap with review issues", () => {
  const failing = ["npm", "pypi", "crates.io", "rubygems", "go"];
  const base = { sources_processed: failing, sources_failed: failing, source_changes: [], errors: failing.map((e) => `${e}: 503`) };
  const withChanges = { ...base, source_changes: ["a", "b", "c", "d"].map((p) => change(`pkg-${p}`)) };

  test("at most max_issues_per_run issues of both kinds per run; the rest waits in the digest and ticks open it, escalations first", async () => {
    const cfg = config({ max_issues_per_run: 3 });
    await seed(1, base, cfg);
    await seed(2, base, cfg);
    expect(issues.withLabel("seeding:investigate")).toEqual([]);

    const third = await seed(3, withChanges, cfg);
    expect(third!.escalations).toHaveLength(3);
    expect(third!.opened).toHaveLength(0);
    expect(issues.withLabel("seeding:investigate")).toHaveLength(3);
    expect(issues.withLabel("seeding:review")).toHaveLength(0);
    expect(digest().body).toContain("**2 escalation issues of [run 3](https://github.com/o/r/actions/runs/3) wait for the per-run cap**");
    expect(digest().body).toContain("seeding: investigate rubygems source failures; seeding: investigate go source failures");
    expect(parseSeedingState(digest().body).state.deferred_escalations).toEqual({
      run_id: 3,
      url: "https://github.com/o/r/actions/runs/3",
      count: 2,
    });

    // Tick 1: the 2 waiting escalations, then 1 review issue (3 in all).
    const first = await tick(3, withChanges, cfg);
    expect(first).toEqual({ escalationsOpened: 2, opened: 1, remaining: 3 });
    expect(
      issues
        .withLabel("seeding:investigate")
        .map((i) => i.title)
        .sort(),
    ).toEqual(failing.map((e) => `seeding: investigate ${e} source failures`).sort());
    expect(parseSeedingState(digest().body).state.deferred_escalations).toBeUndefined();
    expect(digest().body).not.toContain("wait for the per-run cap");

    // Tick 2: the remaining 3 review issues; nothing is opened twice.
    expect(await tick(3, withChanges, cfg)).toEqual({ escalationsOpened: 0, opened: 3, remaining: 0 });
    expect(issues.withLabel("seeding:review")).toHaveLength(4);
    expect(issues.withLabel("seeding:investigate")).toHaveLength(5);
  });

  test("escalations already open are updated, which costs nothing against the cap", async () => {
    const cfg = config({ max_issues_per_run: 3 });
    for (const id of [1, 2, 3]) await seed(id, base, cfg);
    await tick(3, base, cfg);
    expect(issues.withLabel("seeding:investigate")).toHaveLength(5);
    const fourth = await seed(4, withChanges, cfg);
    expect(fourth!.escalations).toHaveLength(5);
    expect(fourth!.opened).toHaveLength(3);
    expect(issues.withLabel("seeding:investigate")[0]!.body).toContain("**4 consecutive runs**");
  });

  test("a tick whose artifact has expired drops the waiting escalations and says so", async () => {
    const cfg = config({ max_issues_per_run: 3 });
    for (const id of [1, 2, 3]) await seed(id, base, cfg);
    mockRunArtifact(nock(API), 3, zipOf({ "seeding-summary.json": JSON.stringify(base) }), { expired: true });
    await continueReviewIssues({ github: tokenOctokit(), repo: repoRef, config: cfg, log, lock });
    expect(parseSeedingState(digest().body).state.deferred_escalations).toBeUndefined();
    expect(issues.comments.map((c) => c.body)).toEqual([expect.stringContaining("Stopped opening the 2 remaining escalation issues of run 3")]);
  });
});

describe("a summary nested deeper than the schema allows", () => {
  test("is reported as malformed (too deeply nested) in the digest; nothing is opened, nothing throws", async () => {
    const text = `{"sources_processed": ["npm"], "errors": [${"[".repeat(10_000)}${"]".repeat(10_000)}]}`;
    mockRunArtifact(nock(API), 1, zipOf({ "seeding-summary.json": text }));
    const result = await processSeedingRun({ github: tokenOctokit(), repo: repoRef, config: config(), run: runInfo(1), log, lock });
    expect(result!.read).toEqual({
      outcome: "malformed",
      problem: "seeding-summary.json in the artifact is too deeply nested (more than 64 levels of arrays and objects)",
    });
    expect(result!.opened).toEqual([]);
    expect(digest().body).toContain("This run's summary is malformed; nothing was opened from it");
    expect(parseSeedingState(digest().body).state.runs).toEqual([expect.objectContaining({ run_id: 1, outcome: "malformed" })]);
  });
});
