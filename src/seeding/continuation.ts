import type { Logger } from "probot";
import type { RepoConfig } from "../config/schema.js";
import type { ArtifactOptions } from "../github/artifacts.js";
import { commentOnIssue } from "../github/issues.js";
import type { GitHub, RepoRef } from "../core/github.js";
import { escapeMarkdown } from "../util/sanitize.js";
import { renderDigest } from "./digest.js";
import { escalationIssues } from "./escalation.js";
import { addOpened, dropPending, remainingReviews, setDeferredEscalations, setPending } from "./history.js";
import type { SummaryRead } from "./run-record.js";
import { changesToReview } from "./summary.js";
import { readDigest, writeDigest } from "./digest-issue.js";
import type { ExclusiveRunner } from "../coordination/exclusive.js";
import { withSeedingLock } from "../coordination/exclusive.js";
import { writeEscalations } from "./escalation-issues.js";
import { openReviewIssues } from "./review-issues.js";
import { readRunSummary } from "./summary-artifact.js";

export interface ContinuationResult {
  /** Review issues opened now. */
  opened: number;
  remaining: number;
  /** Escalation issues opened now. */
  escalationsOpened: number;
}

/**
 * Opens the escalation issues and review issues earlier runs left over (escalations first, then review
 * issues oldest run first), at most `max_issues_per_run` in all per call. The lists are rebuilt from
 * the run's artifact (the digest keeps only where each run stands). Returns null when nothing was pending.
 */
export async function continueReviewIssues(input: {
  github: GitHub;
  repo: RepoRef;
  config: RepoConfig;
  log: Logger;
  artifactOptions?: ArtifactOptions;
  /** Serialises digest updates across replicas (`deps.seedingLock`). */
  lock: ExclusiveRunner;
}): Promise<ContinuationResult | null> {
  const { github, repo, config, log } = input;
  return withSeedingLock(
    repo,
    async () => {
      const digest = await readDigest(github, repo);
      if (!digest.issue || (digest.state.pending.length === 0 && !digest.state.deferred_escalations)) return null;
      let state = digest.state;
      let budget = config.seeding.max_issues_per_run;
      let opened = 0;
      const notes: string[] = [];
      const pendingPackages = new Map<number, string[]>();
      const summaries = new Map<number, Promise<SummaryRead>>();
      const summaryOf = (runId: number) => {
        if (!summaries.has(runId)) summaries.set(runId, readRunSummary(github, repo, runId, config.seeding, input.artifactOptions));
        return summaries.get(runId)!;
      };

      let escalations: { title: string; url: string }[] = [];
      let deferredEscalations: string[] = [];
      let escalationsOpened = 0;
      const waiting = state.deferred_escalations;
      if (waiting) {
        const read = await summaryOf(waiting.run_id);
        if (read.outcome !== "ok") {
          const note = `Stopped opening the ${waiting.count} remaining escalation issues of run ${waiting.run_id}: ${read.problem}.`;
          notes.push(note);
          await commentOnIssue(github, repo, digest.issue.number, `⚠️ ${escapeMarkdown(note)} ([run](${waiting.url}))`);
          state = setDeferredEscalations(state, { ...waiting, count: 0 });
        } else {
          const written = await writeEscalations({
            github,
            repo,
            issues: escalationIssues(state.runs, read.summary, config.seeding, waiting),
            limit: budget,
          });
          escalations = written.written;
          deferredEscalations = written.deferred;
          escalationsOpened = written.opened;
          budget -= written.opened;
          state = setDeferredEscalations(state, { ...waiting, count: written.deferred.length });
          if (written.error) notes.push(`Escalation issues stopped on an error (${written.error}); the next tick carries on.`);
        }
      }

      for (const pending of digest.state.pending) {
        if (budget <= 0) break;
        const read = await summaryOf(pending.run_id);
        if (read.outcome !== "ok") {
          state = dropPending(state, pending.run_id);
          const note = `Stopped opening the ${pending.total - pending.next} remaining review issues of run ${pending.run_id}: ${read.problem}.`;
          notes.push(note);
          await commentOnIssue(github, repo, digest.issue.number, `⚠️ ${escapeMarkdown(note)} ([run](${pending.url}))`);
          continue;
        }
        const changes = changesToReview(read.summary);
        const run = { id: pending.run_id, url: pending.url };
        const result = await openReviewIssues({ github, repo, config, changes, from: pending.next, limit: budget, run });
        budget -= result.opened.length;
        opened += result.opened.length;
        state = addOpened(
          setPending(state, { ...pending, next: result.next, total: changes.length }),
          pending.run_id,
          result.opened.length,
          result.alreadyOpen,
        );
        pendingPackages.set(
          pending.run_id,
          changes.slice(result.next).map((c) => c.package),
        );
        if (result.error) {
          notes.push(`Opening review issues stopped on an error (${result.error}); the next tick carries on.`);
          break;
        }
      }

      const body = renderDigest(state, { htmlUrl: repo.htmlUrl, seeding: config.seeding, pendingPackages, escalations, deferredEscalations, notes });
      await writeDigest(github, repo, digest.issue, body);
      const remaining = remainingReviews(state);
      log.info({ opened, escalationsOpened, remaining }, "seeding review issues continued");
      return { opened, remaining, escalationsOpened };
    },
    input.lock,
  );
}
