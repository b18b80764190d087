import type { CommitRef } from "../github/files.js";
import { escapeMarkdown, escapeOutsideCode } from "../util/sanitize.js";
import { SEEDING_LABELS } from "./labels.js";
import type { ProposedChange } from "./review-issue.js";

export type ReviewDecision = "accept" | "reject";

/** What became of a reviewer's decision on a review issue. */
export type DecisionOutcome =
  | { kind: "accepted"; change: ProposedChange; commit: CommitRef }
  | { kind: "already"; change: ProposedChange; note: string }
  | { kind: "conflict"; change: ProposedChange; note: string }
  | { kind: "rejected"; change: ProposedChange }
  /** The issue body no longer says what the change is. */
  | { kind: "unreadable"; note: string }
  /** The queue file cannot be edited safely. */
  | { kind: "invalid-queue"; note: string };

/** The label an outcome leaves on the issue, if any. */
export function outcomeLabel(outcome: DecisionOutcome): (typeof SEEDING_LABELS)["conflict" | "rejected"] | undefined {
  if (outcome.kind === "conflict") return SEEDING_LABELS.conflict;
  if (outcome.kind === "rejected") return SEEDING_LABELS.rejected;
  return undefined;
}

/** Outcomes after which the issue stays open (or is reopened) so the decision can be made again. */
export function needsRetry(outcome: DecisionOutcome): boolean {
  return outcome.kind === "invalid-queue";
}

/** What the reviewer is told about their decision, as markdown. */
export function renderDecision(outcome: DecisionOutcome, ctx: { queueFile: string; reviewer: string }): string {
  const file = `\`${ctx.queueFile}\``;
  switch (outcome.kind) {
    case "accepted": {
      const c = outcome.change;
      return `✅ Accepted by @${ctx.reviewer}: \`${c.package}\` now uses \`${c.new}\` (was \`${c.old}\`) in ${file}, marked \`confidence: curated\` (a person's choice, which the seeding job leaves alone), failure state reset: commit [\`${outcome.commit.sha.slice(0, 7)}\`](${outcome.commit.url}).`;
    }
    case "already":
      return `👍 Nothing to commit: ${escapeOutsideCode(outcome.note)} (accepted earlier). ${file} was not changed again.`;
    case "conflict":
      return `⚠️ Not applied: ${escapeOutsideCode(outcome.note)}. ${file} was not changed; labelled \`${SEEDING_LABELS.conflict.name}\`. Look at the entry and edit it by hand if the change still makes sense.`;
    case "rejected":
      // The queue is not read on a rejection, so say what this decision did, not what the entry holds.
      return `👍 Rejected by @${ctx.reviewer}: ${file} was not changed (\`${outcome.change.package}\` is not switched to \`${outcome.change.new}\`). Labelled \`${SEEDING_LABELS.rejected.name}\`.`;
    case "unreadable":
      return `😕 Cannot apply this decision: ${escapeMarkdown(outcome.note)}. Nothing was changed; edit ${file} by hand if the change is wanted.`;
    case "invalid-queue":
      return `😕 ${file} cannot be edited safely: ${escapeMarkdown(outcome.note)}. Nothing was written. Fix the file, then decide again.`;
  }
}
