import type { Logger } from "probot";
import type { RepoConfig } from "../config/schema.js";
import type { ArtifactOptions } from "../github/artifacts.js";
import { commentOnIssue } from "../github/issues.js";
import type { GitHub, RepoRef } from "../github/types.js";
import { escapeMarkdown } from "../util/sanitize.js";
import { renderDigest } from "../seeding/digest.js";
import { addOpened, dropPending, remainingReviews, setPending } from "../seeding/history.js";
import { changesToReview } from "../seeding/summary.js";
import { readDigest, writeDigest } from "./seeding-digest.js";
import type { ExclusiveRunner } from "./exclusive.js";
import { withSeedingLock } from "./seeding-lock.js";
import { openReviewIssues } from "./seeding-review-issues.js";
import { readRunSummary } from "./seeding-summary.js";

export interface ContinuationResult {
  opened: number;
  remaining: number;
}

/**
 * Opens the review issues earlier runs left over, oldest run first, at most `max_issues_per_run` per
 * call. The list is rebuilt from the run's artifact (the digest keeps only where each run stands).
 * Returns null when nothing was pending.
 */
export async function continueReviewIssues(input: {
  github: GitHub;
  repo: RepoRef;
  config: RepoConfig;
  log: Logger;
  artifactOptions?: ArtifactOptions;
  /** Serialises digest updates across replicas (`deps.seedingLock`). */
  lock?: ExclusiveRunner;
}): Promise<ContinuationResult | null> {
  const { github, repo, config, log } = input;
  return withSeedingLock(repo, async () => {
    const digest = await readDigest(github, repo);
    if (!digest.issue || digest.state.pending.length === 0) return null;
    let state = digest.state;
    let budget = config.seeding.max_issues_per_run;
    let opened = 0;
    const notes: string[] = [];
    const pendingPackages = new Map<number, string[]>();

    for (const pending of digest.state.pending) {
      if (budget <= 0) break;
      const read = await readRunSummary(github, repo, pending.run_id, config.seeding, input.artifactOptions);
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
      state = addOpened(setPending(state, { ...pending, next: result.next, total: changes.length }), pending.run_id, result.opened.length, result.alreadyOpen);
      pendingPackages.set(pending.run_id, changes.slice(result.next).map((c) => c.package));
      if (result.error) {
        notes.push(`Opening review issues stopped on an error (${result.error}); the next tick carries on.`);
        break;
      }
    }

    const body = renderDigest(state, { htmlUrl: repo.htmlUrl, seeding: config.seeding, pendingPackages, notes });
    await writeDigest(github, repo, digest.issue, body);
    const remaining = remainingReviews(state);
    log.info({ opened, remaining }, "seeding review issues continued");
    return { opened, remaining };
  }, input.lock);
}
