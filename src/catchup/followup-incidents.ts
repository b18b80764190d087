import { jobsOfAttempt, type JobFacts, type RunFacts } from "../breakers/jobs.js";
import { owedFollowups, type OwedFollowup } from "../breakers/followups-record.js";
import { outcomesFromJobs } from "../breakers/outcomes.js";
import { ecosystemNames } from "../control/ecosystems.js";
import type { ControlFile } from "../control/schema.js";
import { listRunAttemptJobs } from "../breakers/batch-workflows.js";
import { listClosedIssuesSince, type ClosedIssue } from "../github/closed-issues.js";
import { closeIncidentIssue, openIssuesWithLabel, pickIncident, upsertIncidentIssue } from "../incidents/incident-issues.js";
import { hasMarker, INCIDENT_LABEL } from "../incidents/issue-spec.js";
import { mediumBody, mediumTitle, type RunIncidentFacts } from "../breakers/run-incident-body.js";
import { breakerClosedComment, HIGH_KEY, reportHigh } from "../breakers/run-incidents.js";
import type { RepoEnv } from "../core/repo-env.js";
import { withFollowupLock } from "../coordination/exclusive.js";

const BREAKER_PREFIX = "breaker:";

/** The run's failing jobs per ecosystem, for the issue body's links; none when they cannot be listed. */
async function failingJobsOf(env: RepoEnv, run: RunFacts, control: ControlFile): Promise<ReadonlyMap<string, readonly JobFacts[]>> {
  try {
    const jobs = jobsOfAttempt(await listRunAttemptJobs(env.github, env.repo, run.id, run.attempt), run.attempt);
    return outcomesFromJobs(jobs, run.conclusion, ecosystemNames(env.config, control)).failingJobs;
  } catch (error) {
    env.log.warn({ err: error, run: run.id }, "the run's jobs cannot be listed; the incident issue is written without job links");
    return new Map();
  }
}

async function factsOf(env: RepoEnv, owed: OwedFollowup, control: ControlFile): Promise<RunIncidentFacts> {
  const run: RunFacts = { ...owed.run, fromFork: false };
  return {
    repo: env.repo,
    run,
    failing: owed.failing ?? [],
    total: owed.total ?? owed.failing?.length ?? 0,
    breakers: control.circuit_breaker ?? {},
    failingJobs: await failingJobsOf(env, run, control),
    now: env.now,
  };
}

/** True when a person (or the app) closed the key's issue after the follow-up fell due: it was seen. */
function closedSinceDue(closed: readonly ClosedIssue[], owed: OwedFollowup): boolean {
  return closed.some((issue) => hasMarker(issue.body, owed.key) && issue.closedAt !== null && Date.parse(issue.closedAt) >= owed.dueAt.getTime());
}

/**
 * Incident follow-ups, level-triggered: what the runs of the last three days owe (recorded in their
 * commits) compared with the incident issues. A High or breaker issue that was never opened is opened
 * (High with its automatic stop); a breaker issue whose breaker closed is closed. An issue a person
 * closed after it fell due is left closed. Returns how many follow-ups were made now.
 */
export async function repairIncidents(env: RepoEnv, snapshot: ControlFile): Promise<number> {
  if (owedFollowups(snapshot, env.now).length === 0) return 0;
  return withFollowupLock(env, async () => {
    // Read again under the lock: a run applied since the tick began may owe something else now.
    const { control } = await env.store.read(env.github, env.repo, env.config.control_file);
    const owed = owedFollowups(control, env.now);
    if (owed.length === 0) return 0;
    const open = await openIssuesWithLabel(env.github, env.repo, INCIDENT_LABEL);
    let closed: ClosedIssue[] | undefined;
    let repaired = 0;
    for (const followup of owed) {
      const existing = pickIncident(open, followup.key);
      const ecosystem = followup.key.startsWith(BREAKER_PREFIX) ? followup.key.slice(BREAKER_PREFIX.length) : undefined;
      const breakerClosed = ecosystem !== undefined && (control.circuit_breaker?.[ecosystem]?.state ?? "closed") === "closed";
      if (followup.action === "close") {
        if (!existing || ecosystem === undefined || !breakerClosed) continue;
        await closeIncidentIssue(
          env.github,
          env.repo,
          { label: INCIDENT_LABEL, key: followup.key },
          breakerClosedComment(ecosystem, followup.run.url),
          open,
        );
        repaired++;
        continue;
      }
      // An open breaker issue is owed only while the breaker is not closed (a reset closed it by hand).
      if (existing || (ecosystem !== undefined && breakerClosed)) continue;
      closed ??= await listClosedIssuesSince(env.github, env.repo, INCIDENT_LABEL, new Date(Math.min(...owed.map((f) => f.dueAt.getTime()))));
      if (closedSinceDue(closed, followup)) continue;
      const facts = await factsOf(env, followup, control);
      if (followup.key === HIGH_KEY) {
        await reportHigh(env, facts, open);
      } else if (ecosystem !== undefined) {
        await upsertIncidentIssue(
          env.github,
          env.repo,
          { key: followup.key, title: mediumTitle(ecosystem), body: mediumBody(facts, ecosystem), labels: [INCIDENT_LABEL], severity: "medium" },
          open,
        );
      }
      repaired++;
    }
    if (repaired > 0) env.log.warn({ repaired }, "incident follow-ups made late (their first attempt had failed)");
    return repaired;
  });
}
