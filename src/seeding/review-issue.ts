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

/** Reads the change back from the hidden block of a review issue; the visible text is never trusted. */
export function readProposedChange(body: string | null | undefined): ProposalRead {
  const raw = readHiddenJson(MARKER, body);
  if (raw === undefined) return { ok: false, reason: "the issue body no longer holds the batch-ops change record (it was edited or removed)" };
  const parsed = markerSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "the change record in the issue body is not valid" };
  const m = parsed.data;
  return { ok: true, change: { package: m.package, old: m.old, new: m.new, priority: m.priority, runId: m.run_id } };
}
