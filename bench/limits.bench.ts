import { measure, result, type BenchResult } from "./harness.js";
import { fitBody } from "../src/github/body-limit.js";
import { checkBatchId, MAX_BATCH_ID_LENGTH } from "../src/rollback/batch-id.js";
import { renderDigest } from "../src/seeding/digest.js";
import { recordRun, emptyState } from "../src/seeding/history.js";
import { runRecord } from "../src/seeding/run-record.js";
import { parseSummary } from "../src/seeding/summary.js";
import { regexProblem } from "../src/util/safe-regex.js";

/**
 * Accepted `rollback.batch_id_pattern`s that give a matcher the most work: long counted repetitions,
 * wildcards, many states. Each is matched against the inputs below, all of the longest accepted length.
 */
const HEAVY_PATTERNS = [
  "^\\d{4}-\\d{2}-\\d{2}(-[A-Za-z0-9.]+)?$",
  "[0-9a-zA-Z._-]{1,64}",
  ".{0,99}y.{0,99}z.{0,99}w.{0,99}v.{0,99}u",
  ".{0,40}1.{0,40}2.{0,40}3.{0,40}4.{0,40}5.{0,40}6.{0,40}7.{0,40}8.{0,40}9.{0,40}0.{0,40}a",
  "(?:[a-z0-9]{0,60}-){0,1}[A-Z]{0,100}_[a-z]{0,100}x[0-9]{0,100}y[a-z]{0,100}z",
];
const INPUTS = [
  "1".repeat(MAX_BATCH_ID_LENGTH),
  "x".repeat(MAX_BATCH_ID_LENGTH),
  "a-".repeat(MAX_BATCH_ID_LENGTH / 2),
  "1234567890abcdefgxyz".repeat(4).slice(0, MAX_BATCH_ID_LENGTH),
];
/** What the issue reported: blocked the process 15 s on a 64-digit id before the change; refused now. */
const HOSTILE = ["\\d*\\d*\\d*\\d*\\d*\\d*\\d*x", "(a+)+b", "(a|a)*b", "(\\w+)*$", "[a-z0-9]+-?[a-z0-9]+x", ".{0,100}x".repeat(22)];

/**
 * Limits that keep hostile input cheap: the worst accepted pattern on the longest accepted batch id
 * (RE2, linear time; target ≤ 10 ms a match), refusing hostile patterns at config validation, and a
 * seeding digest for 6,000 sources rendered and cut to GitHub's body limit.
 */
export async function benchLimits(runs = 300): Promise<BenchResult[]> {
  for (const pattern of HEAVY_PATTERNS) {
    const problem = regexProblem(pattern);
    if (problem) throw new Error(`bench pattern ${pattern} is refused: ${problem}`);
  }
  for (const pattern of HOSTILE) if (!regexProblem(pattern)) throw new Error(`hostile pattern ${pattern} is accepted`);

  const perMatch: BenchResult[] = [];
  let worst: { pattern: string; p99: number; timing: Awaited<ReturnType<typeof measure>> } | undefined;
  for (const pattern of HEAVY_PATTERNS) {
    const timing = await measure(runs, async (i) => {
      checkBatchId(INPUTS[i % INPUTS.length]!, pattern);
    });
    if (!worst || timing.cpu_ms_p99 > worst.p99) worst = { pattern, p99: timing.cpu_ms_p99, timing };
  }
  perMatch.push(
    result(
      "config regex: one match, worst accepted pattern, 64-character batch id",
      {},
      worst!.timing,
      `pattern ${JSON.stringify(worst!.pattern)} (worst p99 of ${HEAVY_PATTERNS.length} heavy accepted patterns); RE2 (re2js), linear time; target ≤ 10 ms`,
    ),
  );
  const refuse = await measure(runs, async (i) => {
    regexProblem(HOSTILE[i % HOSTILE.length]!);
  });
  perMatch.push(result("config regex: refusing a hostile pattern at config validation", {}, refuse, HOSTILE.join("  ")));

  const sources = Array.from({ length: 6000 }, (_, i) => `source-number-${i}`);
  const parsed = parseSummary({
    sources_processed: sources,
    sources_failed: sources.slice(0, 5000),
    source_changes: sources.map((s) => ({ package: `pkg-${s}`, old: `homebrew:${s}`, new: `crates.io:${s}` })),
    errors: sources.map((s) => `${s}: upstream timed out`),
  });
  if (!parsed.ok) throw new Error("bench summary does not parse");
  const run = { id: 1, attempt: 1, number: 1, at: "2026-11-01T03:00:00Z", url: "https://github.com/o/r/actions/runs/1", conclusion: "failure" };
  let state = emptyState();
  for (let id = 1; id <= 20; id++)
    state = recordRun(
      state,
      runRecord({ ...run, id, at: `2026-11-${String(id).padStart(2, "0")}T03:00:00Z` }, { outcome: "ok", summary: parsed.summary }, (n) => n),
    );
  const seeding = { workflow: "seed-queue.yml", artifact: "seeding-summary", summary_file: "seeding-summary.json", max_issues_per_run: 20 };
  let length = 0;
  const digest = await measure(Math.ceil(runs / 10), async () => {
    length = fitBody(renderDigest(state, { htmlUrl: "https://github.com/o/r", seeding, pendingPackages: new Map([[20, sources]]) })).length;
  });
  perMatch.push(
    result("seeding digest: 20 runs of 6,000 sources, rendered and fitted", {}, digest, `body ${length} characters (GitHub's limit 65,536)`),
  );
  return perMatch;
}
