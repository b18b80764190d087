import { escapeMarkdown } from "../util/sanitize.js";
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

export function renderInvestigateIssue(streak: FailingStreak, errors: readonly string[], threshold: number): string {
  const eco = streak.ecosystem.toLowerCase();
  const related = errors.filter((e) => e.toLowerCase().includes(eco)).slice(0, 20);
  return [
    `The seeding workflow listed \`${escapeMarkdown(streak.ecosystem)}\` in \`sources_failed\` in **${streak.runs.length} consecutive runs** (escalation at ${threshold}, runbook §6). Investigate the upstream API.`,
    "",
    "| Run | Started | Conclusion |",
    "|---|---|---|",
    ...streak.runs.map(runLine),
    "",
    related.length > 0 ? "Errors of the latest run that mention it:" : "The latest run's `errors` do not mention it.",
    ...related.map((e) => `- ${escapeMarkdown(e)}`),
    "",
    "Usual causes: an upstream API outage, rate limiting (429), network timeouts. batch-ops updates this issue while the streak lasts; close it when the upstream is healthy again.",
  ].join("\n");
}

const CURATION_ROWS = 300;

export function renderCurationIssue(entries: readonly CuratedInvalid[], limit: number, run: { url: string }): string {
  const rows = entries.slice(0, CURATION_ROWS).map((c) => `| ${escapeMarkdown(c.package)} | ${c.source ? escapeMarkdown(c.source) : "—"} | ${c.error ? escapeMarkdown(c.error) : "—"} |`);
  return [
    `The [latest seeding run](${run.url}) found **${entries.length}** curated entries whose upstream source is invalid (more than ${limit}, runbook §6). Review whether the curation list needs a bulk update: remove each entry or update its \`source\` in the queue.`,
    "",
    "| Package | Source | Error |",
    "|---|---|---|",
    ...rows,
    ...(entries.length > CURATION_ROWS ? ["", `…and ${entries.length - CURATION_ROWS} more in the run's summary artifact.`] : []),
  ].join("\n");
}
