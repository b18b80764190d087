import type { RepoConfig } from "../config/schema.js";
import { cloneControl, type ControlEdit } from "../control/edit.js";
import { ecosystemNames, type EcosystemNames } from "../control/ecosystems.js";
import type { ControlFile } from "../control/schema.js";
import { ecosystemOfJob, outcomeOfConclusion, outcomesFromJobs } from "./outcomes.js";
import { outcomesFromResults } from "./results-artifact.js";
import { applyOutcome, CLOSED, describeTransition, halfOpenIfDue, transitionOf, type Outcome, type Transition } from "./transitions.js";
import { BREAKER_SUBJECT } from "./recovery-edit.js";
import { runMinutes, type RunMinutes } from "./minutes.js";
import { addEcosystemMinutes, ensureBudget, type BudgetLevel } from "./budget-state.js";
import { pendingCrossings, useLine, useOf } from "./budget-thresholds.js";
import { isWeekDue } from "./weekly-reset.js";
import { jobsOfAttempt, runKey, type JobFacts, type RunFacts } from "./jobs.js";
import { isRunApplied, lastCompletedAt, recordRun } from "./run-record.js";
import { recordFollowups } from "./followups-record.js";
import { classifyRun } from "./severity.js";
import { sanitizeReason } from "../util/sanitize.js";

export { BREAKER_SUBJECT };
export const MINUTES_SUBJECT = "chore: record batch run CI minutes [skip ci]";

/** What the `batch-results` artifact gave, when `outcomes_from: artifact`. */
export type ArtifactText = { ok: true; text: string } | { ok: false; error: string };

export interface RunInput {
  run: RunFacts;
  /** Every job listed for the run attempt. */
  jobs: JobFacts[];
  artifact?: ArtifactText;
  /** Apply even though the budget week is over (after a reset attempt already ran). */
  allowOverdueWeek?: boolean;
}

export interface RunReport {
  status: "applied" | "duplicate" | "week-reset-needed";
  outcomes: Map<string, Outcome>;
  transitions: Transition[];
  failingJobs: Map<string, JobFacts[]>;
  minutes: RunMinutes;
  /** Why no breaker moved, when none could (cancelled run, `outcomes_from: off`, fork, bad artifact). */
  skipReason?: string;
  pendingCrossings: BudgetLevel[];
  /**
   * Ecosystems with an outcome in the whole run: this attempt's, plus those of jobs carried over from an
   * earlier attempt (a partial re-run lists them too). Severity is judged against the whole run, so
   * re-running the two failed ecosystems of ten is not "2 of 2 failing".
   */
  ecosystemsInRun: number;
  /** The completion time of the newest run applied before this one (for the staleness issue). */
  previousCompletedAt?: Date;
  /** The control file as this run left it. */
  control?: ControlFile;
}

function emptyReport(status: RunReport["status"]): RunReport {
  return {
    status,
    outcomes: new Map(),
    transitions: [],
    failingJobs: new Map(),
    minutes: { macos: 0, linux: 0, byEcosystem: {} },
    pendingCrossings: [],
    ecosystemsInRun: 0,
  };
}

interface Outcomes {
  outcomes: Map<string, Outcome>;
  failingJobs: Map<string, JobFacts[]>;
  skipReason?: string;
}

/** `outcomes_from: jobs`: this attempt's ecosystems plus those of jobs carried over that had an outcome. */
function ecosystemsInRun(outcomes: ReadonlyMap<string, Outcome>, carried: readonly JobFacts[], names: EcosystemNames): number {
  const all = new Set(outcomes.keys());
  for (const job of carried) {
    const ecosystem = ecosystemOfJob(job, names);
    if (ecosystem !== undefined && outcomeOfConclusion(job.conclusion) !== undefined) all.add(ecosystem);
  }
  return all.size;
}

/**
 * Run conclusions that judge the jobs: `success`, `failure`, `timed_out`, `neutral` (and `cancelled`,
 * judged by no one). `skipped`, `action_required` (waiting for approval), `startup_failure` (the workflow
 * file is broken), `stale` and no conclusion mean no job ran: nothing to move a breaker with.
 */
export function ranJobs(conclusion: string | null): boolean {
  return conclusion !== null && !["skipped", "action_required", "startup_failure", "stale"].includes(conclusion);
}

function runOutcomes(input: RunInput, jobs: JobFacts[], config: RepoConfig, current: ControlFile): Outcomes {
  const none = (skipReason: string): Outcomes => ({ outcomes: new Map(), failingJobs: new Map(), skipReason });
  if (input.run.conclusion === "cancelled") return none("cancelled run: no breaker changes");
  if (!ranJobs(input.run.conclusion)) return none(`${input.run.conclusion ?? "no"} conclusion: no job ran to judge, no breaker changes`);
  if (input.run.fromFork) return none("run of a fork's code: no breaker changes");
  if (input.run.otherBranch !== undefined)
    return none(`run on branch ${sanitizeReason(input.run.otherBranch, 100)}, not the default branch: no breaker changes`);
  const mode = config.circuit_breaker.outcomes_from;
  if (mode === "off") return none("outcomes_from: off (the pipeline updates its breakers itself)");
  const names = ecosystemNames(config, current);
  const fromJobs = outcomesFromJobs(jobs, input.run.conclusion, names);
  if (mode === "jobs") return fromJobs;
  if (!input.artifact) return none("batch-results artifact not read");
  if (!input.artifact.ok) return none(`batch-results artifact unusable: ${input.artifact.error}`);
  const parsed = outcomesFromResults(input.artifact.text, names);
  if (!parsed.ok) return none(`batch-results artifact unusable: ${parsed.error}`);
  return { outcomes: parsed.outcomes, failingJobs: fromJobs.failingJobs };
}

/**
 * One commit per run attempt: every ecosystem's breaker transition, the run's CI minutes and the record
 * that the attempt was applied. The duplicate check is part of the edit, so it is re-made against the
 * file on every compare-and-swap retry. `report()` describes the last evaluation (the one committed).
 */
export function batchRunEdit(input: RunInput, config: RepoConfig): { edit: ControlEdit; report: () => RunReport } {
  let last: RunReport = emptyReport("duplicate");
  const key = runKey(input.run);
  const edit: ControlEdit = (current, now) => {
    if (isRunApplied(current, key)) {
      last = emptyReport("duplicate");
      return { changed: false, note: `run ${key} was already applied` };
    }
    if (!input.allowOverdueWeek && isWeekDue(current, now)) {
      last = emptyReport("week-reset-needed");
      return { changed: false, note: "the budget week must be reset before this run is accounted" };
    }
    const names = ecosystemNames(config, current);
    const jobs = jobsOfAttempt(input.jobs, input.run.attempt);
    const minutes = runMinutes(jobs, config.budget, (job) => ecosystemOfJob(job, names));
    const { outcomes, failingJobs, skipReason } = runOutcomes(input, jobs, config, current);
    const carried = input.jobs.filter((job) => !jobs.includes(job));
    const inRun = config.circuit_breaker.outcomes_from === "jobs" && outcomes.size > 0 ? ecosystemsInRun(outcomes, carried, names) : outcomes.size;

    const next = cloneControl(current);
    const transitions: Transition[] = [];
    if (outcomes.size > 0) {
      const breakers = (next.circuit_breaker ??= {});
      const settings = { failureThreshold: config.circuit_breaker.failure_threshold, recoveryMinutes: config.circuit_breaker.recovery_minutes };
      for (const [ecosystem, outcome] of outcomes) {
        const before = Object.hasOwn(breakers, ecosystem) ? breakers[ecosystem]! : CLOSED;
        const due = halfOpenIfDue(before, now);
        if (due !== before) transitions.push(transitionOf(ecosystem, before, due, "recovery"));
        const after = applyOutcome(due, outcome, now, settings);
        transitions.push(transitionOf(ecosystem, due, after, outcome));
        breakers[ecosystem] = after;
      }
    }
    const budget = ensureBudget(next);
    budget.macos_minutes_used = (budget.macos_minutes_used ?? 0) + minutes.macos;
    budget.linux_minutes_used = (budget.linux_minutes_used ?? 0) + minutes.linux;
    addEcosystemMinutes(next, minutes.byEcosystem);
    const previousCompletedAt = lastCompletedAt(current);
    recordRun(next, key, input.run.completedAt, input.run.workflowFile);
    // What the incident issues must become after this run, in the same commit (repaired by the schedule).
    recordFollowups(next, input.run, classifyRun(outcomes, transitions, inRun), now);

    last = {
      status: "applied",
      outcomes,
      transitions,
      failingJobs,
      minutes,
      ...(skipReason ? { skipReason } : {}),
      pendingCrossings: pendingCrossings(next, config.budget),
      ecosystemsInRun: inRun,
      ...(previousCompletedAt ? { previousCompletedAt } : {}),
      control: next,
    };
    const body = [
      `run: ${input.run.url}`,
      `run_id: ${input.run.id}`,
      `run_attempt: ${input.run.attempt}`,
      `conclusion: ${input.run.conclusion ?? "none"}`,
      ...transitions.map((t) => `breaker: ${describeTransition(t)}`),
      ...(skipReason ? [`breakers: ${skipReason}`] : []),
      `minutes: macOS +${minutes.macos}, Linux +${minutes.linux}`,
      `budget: ${useLine(useOf(next, config.budget)).replace(/^use: /, "")}`,
    ];
    return {
      changed: true,
      next,
      subject: outcomes.size > 0 ? BREAKER_SUBJECT : MINUTES_SUBJECT,
      body,
      note: `applied run ${key}`,
    };
  };
  return { edit, report: () => last };
}
