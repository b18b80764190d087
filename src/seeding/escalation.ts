import type { SeedingConfig } from "../config/sections/seeding.js";
import { count, takeWithin } from "../util/bounded-list.js";
import { escapeMarkdown, sanitizeReason } from "../util/sanitize.js";
import type { RunRecord } from "./history.js";
import type { CuratedInvalid, SeedingSummary } from "./summary.js";

export interface FailingStreak {
  ecosystem: string;
  /** The consecutive runs, newest first, that listed the ecosystem in `sources_failed`. */
  runs: RunRecord[];
}

/**
 * For each ecosystem that failed in the newest run with a summary: how many runs in a row it failed.
 * Runs without a readable summary neither extend nor break a streak: nothing is known about them.
 */
export function failingStreaks(history: readonly RunRecord[]): FailingStreak[] {
  const known = history.filter((r) => r.outcome === "ok").reverse();
  const newest = known[0];
  if (!newest) return [];
  return [...new Set(newest.sources_failed)].map((ecosystem) => {
    const runs: RunRecord[] = [];
    for (const run of known) {
      if (!run.sources_failed.includes(ecosystem)) break;
      runs.push(run);
    }
    return { ecosystem, runs };
  });
}

/** Runbook §6: the same ecosystem failing in `threshold` (3) or more consecutive runs. */
export function streaksToEscalate(history: readonly RunRecord[], threshold: number): FailingStreak[] {
  return failingStreaks(history).filter((s) => s.runs.length >= threshold);
}

/** Runbook §6: more than `limit` (10) curated entries with invalid sources. */
export function curationReviewDue(summary: SeedingSummary, limit: number): boolean {
  return summary.curatedInvalid.length > limit;
}

export function investigateTitle(ecosystem: string): string {
  return `seeding: investigate ${ecosystem} source failures`;
}

export const CURATION_TITLE = "seeding: curated sources need a bulk review";

function runLine(run: RunRecord): string {
  return `| [${run.number !== null ? `#${run.number}` : run.run_id}](${run.url}) | ${escapeMarkdown(run.at)} | ${escapeMarkdown(run.conclusion ?? "—")} |`;
}

/** Room for the quoted errors and the curation table: GitHub refuses a body over 65,536 characters. */
const ERRORS_CHARS = 20_000;
const CURATION_CHARS = 50_000;

export function renderInvestigateIssue(streak: FailingStreak, errors: readonly string[], threshold: number): string {
  const eco = streak.ecosystem.toLowerCase();
  const related = takeWithin(
    errors
      .filter((e) => e.toLowerCase().includes(eco))
      .slice(0, 20)
      .map((e) => `- ${escapeMarkdown(sanitizeReason(e, 500))}`),
    ERRORS_CHARS,
    { separator: "\n" },
  ).shown;
  return [
    `The seeding workflow listed \`${escapeMarkdown(streak.ecosystem)}\` in \`sources_failed\` in **${streak.runs.length} consecutive runs** (escalation at ${threshold}, runbook §6). Investigate the upstream API.`,
    "",
    "| Run | Started | Conclusion |",
    "|---|---|---|",
    ...streak.runs.map(runLine),
    "",
    related.length > 0 ? "Errors of the latest run that mention it:" : "The latest run's `errors` do not mention it.",
    ...related,
    "",
    "Usual causes: an upstream API outage, rate limiting (429), network timeouts. batch-ops updates this issue while the streak lasts; close it when the upstream is healthy again.",
  ].join("\n");
}

const CURATION_ROWS = 300;

export function renderCurationIssue(entries: readonly CuratedInvalid[], limit: number, run: { url: string }): string {
  const cell = (text: string | null) => (text ? escapeMarkdown(sanitizeReason(text, 300)) : "—");
  const table = takeWithin(
    entries.slice(0, CURATION_ROWS).map((c) => `| ${cell(c.package)} | ${cell(c.source)} | ${cell(c.error)} |`),
    CURATION_CHARS,
    { separator: "\n" },
  );
  const rows = table.shown;
  const more = entries.length - rows.length;
  return [
    `The [latest seeding run](${run.url}) found **${entries.length}** curated entries whose upstream source is invalid (more than ${limit}, runbook §6). Review whether the curation list needs a bulk update: remove each entry or update its \`source\` in the queue.`,
    "",
    "| Package | Source | Error |",
    "|---|---|---|",
    ...rows,
    ...(more > 0 ? ["", `…and ${count(more)} more not shown: see the [run's summary artifact](${run.url}).`] : []),
  ].join("\n");
}

/** An escalation issue: one open per title, created when missing and brought up to date otherwise. */
export interface EscalationIssue {
  title: string;
  body: string;
}

/** Every runbook §6 escalation due after a run: a failing streak per ecosystem, too many invalid curated sources. */
export function escalationIssues(
  runs: readonly RunRecord[],
  summary: SeedingSummary,
  seeding: Pick<SeedingConfig, "failing_runs_to_escalate" | "curated_invalid_limit">,
  run: { url: string },
): EscalationIssue[] {
  const { failing_runs_to_escalate: threshold, curated_invalid_limit: limit } = seeding;
  const issues = streaksToEscalate(runs, threshold).map((streak) => ({
    title: investigateTitle(streak.ecosystem),
    body: renderInvestigateIssue(streak, summary.errors, threshold),
  }));
  if (curationReviewDue(summary, limit)) issues.push({ title: CURATION_TITLE, body: renderCurationIssue(summary.curatedInvalid, limit, run) });
  return issues;
}
