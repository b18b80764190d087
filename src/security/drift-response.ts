import { stopAll } from "../stop/stop-resume.js";
import { viewControl } from "../control/view.js";
import { commentOnIssue, type IssueRef } from "../github/issues.js";
import { recentCommits } from "../github/commits.js";
import { messageOf, repoKey } from "../core/github.js";
import { driftStopReason, type DriftSignal } from "./drift-signal.js";
import {
  addSignal,
  hasSignal,
  newDriftState,
  readDriftState,
  renderDriftIncidentFitting,
  renderRepeatComment,
  renderTakeOverComment,
  type DriftRenderContext,
  type DriftResponseRecord,
} from "./drift-incident.js";
import { DRIFT_INCIDENT } from "./labels.js";
import { link } from "./markdown.js";
import type { RecentChange } from "./recent-changes.js";
import { mapLimit } from "../util/map-limit.js";
import { commitProvenance } from "./commit-provenance.js";
import { InvalidControlFileError } from "../control/store.js";
import type { RepoEnv } from "../core/repo-env.js";
import { findSecurityIncident, writeSecurityIncident } from "./security-incidents.js";
import { setWorkflowsState } from "../stop/stop-workflows.js";

export interface DriftEnv extends RepoEnv {
  /** `<slug>[bot]`: `disabled_by` and `requested_by` of the stop. */
  botLogin: string;
}

export type DriftOutcome =
  { kind: "opened"; issue: IssueRef; response: DriftResponseRecord } | { kind: "updated"; issue: IssueRef } | { kind: "duplicate"; issue: IssueRef };

/**
 * A checksum-drift signal (runbook §5). With no open drift incident: stop everything exactly as
 * `/stop all` would (and disable `stop_workflows`), then gather the evidence and open the Critical
 * incident. With one open that batch-ops already responded to: add the signal to it; nothing is stopped
 * again. One opened by hand (same title): taken over, stopped once. The same signal twice (a
 * redelivery) changes nothing.
 */
export function respondToDriftSignal(env: DriftEnv, signal: DriftSignal): Promise<DriftOutcome> {
  // Signals take turns per repository: the drift issue and the failed run usually arrive together.
  return env.exclusive.run(`${repoKey(env.repo)}:security-drift`, async () => {
    let found: Awaited<ReturnType<typeof findSecurityIncident>> | undefined;
    try {
      found = await findSecurityIncident(env.github, env.repo, DRIFT_INCIDENT);
    } catch (error) {
      // Looking up the incident must not delay the stop; it is retried once the stop is done.
      env.log.warn({ err: error }, "could not list open incidents before the security stop");
    }
    if (found?.issue) return addToIncident(env, signal, found.issue);

    const response = await stopEverything(env, signal);
    found ??= await findSecurityIncident(env.github, env.repo, DRIFT_INCIDENT);
    if (found.issue) return addToIncident(env, signal, found.issue);

    const state = newDriftState(signal, response);
    const { body } = renderDriftIncidentFitting(state, await evidence(env));
    const { issue } = await writeSecurityIncident(env.github, env.repo, DRIFT_INCIDENT, body, { issue: undefined });
    env.log.warn(
      { repo: repoKey(env.repo), issue: issue.number, stop: response.stop.outcome, signal: signal.url },
      "Critical security incident opened",
    );
    if (signal.issueNumber !== undefined) {
      await commentOnIssue(env.github, env.repo, signal.issueNumber, openedReply(issue, response));
    }
    return { kind: "opened", issue, response };
  });
}

async function stopEverything(env: DriftEnv, signal: DriftSignal): Promise<DriftResponseRecord> {
  const reason = driftStopReason(signal);
  const edit = stopAll({ reason, reasonText: reason, incidentUrl: signal.url, by: env.botLogin });
  const audit = [`requested_by: ${env.botLogin}`, `signal: ${signal.url}`];
  // Like `/stop all`: the workflows are disabled whatever becomes of the commit.
  const [outcome, workflows] = await Promise.all([
    env.store.submit(env.github, env.repo, env.config.control_file, { edit, audit }).catch((error: unknown) => ({ kind: "error" as const, error })),
    setWorkflowsState(env.github, env.repo, env.config.stop_workflows, "disabled"),
  ]);
  const workflowRecords = workflows.map((w) => ({
    workflow: w.workflow,
    state: w.state,
    changed: w.changed,
    ...(w.error ? { error: w.error.slice(0, 300) } : {}),
  }));
  if (outcome.kind === "error") {
    const { error } = outcome;
    const note = error instanceof InvalidControlFileError ? `${env.config.control_file} is invalid (${error.errors.join("; ")})` : messageOf(error);
    return { stop: { outcome: "failed", note: note.slice(0, 500) }, workflows: workflowRecords };
  }
  if (outcome.kind === "committed") {
    return {
      stop: { outcome: "committed", note: outcome.note, commitSha: outcome.commit.sha, commitUrl: outcome.commit.url },
      workflows: workflowRecords,
    };
  }
  return { stop: { outcome: outcome.kind === "unchanged" ? "unchanged" : "failed", note: outcome.note.slice(0, 500) }, workflows: workflowRecords };
}

async function addToIncident(env: DriftEnv, signal: DriftSignal, issue: IssueRef): Promise<DriftOutcome> {
  const known = readDriftState(issue.body);
  if (known && hasSignal(known, signal)) return { kind: "duplicate", issue };
  if (!known) {
    // An incident batch-ops has not responded to yet (opened by a person, or its state edited away):
    // this is batch-ops' first signal for it, so the stop happens now, once.
    const response = await stopEverything(env, signal);
    const { body } = renderDriftIncidentFitting(newDriftState(signal, response, issue.body), await evidence(env));
    const { issue: written } = await writeSecurityIncident(env.github, env.repo, DRIFT_INCIDENT, body, { issue });
    await commentOnIssue(env.github, env.repo, issue.number, renderTakeOverComment(signal, response));
    await answerSignal(
      env,
      signal,
      issue,
      `🚨 batch-ops treated this as a Critical security incident: it ${stopSummary(response)} and added the evidence to ${incidentLink(issue)}.`,
    );
    return { kind: "updated", issue: written };
  }
  const { state: next, newRecipes } = addSignal(known, signal);
  const [stopped, gathered] = await Promise.all([isStopped(env), evidence(env)]);
  const { body } = renderDriftIncidentFitting(next, gathered);
  const { issue: written } = await writeSecurityIncident(env.github, env.repo, DRIFT_INCIDENT, body, { issue });
  await commentOnIssue(env.github, env.repo, issue.number, renderRepeatComment(signal, newRecipes, stopped));
  await answerSignal(env, signal, issue, `🔁 Added to the open security incident ${incidentLink(issue)}; batch-ops did not stop anything again.`);
  env.log.warn({ repo: repoKey(env.repo), issue: issue.number, signal: signal.url }, "security signal added to the open incident");
  return { kind: "updated", issue: written };
}

async function isStopped(env: DriftEnv): Promise<boolean | undefined> {
  try {
    const snapshot = await env.store.read(env.github, env.repo, env.config.control_file);
    return !viewControl(snapshot.control).enabled;
  } catch {
    return undefined;
  }
}

/** The recent commits to the recipes directory, each classified; a failure is reported, not thrown. */
async function evidence(env: DriftEnv): Promise<DriftRenderContext> {
  const dir = env.config.recipes_dir;
  const ctx = { branch: env.repo.defaultBranch, recipesDir: dir, controlPath: env.config.control_file };
  try {
    const commits = await recentCommits(env.github, env.repo, dir.replace(/\/+$/, ""), env.config.security.recent_recipe_commits);
    const recent = await mapLimit(commits, 4, async (c): Promise<RecentChange> => {
      const kind = await commitProvenance(env.github, env.repo, { sha: c.sha, message: c.message }, env.config.rollback.batch_branch_prefix).catch(
        (error: unknown) => ({ kind: "unknown" as const, why: messageOf(error) }),
      );
      return { sha: c.sha, url: c.url, subject: c.message.split("\n")[0] ?? "", author: c.author, date: c.date, kind };
    });
    return { ...ctx, recent };
  } catch (error) {
    return { ...ctx, recent: [], recentError: messageOf(error) };
  }
}

function stopSummary(response: DriftResponseRecord): string {
  if (response.stop.outcome === "committed") return `stopped all batch processing (${link("commit", response.stop.commitUrl)})`;
  if (response.stop.outcome === "unchanged") return "found batch processing already stopped";
  return "**could not stop batch processing** (comment `/stop all`)";
}

function openedReply(issue: IssueRef, response: DriftResponseRecord): string {
  return `🚨 batch-ops treated this as a Critical security incident: it ${stopSummary(response)} and opened ${incidentLink(issue)} with the evidence and the resolution checklist.`;
}

function incidentLink(issue: IssueRef): string {
  return link(`#${issue.number}`, issue.url);
}

/** Answers on the drift issue that signalled, unless it is the incident itself. */
async function answerSignal(env: DriftEnv, signal: DriftSignal, incident: IssueRef, text: string): Promise<void> {
  if (signal.issueNumber === undefined || signal.issueNumber === incident.number) return;
  await commentOnIssue(env.github, env.repo, signal.issueNumber, text);
}
