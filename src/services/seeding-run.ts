import type { Logger } from "probot";
import type { RepoConfig } from "../config/schema.js";
import { ecosystemNames } from "../control/ecosystems.js";
import type { ArtifactOptions } from "../github/artifacts.js";
import { commentOnIssue, ensureLabel, upsertIssue, type IssueRef } from "../github/issues.js";
import { messageOf, type GitHub, type RepoRef } from "../github/types.js";
import { escapeMarkdown } from "../util/sanitize.js";
import { renderDigest } from "../seeding/digest.js";
import {
  CURATION_TITLE,
  curationReviewDue,
  investigateTitle,
  renderCurationIssue,
  renderInvestigateIssue,
  streaksToEscalate,
} from "../seeding/escalation.js";
import { recordRun, setPending, type SeedingState } from "../seeding/history.js";
import { SEEDING_LABELS } from "../seeding/labels.js";
import { runRecord, type EcosystemKey, type SeedingRunInfo, type SummaryRead } from "../seeding/run-record.js";
import { changesToReview, type SeedingSummary } from "../seeding/summary.js";
import { readDigest, writeDigest } from "./seeding-digest.js";
import type { ExclusiveRunner } from "./exclusive.js";
import { withSeedingLock } from "./seeding-lock.js";
import { openReviewIssues } from "./seeding-review-issues.js";
import { readRunSummary } from "./seeding-summary.js";

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

/** Runbook §6 escalations: a failing streak per ecosystem, and too many invalid curated sources. */
async function escalate(github: GitHub, repo: RepoRef, config: RepoConfig, state: SeedingState, summary: SeedingSummary, runUrl: string): Promise<Escalation[]> {
  const { failing_runs_to_escalate: threshold, curated_invalid_limit: limit } = config.seeding;
  const issues: { title: string; body: string }[] = streaksToEscalate(state.runs, threshold).map((streak) => ({
    title: investigateTitle(streak.ecosystem),
    body: renderInvestigateIssue(streak, summary.errors, threshold),
  }));
  if (curationReviewDue(summary, limit)) issues.push({ title: CURATION_TITLE, body: renderCurationIssue(summary.curatedInvalid, limit, { url: runUrl }) });
  if (issues.length === 0) return [];
  const label = SEEDING_LABELS.investigate;
  await ensureLabel(github, repo, label.name, label.color, label.description);
  const done: Escalation[] = [];
  for (const issue of issues) {
    const { issue: written } = await upsertIssue(github, repo, { ...issue, labels: [label.name] });
    done.push({ title: issue.title, url: written.url });
  }
  return done;
}

/** True when the digest already records this run attempt (or a later attempt of the run). */
export function isSeedingRunRecorded(state: SeedingState, run: Pick<SeedingRunInfo, "id" | "attempt">): boolean {
  return state.runs.some((r) => r.run_id === run.id && r.attempt >= run.attempt);
}

/**
 * A seeding workflow run completed: read its summary, open review issues (capped; the rest is left
 * for schedule ticks), escalate, and update the digest with the figures and the run history. A run
 * attempt the digest already records is not processed again (its webhook and the schedule's catch-up
 * may both bring it): undefined.
 */
export async function processSeedingRun(input: {
  github: GitHub;
  repo: RepoRef;
  config: RepoConfig;
  run: SeedingRunInfo;
  log: Logger;
  artifactOptions?: ArtifactOptions;
  /** Serialises digest updates across replicas (`deps.seedingLock`). */
  lock?: ExclusiveRunner;
}): Promise<SeedingRunResult | undefined> {
  const { github, repo, config, run, log } = input;
  return withSeedingLock(repo, async () => {
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
    const pendingPackages = new Map<number, string[]>();

    if (read.outcome === "ok") {
      const changes = changesToReview(read.summary);
      const result = await openReviewIssues({ github, repo, config, changes, from: 0, limit: config.seeding.max_issues_per_run, run });
      if (result.error) notes.push(`Opening review issues stopped on an error (${result.error}); a later schedule tick carries on.`);
      opened = result.opened;
      state = setPending(state, { run_id: run.id, url: run.url, next: result.next, total: changes.length });
      pendingPackages.set(run.id, changes.slice(result.next).map((c) => c.package));
      state = recordRun(state, runRecord(run, read, ecosystemKey(config), result.opened.length, result.alreadyOpen));
      try {
        escalations = await escalate(github, repo, config, state, read.summary, run.url);
      } catch (error) {
        log.error({ err: error }, "seeding escalation failed");
        notes.push(`Escalation issues could not be opened or updated: ${messageOf(error)}`);
      }
    } else {
      state = recordRun(state, runRecord(run, read, ecosystemKey(config)));
    }

    const body = renderDigest(state, { htmlUrl: repo.htmlUrl, seeding: config.seeding, pendingPackages, escalations, notes });
    const issue = await writeDigest(github, repo, digest.issue, body);
    if (read.outcome !== "ok") {
      await commentOnIssue(github, repo, issue.number, `⚠️ Seeding run [${run.number ?? run.id}](${run.url}) (${escapeMarkdown(run.conclusion ?? "no conclusion")}): ${escapeMarkdown(read.problem)}. Nothing was opened from it; the digest above shows the fix.`);
    }
    const pending = state.pending.reduce((n, p) => n + p.total - p.next, 0);
    log.info({ run: run.id, outcome: read.outcome, opened: opened.length, pending }, "seeding run processed");
    return { read, digest: issue, opened, pending, escalations };
  }, input.lock);
}
