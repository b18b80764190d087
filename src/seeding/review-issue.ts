import { z } from "zod";
import { fileUrl } from "../github/files.js";
import type { RepoRef } from "../core/github.js";
import { hiddenJson, readHiddenJson } from "../util/hidden-json.js";
import { packageNameSchema, sourceSchema } from "./names.js";
import type { SourceChange } from "./summary.js";

const MARKER = "batch-ops:seeding-review";

/** What a review issue proposes, as recorded in its body when it was opened. */
export interface ProposedChange {
  package: string;
  old: string;
  new: string;
  priority: number | null;
  runId: number;
}

const markerSchema = z.object({
  package: packageNameSchema,
  old: sourceSchema,
  new: sourceSchema,
  priority: z.number().int().nullable(),
  run_id: z.number().int().positive(),
});

/** Exact title, used to find an open issue for the package (exact match, not search). */
export function reviewTitle(pkg: string): string {
  return `review: source change for ${pkg}`;
}

export function auditLogPath(auditDir: string, pkg: string): string {
  return `${auditDir.replace(/\/+$/, "")}/${pkg}.json`;
}

export interface ReviewIssueContext {
  repo: RepoRef;
  run: { id: number; url: string };
  queueFile: string;
  auditDir: string;
  /** The permission `accept` / `reject` need in this repository. */
  acceptLevel: string;
  rejectLevel: string;
}

/** The runbook's review issue: package, old and new source, priority, audit log, and how to decide. */
export function renderReviewIssue(change: SourceChange, ctx: ReviewIssueContext): { title: string; body: string } {
  const audit = auditLogPath(ctx.auditDir, change.package);
  const marker = hiddenJson(MARKER, { package: change.package, old: change.old, new: change.new, priority: change.priority, run_id: ctx.run.id });
  const body = [
    marker,
    `The [seeding run](${ctx.run.url}) chose a different source for \`${change.package}\`. It was not auto-accepted, so a person decides.`,
    "",
    "| | |",
    "|---|---|",
    `| Package | \`${change.package}\` |`,
    `| Old source | \`${change.old}\` |`,
    `| New source | \`${change.new}\` |`,
    `| Priority | ${change.priority ?? "—"} |`,
    `| Audit log | [\`${audit}\`](${fileUrl(ctx.repo, audit, ctx.repo.defaultBranch)}) |`,
    "",
    "### How to decide",
    "",
    `- **Accept:** close this issue as *completed*, or comment \`/accept\`. batch-ops then commits to \`${ctx.queueFile}\`: \`source\` → the new source, \`failure_count\` → 0, \`next_retry_at\` → null, and \`status\` → \`pending\` when it was \`failed\`, \`blocked\` or \`requires_manual\`.`,
    `- **Reject:** close this issue as *not planned*, or comment \`/reject\`. The queue is not changed.`,
    "",
    `Accepting needs **${ctx.acceptLevel}** permission, rejecting **${ctx.rejectLevel}**; a close by anyone else is reopened.`,
  ].join("\n");
  return { title: reviewTitle(change.package), body };
}

export type ProposalRead = { ok: true; change: ProposedChange } | { ok: false; reason: string };

/** The table rows a reviewer reads, by the record field each one shows. */
const SHOWN_ROWS = [
  ["Package", "package"],
  ["Old source", "old"],
  ["New source", "new"],
] as const;

/**
 * A visible row that says something else than the record: the body was edited, so what the reviewer
 * read is not what accepting would apply. Absent rows are not a disagreement (the record alone decides).
 */
function shownDisagreement(body: string, change: Pick<ProposedChange, "package" | "old" | "new">): string | undefined {
  // Split by hand, not with a regular expression: the body is a person's text (no backtracking on it).
  for (const line of body.split("\n")) {
    const text = line.trim();
    if (!text.startsWith("|") || !text.endsWith("|")) continue;
    const cells = text.slice(1, -1).split("|");
    if (cells.length !== 2) continue;
    const row = SHOWN_ROWS.find(([label]) => label.toLowerCase() === cells[0]!.trim().toLowerCase());
    if (!row) continue;
    const shown = cells[1]!.trim();
    const value = shown.length >= 2 && shown.startsWith("`") && shown.endsWith("`") ? shown.slice(1, -1).trim() : shown;
    if (value !== change[row[1]]) return row[0];
  }
  return undefined;
}

/**
 * Reads the change back from the hidden block of a review issue. The visible table is never the source
 * of the change, but it is what the reviewer decided on: a body edited so that the two disagree, or one
 * holding a second record, is refused rather than guessed at.
 */
export function readProposedChange(body: string | null | undefined): ProposalRead {
  const raw = readHiddenJson(MARKER, body);
  if (raw === undefined) return { ok: false, reason: "the issue body no longer holds the batch-ops change record (it was edited or removed)" };
  if (body!.split(`<!-- ${MARKER} `).length > 2)
    return { ok: false, reason: "the issue body holds more than one batch-ops change record (it was edited)" };
  const parsed = markerSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "the change record in the issue body is not valid" };
  const m = parsed.data;
  const change = { package: m.package, old: m.old, new: m.new, priority: m.priority, runId: m.run_id };
  const edited = shownDisagreement(body!, change);
  if (edited) {
    return {
      ok: false,
      reason: `the issue body was edited: its "${edited}" row no longer shows what the change record holds, so it is unclear what was decided on`,
    };
  }
  return { ok: true, change };
}
