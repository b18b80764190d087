import type { RunFacts } from "./jobs.js";
import type { RunReport } from "./run-edit.js";
import { stopAll } from "../stop/stop-resume.js";
import { closeIncidentIssue, openIssuesWithLabel, pickIncident, upsertIncidentIssue } from "../incidents/incident-issues.js";
import { commentOnIssue, type IssueRef } from "../github/issues.js";
import { INCIDENT_LABEL } from "../incidents/issue-spec.js";
import { highBody, highTitle, mediumBody, mediumTitle, type RunIncidentFacts } from "./run-incident-body.js";
import { classifyRun, type RunSeverity } from "./severity.js";
import { escapeMarkdown } from "../util/sanitize.js";
import { renderWorkflowReports, setWorkflowsState } from "../stop/stop-workflows.js";
import type { RepoEnv } from "../core/repo-env.js";
import { withFollowupLock } from "../coordination/exclusive.js";

export const HIGH_KEY = "high";
export const APP_ACTOR = "batch-ops";

export function breakerIncidentKey(ecosystem: string): string {
  return `breaker:${ecosystem}`;
}

export function breakerClosedComment(ecosystem: string, runUrl: string): string {
  return `The ${escapeMarkdown(ecosystem)} circuit breaker closed after a successful run: ${runUrl}. Closing.`;
}

/**
 * After a run is applied: High → one incident issue (and the app's `/stop all` with `auto_stop_on_high`);
 * a breaker opening → one Medium issue per ecosystem, refreshed by later runs and closed when the breaker
 * closes; a lone failure (Low) → nothing. Open incident issues are listed once, only when needed.
 */
export async function reportRunIncidents(env: RepoEnv, run: RunFacts, report: RunReport): Promise<RunSeverity> {
  const severity = classifyRun(report.outcomes, report.transitions, report.ecosystemsInRun);
  const needsIssues = severity.high || severity.opened.length + severity.recovered.length + severity.stillOpen.length > 0;
  if (!needsIssues || !report.control) return severity;
  const facts: RunIncidentFacts = {
    repo: env.repo,
    run,
    failing: severity.high?.failing ?? [...report.outcomes].filter(([, o]) => o === "failure").map(([e]) => e),
    total: Math.max(report.ecosystemsInRun, report.outcomes.size),
    breakers: report.control.circuit_breaker ?? {},
    failingJobs: report.failingJobs,
    now: env.now,
  };
  await withFollowupLock(env, () => reportIssues(env, run, facts, severity));
  return severity;
}

async function reportIssues(env: RepoEnv, run: RunFacts, facts: RunIncidentFacts, severity: RunSeverity): Promise<void> {
  const open = await openIssuesWithLabel(env.github, env.repo, INCIDENT_LABEL);

  if (severity.high) await reportHigh(env, facts, open);
  // Breakers that opened now get an issue; ones still open refresh theirs when it exists.
  const refreshed = severity.stillOpen.filter((ecosystem) => pickIncident(open, breakerIncidentKey(ecosystem)));
  for (const ecosystem of [...severity.opened, ...refreshed]) {
    await upsertIncidentIssue(
      env.github,
      env.repo,
      {
        key: breakerIncidentKey(ecosystem),
        title: mediumTitle(ecosystem),
        body: mediumBody(facts, ecosystem),
        labels: [INCIDENT_LABEL],
        severity: "medium",
      },
      open,
    );
  }
  for (const ecosystem of severity.recovered) {
    await closeIncidentIssue(
      env.github,
      env.repo,
      { label: INCIDENT_LABEL, key: breakerIncidentKey(ecosystem) },
      breakerClosedComment(ecosystem, run.url),
      open,
    );
  }
}

/** The High issue (created or updated) and, with `auto_stop_on_high`, the app's `/stop all`. */
export async function reportHigh(env: RepoEnv, facts: RunIncidentFacts, open: readonly IssueRef[]): Promise<void> {
  const autoStop = env.config.incidents.auto_stop_on_high;
  const { issue } = await upsertIncidentIssue(
    env.github,
    env.repo,
    {
      key: HIGH_KEY,
      title: highTitle(facts.failing.length, facts.total),
      body: highBody(facts, { autoStop }),
      labels: [INCIDENT_LABEL],
      severity: "high",
    },
    open,
  );
  env.log.warn({ repo: `${env.repo.owner}/${env.repo.repo}`, failing: facts.failing, issue: issue.number }, "High severity batch incident");
  if (!autoStop) return;
  const reason = `High severity: ${facts.failing.length} of ${facts.total} ecosystems failing in run ${facts.run.url}`;
  const edit = stopAll({ reason, incidentUrl: issue.url, by: APP_ACTOR });
  const audit = [`requested_by: ${APP_ACTOR} (incidents.auto_stop_on_high)`, `incident: ${issue.url}`];
  // Like `/stop all`: the workflows are disabled whatever becomes of the commit.
  const [outcome, workflows] = await Promise.all([
    env.store.submit(env.github, env.repo, env.config.control_file, { edit, audit }).catch((error: unknown) => error as Error),
    setWorkflowsState(env.github, env.repo, env.config.stop_workflows, "disabled"),
  ]);
  const workflowsMoved = workflows.some((w) => w.changed || w.error);
  let text: string;
  if (outcome instanceof Error)
    text = `⚠️ The automatic stop could not be committed: ${escapeMarkdown(outcome.message)}. Stop by hand with \`/stop all\`.`;
  else if (outcome.kind === "committed")
    text = `🛑 Batch processing stopped automatically (\`incidents.auto_stop_on_high\`): [commit](${outcome.commit.url}).`;
  else if (workflowsMoved) text = `Batch processing was already stopped (${escapeMarkdown(outcome.note)}).`;
  else return; // already stopped, nothing new to say on the issue
  await commentOnIssue(env.github, env.repo, issue.number, text + renderWorkflowReports(workflows));
}
