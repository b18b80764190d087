import type { Logger } from "probot";
import type { RepoConfig } from "../config/schema.js";
import { ecosystemNames } from "../control/ecosystems.js";
import type { ArtifactOptions } from "../github/artifacts.js";
import { commentOnIssue, type IssueRef } from "../github/issues.js";
import { messageOf, type GitHub, type RepoRef } from "../core/github.js";
import { escapeMarkdown } from "../util/sanitize.js";
import { renderDigest } from "./digest.js";
import { escalationIssues } from "./escalation.js";
import { recordRun, setDeferredEscalations, setPending, type SeedingState } from "./history.js";
import { runRecord, type EcosystemKey, type SeedingRunInfo, type SummaryRead } from "./run-record.js";
import { changesToReview } from "./summary.js";
import { readDigest, writeDigest } from "./digest-issue.js";
import type { ExclusiveRunner } from "../coordination/exclusive.js";
import { withSeedingLock } from "../coordination/exclusive.js";
import { writeEscalations } from "./escalation-issues.js";
import { openReviewIssues } from "./review-issues.js";
import { readRunSummary } from "./summary-artifact.js";

export interface SeedingRunResult {
  read: SummaryRead;
  digest: IssueRef;
  opened: IssueRef[];
  /** Review issues left for later schedule ticks (all runs). */
  pending: number;
  escalations: { title: string; url: string }[];
}

export function ecosystemKey(config: RepoConfig): EcosystemKey {
  const names = ecosystemNames(config);
  return (name) => names.resolve(name) ?? name;
}

type Escalation = { title: string; url: string };

/** True when the digest already records this run attempt (or a later attempt of the run). */
export function isSeedingRunRecorded(state: SeedingState, run: Pick<SeedingRunInfo, "id" | "attempt">): boolean {
  return state.runs.some((r) => r.run_id === run.id && r.attempt >= run.attempt);
}

/**
 * A seeding workflow run completed: read its summary, escalate, open review issues (escalations and
 * review issues share `max_issues_per_run`, escalations first; the rest is left for schedule ticks),
 * and update the digest with the figures and the run history.
 * A run attempt the digest already records is not processed again (its webhook and the schedule's
 * catch-up may both bring it): undefined.
 */
export async function processSeedingRun(input: {
  github: GitHub;
  repo: RepoRef;
  config: RepoConfig;
  run: SeedingRunInfo;
  log: Logger;
  artifactOptions?: ArtifactOptions;
  /** Serialises digest updates across replicas (`deps.seedingLock`). */
  lock: ExclusiveRunner;
}): Promise<SeedingRunResult | undefined> {
  const { github, repo, config, run, log } = input;
  return withSeedingLock(
    repo,
    async () => {
      const digest = await readDigest(github, repo);
      if (isSeedingRunRecorded(digest.state, run)) {
        log.info({ run: run.id, attempt: run.attempt }, "seeding run already in the digest; not processed again");
        return undefined;
      }
      const read = await readRunSummary(github, repo, run.id, config.seeding, input.artifactOptions);
      let state = digest.state;
      const notes = digest.problem ? [digest.problem] : [];
      let opened: IssueRef[] = [];
      let escalations: Escalation[] = [];
      let deferredEscalations: string[] = [];
      const pendingPackages = new Map<number, string[]>();

      if (read.outcome === "ok") {
        let budget = config.seeding.max_issues_per_run;
        // The streaks include this run; its review counts are recorded once known.
        const runs = recordRun(state, runRecord(run, read, ecosystemKey(config))).runs;
        const due = escalationIssues(runs, read.summary, config.seeding, run);
        try {
          const written = await writeEscalations({ github, repo, issues: due, limit: budget });
          escalations = written.written;
          deferredEscalations = written.deferred;
          budget -= written.opened;
          if (written.error) notes.push(`Escalation issues stopped on an error (${written.error}); a later schedule tick carries on.`);
        } catch (error) {
          log.error({ err: error }, "seeding escalation failed");
          notes.push(`Escalation issues could not be opened or updated (${messageOf(error)}); a later schedule tick tries again.`);
          deferredEscalations = due.map((issue) => issue.title);
        }
        state = setDeferredEscalations(state, { run_id: run.id, url: run.url, count: deferredEscalations.length });

        const changes = changesToReview(read.summary);
        const result = await openReviewIssues({ github, repo, config, changes, from: 0, limit: budget, run });
        if (result.error) notes.push(`Opening review issues stopped on an error (${result.error}); a later schedule tick carries on.`);
        opened = result.opened;
        state = setPending(state, { run_id: run.id, url: run.url, next: result.next, total: changes.length });
        pendingPackages.set(
          run.id,
          changes.slice(result.next).map((c) => c.package),
        );
        state = recordRun(state, runRecord(run, read, ecosystemKey(config), result.opened.length, result.alreadyOpen));
      } else {
        state = recordRun(state, runRecord(run, read, ecosystemKey(config)));
      }

      const body = renderDigest(state, { htmlUrl: repo.htmlUrl, seeding: config.seeding, pendingPackages, escalations, deferredEscalations, notes });
      const issue = await writeDigest(github, repo, digest.issue, body);
      if (read.outcome !== "ok") {
        await commentOnIssue(
          github,
          repo,
          issue.number,
          `⚠️ Seeding run [${run.number ?? run.id}](${run.url}) (${escapeMarkdown(run.conclusion ?? "no conclusion")}): ${escapeMarkdown(read.problem)}. Nothing was opened from it; the digest above shows the fix.`,
        );
      }
      const pending = state.pending.reduce((n, p) => n + p.total - p.next, 0);
      log.info({ run: run.id, outcome: read.outcome, opened: opened.length, pending }, "seeding run processed");
      return { read, digest: issue, opened, pending, escalations };
    },
    input.lock,
  );
}
