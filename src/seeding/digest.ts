import type { SeedingConfig } from "../config/sections/seeding.js";
import { GITHUB_BODY_LIMIT } from "../github/body-limit.js";
import { escapeMarkdown, sanitizeReason } from "../util/sanitize.js";
import { count, takeWithin } from "../util/bounded-list.js";
import { fitState, remainingReviews, type RunRecord, type SeedingState } from "./history.js";
import { SEEDING_LABELS } from "./labels.js";

export const DIGEST_TITLE = "seeding: run digest";
/**
 * Room for each list that grows with the input (GitHub refuses a body over 65,536 characters; the hidden
 * state takes up to 30,000): longer lists end with "… and N more".
 */
const PENDING_NAMES_CHARS = 8_000;
const PENDING_RUNS_SHOWN = 20;
const SOURCE_NAMES_CHARS = 2_000;
const FAILED_NAMES_PER_ROW = 5;
const ESCALATIONS_SHOWN = 30;
const NOTES_SHOWN = 10;

export interface DigestContext {
  htmlUrl: string;
  seeding: Pick<SeedingConfig, "workflow" | "artifact" | "summary_file" | "max_issues_per_run">;
  /** Package names still to open, per pending run, when known in this render. */
  pendingPackages?: ReadonlyMap<number, readonly string[]>;
  /** Escalation issues opened or updated by this run. */
  escalations?: readonly { title: string; url: string }[];
  /** Titles of escalation issues left for later ticks by the per-run cap. */
  deferredEscalations?: readonly string[];
  notes?: readonly string[];
}

function runLink(run: RunRecord): string {
  const label = run.number !== null ? `#${run.number}` : String(run.run_id);
  return `[${label}](${run.url})${run.attempt > 1 ? ` (attempt ${run.attempt})` : ""}`;
}

function num(value: number | null): string {
  return value === null ? "—" : String(value);
}

/** A run's source list: the names that fit, the total, and where the rest is. */
function names(list: readonly string[], total: number | undefined, run: RunRecord): string {
  const all = Math.max(total ?? 0, list.length);
  if (all === 0) return "none";
  const { shown } = takeWithin(list.map(escapeMarkdown), SOURCE_NAMES_CHARS, { separator: ", " });
  const more = all - shown.length;
  return `${shown.join(", ")}${more > 0 ? `${shown.length > 0 ? ", " : ""}… and ${count(more)} more not shown (see the [run's summary artifact](${run.url}))` : ""} (${count(all)})`;
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
    `| sources_processed | ${names(run.sources_processed, run.sources_processed_total, run)} |`,
    `| sources_failed | ${names(run.sources_failed, run.sources_failed_total, run)} |`,
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
  let budget = PENDING_NAMES_CHARS;
  for (const pending of state.pending.slice(0, PENDING_RUNS_SHOWN)) {
    const known = ctx.pendingPackages?.get(pending.run_id);
    const left = pending.total - pending.next;
    let listed = "";
    if (known && budget > 0) {
      const { shown, more } = takeWithin(
        known.map((n) => `\`${n}\``),
        budget,
        { separator: ", " },
      );
      budget -= shown.join(", ").length;
      if (shown.length > 0) listed = `: ${shown.join(", ")}${more > 0 ? `, …and ${count(more)} more` : ""}`;
    }
    lines.push(`- from [run ${pending.run_id}](${pending.url}), ${left} left${listed}`);
  }
  const hidden = state.pending.slice(PENDING_RUNS_SHOWN);
  if (hidden.length > 0) {
    lines.push(`- … and ${count(hidden.length)} more runs with ${count(hidden.reduce((n, p) => n + p.total - p.next, 0))} review issues left`);
  }
  return lines;
}

function failedCell(run: RunRecord): string {
  const all = Math.max(run.sources_failed_total ?? 0, run.sources_failed.length);
  const shown = run.sources_failed.slice(0, FAILED_NAMES_PER_ROW).map(escapeMarkdown);
  return shown.length === 0 ? (all > 0 ? `${count(all)}` : "—") : `${shown.join(", ")}${all > shown.length ? ` +${count(all - shown.length)}` : ""}`;
}

function escalationLines(state: SeedingState, ctx: DigestContext): string[] {
  const lines: string[] = [];
  const written = ctx.escalations ?? [];
  if (written.length > 0) {
    lines.push("", "**Escalations:**", ...written.slice(0, ESCALATIONS_SHOWN).map((e) => `- [${escapeMarkdown(e.title)}](${e.url})`));
    if (written.length > ESCALATIONS_SHOWN)
      lines.push(
        `- … and ${count(written.length - ESCALATIONS_SHOWN)} more not shown ([open escalations](${ctx.htmlUrl}/issues?q=${encodeURIComponent(`is:issue is:open label:"${SEEDING_LABELS.investigate.name}"`)}))`,
      );
  }
  const waiting = state.deferred_escalations;
  if (waiting) {
    const known = ctx.deferredEscalations ?? [];
    const { shown, more } = takeWithin(known.map(escapeMarkdown), 3_000, { maxItems: ESCALATIONS_SHOWN, separator: "; " });
    const listed = shown.length > 0 ? `: ${shown.join("; ")}${more > 0 ? `; … and ${count(more)} more` : ""}` : "";
    lines.push(
      "",
      `**${count(waiting.count)} escalation issue${waiting.count === 1 ? "" : "s"} of [run ${waiting.run_id}](${waiting.url}) wait for the per-run cap** (\`seeding.max_issues_per_run\`, shared with review issues); later schedule ticks open them first${listed}.`,
    );
  }
  return lines;
}

function droppedNote(pending: { run_id: number; next: number; total: number }): string {
  return `The digest has no room to track run ${pending.run_id} any more: its ${pending.total - pending.next} remaining review issues will not be opened automatically.`;
}

/** The sticky digest: the latest run's figures, what became of its review issues, problems, history. */
export function renderDigest(state: SeedingState, ctx: DigestContext): string {
  const latest = state.runs[state.runs.length - 1];
  const reviewQuery = `${ctx.htmlUrl}/issues?q=${encodeURIComponent(`is:issue is:open label:"${SEEDING_LABELS.review.name}"`)}`;
  const fitted = fitState(state);
  const lines: string[] = [fitted.block, `## Latest seeding run`, ""];
  if (!latest) {
    lines.push("No seeding run recorded yet.");
  } else {
    lines.push(`Run ${runLink(latest)}, started ${escapeMarkdown(latest.at)}, conclusion \`${escapeMarkdown(latest.conclusion ?? "none")}\`.`, "");
    if (latest.outcome === "ok") {
      lines.push(...summaryTable(latest), "");
      lines.push(`Review issues: ${latest.opened} opened for this run, ${latest.already_open} already open. [Open review issues](${reviewQuery}).`);
      if (latest.error_samples.length > 0) {
        lines.push(
          "",
          `**Errors** (${latest.errors}${latest.errors > latest.error_samples.length ? `, first ${latest.error_samples.length}` : ""}):`,
        );
        lines.push(...latest.error_samples.map((e) => `- ${escapeMarkdown(e)}`));
      }
    } else {
      const what =
        latest.outcome === "missing"
          ? "⚠️ **No summary could be read from this run**"
          : "⚠️ **This run's summary is malformed; nothing was opened from it**";
      lines.push(`${what}: ${escapeMarkdown(latest.problem ?? "unknown reason")}.`, "");
      lines.push(...uploadStepFix(ctx.seeding));
    }
  }
  const pending = pendingLines(fitted.state, ctx);
  if (pending.length > 0) lines.push("", ...pending);
  lines.push(...escalationLines(fitted.state, ctx));
  const notes = [...(ctx.notes ?? []), ...fitted.droppedPending.map(droppedNote)];
  if (notes.length > 0) {
    lines.push("", ...notes.slice(0, NOTES_SHOWN).map((n) => `> ${escapeMarkdown(sanitizeReason(n, 500))}`));
    if (notes.length > NOTES_SHOWN) lines.push(`> … and ${count(notes.length - NOTES_SHOWN)} more notes not shown.`);
  }
  if (state.runs.length > 1) {
    lines.push("", "### Recent runs", "", "| Run | Started | Conclusion | Summary | Failed sources | To review |", "|---|---|---|---|---|---:|");
    const rows = [...state.runs].reverse().map((run) => {
      const summary = run.outcome === "ok" ? "read" : run.outcome;
      return `| ${runLink(run)} | ${escapeMarkdown(run.at)} | ${escapeMarkdown(run.conclusion ?? "—")} | ${summary} | ${failedCell(run)} | ${run.to_review} |`;
    });
    // The table comes last: it gets the room that is left, newest runs first.
    const room = GITHUB_BODY_LIMIT - lines.join("\n").length - 200;
    const { shown, more } = takeWithin(rows, room, { separator: "\n" });
    lines.push(...shown);
    if (more > 0) lines.push("", `… and ${count(more)} older runs not shown.`);
  }
  return lines.join("\n");
}
