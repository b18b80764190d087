import type { SeedingConfig } from "../config/sections/seeding.js";
import { escapeMarkdown } from "../util/sanitize.js";
import { remainingReviews, renderStateBlock, type RunRecord, type SeedingState } from "./history.js";
import { SEEDING_LABELS } from "./labels.js";

export const DIGEST_TITLE = "seeding: run digest";
/** Package names listed for the review issues still to open (an issue body holds at most 65,536 characters). */
const PENDING_NAMES = 300;

export interface DigestContext {
  htmlUrl: string;
  seeding: Pick<SeedingConfig, "workflow" | "artifact" | "summary_file" | "max_issues_per_run">;
  /** Package names still to open, per pending run, when known in this render. */
  pendingPackages?: ReadonlyMap<number, readonly string[]>;
  /** Escalation issues opened or updated by this run. */
  escalations?: readonly { title: string; url: string }[];
  notes?: readonly string[];
}

function runLink(run: RunRecord): string {
  const label = run.number !== null ? `#${run.number}` : String(run.run_id);
  return `[${label}](${run.url})${run.attempt > 1 ? ` (attempt ${run.attempt})` : ""}`;
}

function num(value: number | null): string {
  return value === null ? "—" : String(value);
}

function names(list: readonly string[]): string {
  return list.length === 0 ? "none" : `${list.map(escapeMarkdown).join(", ")} (${list.length})`;
}

/** The upload step the seeding workflow needs, with this repository's artifact and file names. */
export function uploadStepFix(seeding: DigestContext["seeding"]): string[] {
  return [
    `**Fix:** make \`${seeding.workflow}\` keep its summary even when the seeding step fails (exit 2 is a partial failure and still has one), and upload it:`,
    "",
    "```yaml",
    "      - name: Seed the queue",
    "        continue-on-error: true  # exit 2 = partial failure: the summary still matters",
    `        run: ./seed-queue -queue data/queues/priority-queue.json > ${seeding.summary_file}`,
    "      - name: Upload the seeding summary",
    "        if: always()",
    "        uses: actions/upload-artifact@v4",
    "        with:",
    `          name: ${seeding.artifact}`,
    `          path: ${seeding.summary_file}`,
    "```",
  ];
}

function summaryTable(run: RunRecord): string[] {
  return [
    "| Field | Value |",
    "|---|---|",
    `| sources_processed | ${names(run.sources_processed)} |`,
    `| sources_failed | ${names(run.sources_failed)} |`,
    `| new_packages | ${num(run.new_packages)} |`,
    `| stale_refreshed | ${num(run.stale_refreshed)} |`,
    `| source changes | ${run.source_changes} |`,
    `| auto-accepted | ${run.auto_accepted} |`,
    `| to review | ${run.to_review} |`,
    `| curated_skipped | ${num(run.curated_skipped)} |`,
    `| curated_invalid | ${run.curated_invalid} |`,
    `| errors | ${run.errors} |`,
  ];
}

function pendingLines(state: SeedingState, ctx: DigestContext): string[] {
  if (state.pending.length === 0) return [];
  const lines = [
    `**${remainingReviews(state)} review issues still to open.** Later schedule ticks open up to ${ctx.seeding.max_issues_per_run} at a time until none remain:`,
  ];
  let budget = PENDING_NAMES;
  for (const pending of state.pending) {
    const known = ctx.pendingPackages?.get(pending.run_id);
    const left = pending.total - pending.next;
    let listed = "";
    if (known && budget > 0) {
      const shown = known.slice(0, budget);
      budget -= shown.length;
      listed = `: ${shown.map((n) => `\`${n}\``).join(", ")}${known.length > shown.length ? `, …and ${known.length - shown.length} more` : ""}`;
    }
    lines.push(`- from [run ${pending.run_id}](${pending.url}), ${left} left${listed}`);
  }
  return lines;
}

/** The sticky digest: the latest run's figures, what became of its review issues, problems, history. */
export function renderDigest(state: SeedingState, ctx: DigestContext): string {
  const latest = state.runs[state.runs.length - 1];
  const reviewQuery = `${ctx.htmlUrl}/issues?q=${encodeURIComponent(`is:issue is:open label:"${SEEDING_LABELS.review.name}"`)}`;
  const lines: string[] = [renderStateBlock(state), `## Latest seeding run`, ""];
  if (!latest) {
    lines.push("No seeding run recorded yet.");
  } else {
    lines.push(`Run ${runLink(latest)}, started ${escapeMarkdown(latest.at)}, conclusion \`${escapeMarkdown(latest.conclusion ?? "none")}\`.`, "");
    if (latest.outcome === "ok") {
      lines.push(...summaryTable(latest), "");
      lines.push(`Review issues: ${latest.opened} opened for this run, ${latest.already_open} already open. [Open review issues](${reviewQuery}).`);
      if (latest.error_samples.length > 0) {
        lines.push("", `**Errors** (${latest.errors}${latest.errors > latest.error_samples.length ? `, first ${latest.error_samples.length}` : ""}):`);
        lines.push(...latest.error_samples.map((e) => `- ${escapeMarkdown(e)}`));
      }
    } else {
      const what = latest.outcome === "missing" ? "⚠️ **No summary could be read from this run**" : "⚠️ **This run's summary is malformed; nothing was opened from it**";
      lines.push(`${what}: ${escapeMarkdown(latest.problem ?? "unknown reason")}.`, "");
      lines.push(...uploadStepFix(ctx.seeding));
    }
  }
  const pending = pendingLines(state, ctx);
  if (pending.length > 0) lines.push("", ...pending);
  if (ctx.escalations && ctx.escalations.length > 0) {
    lines.push("", "**Escalations:**", ...ctx.escalations.map((e) => `- [${escapeMarkdown(e.title)}](${e.url})`));
  }
  if (ctx.notes && ctx.notes.length > 0) lines.push("", ...ctx.notes.map((n) => `> ${escapeMarkdown(n)}`));
  if (state.runs.length > 1) {
    lines.push("", "### Recent runs", "", "| Run | Started | Conclusion | Summary | Failed sources | To review |", "|---|---|---|---|---|---:|");
    for (const run of [...state.runs].reverse()) {
      const summary = run.outcome === "ok" ? "read" : run.outcome;
      lines.push(`| ${runLink(run)} | ${escapeMarkdown(run.at)} | ${escapeMarkdown(run.conclusion ?? "—")} | ${summary} | ${run.sources_failed.map(escapeMarkdown).join(", ") || "—"} | ${run.to_review} |`);
    }
  }
  return lines.join("\n");
}
