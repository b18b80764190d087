import type { RepoConfig } from "../config/schema.js";
import { casUpdate } from "../github/cas-update.js";
import { addLabels, ensureLabel } from "../github/issues.js";
import type { GitHub, RepoRef } from "../core/github.js";
import { acceptSourceChange, type AcceptOutcome } from "./queue-accept.js";
import { outcomeLabel, type DecisionOutcome, type ReviewDecision } from "./decision.js";
import { readProposedChange } from "./review-issue.js";
import type { BackoffOptions } from "../util/backoff.js";

/**
 * Carries out a reviewer's decision on a review issue. Accepting is one compare-and-swap commit to the
 * queue file that changes only the package's entry; everything else changes nothing. Throws on API
 * errors (nothing is written then).
 */
export async function applyReviewDecision(input: {
  github: GitHub;
  repo: RepoRef;
  config: RepoConfig;
  issue: { body: string; url: string };
  decision: ReviewDecision;
  reviewer: string;
  /** When the reviewer decided (the entry's `disambiguated_at`). */
  now: Date;
  backoff?: BackoffOptions;
}): Promise<DecisionOutcome> {
  const proposal = readProposedChange(input.issue.body);
  if (!proposal.ok) return { kind: "unreadable", note: proposal.reason };
  const change = proposal.change;
  if (input.decision === "reject") return { kind: "rejected", change };

  const meta = { reviewedBy: input.reviewer, issueUrl: input.issue.url, decidedAt: input.now };
  const result = await casUpdate<AcceptOutcome>({
    github: input.github,
    repo: input.repo,
    path: input.config.seeding.queue_file,
    ...(input.backoff ? { backoff: input.backoff } : {}),
    decide: (file) => {
      const outcome = acceptSourceChange(file?.text ?? null, change, meta);
      return { change: outcome.kind === "applied" ? { text: outcome.text, message: outcome.message } : null, decision: outcome };
    },
  });
  const outcome = result.decision;
  switch (outcome.kind) {
    case "applied":
      return { kind: "accepted", change, commit: result.commit! };
    case "already":
      return { kind: "already", change, note: outcome.note };
    case "conflict":
      return { kind: "conflict", change, note: outcome.note };
    case "invalid":
      return { kind: "invalid-queue", note: outcome.note };
  }
}

export async function labelOutcome(github: GitHub, repo: RepoRef, issueNumber: number, outcome: DecisionOutcome): Promise<void> {
  const label = outcomeLabel(outcome);
  if (!label) return;
  await ensureLabel(github, repo, label.name, label.color, label.description);
  await addLabels(github, repo, issueNumber, [label.name]);
}
