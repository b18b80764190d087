import { DEFAULT_ECOSYSTEM, type EcosystemNames } from "../control/ecosystems.js";
import { matrixValues, type JobFacts } from "./jobs.js";
import type { Outcome } from "./transitions.js";

const RESERVED = new Set(["__proto__", "constructor", "prototype"]);
const KEY = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;

/** A name safe to use as a key of `circuit_breaker` (no prototype keys, no odd characters). */
export function isSafeEcosystemKey(name: string): boolean {
  return KEY.test(name) && !RESERVED.has(name);
}

/** success → success; failure or timed_out → failure; cancelled, skipped, neutral (and anything else) → nothing. */
export function outcomeOfConclusion(conclusion: string | null | undefined): Outcome | undefined {
  if (conclusion === "success") return "success";
  if (conclusion === "failure" || conclusion === "timed_out") return "failure";
  return undefined;
}

/** Several outcomes for one ecosystem (a matrix over platforms): any failure wins. */
function merge(outcomes: Map<string, Outcome>, ecosystem: string, outcome: Outcome): void {
  if (outcomes.get(ecosystem) !== "failure") outcomes.set(ecosystem, outcome);
}

/** The ecosystem a job names, resolved against the known names and aliases, or undefined. */
export function ecosystemOfJob(job: Pick<JobFacts, "name">, names: EcosystemNames): string | undefined {
  for (const value of matrixValues(job.name)) {
    const resolved = names.resolve(value);
    if (resolved !== undefined && isSafeEcosystemKey(resolved)) return resolved;
  }
  return undefined;
}

export interface JobOutcomes {
  outcomes: Map<string, Outcome>;
  /** Failing jobs per ecosystem, for links in incident issues. */
  failingJobs: Map<string, JobFacts[]>;
  /** True when no job named an ecosystem and the run's conclusion stood for `default`. */
  usedDefault: boolean;
}

/**
 * `outcomes_from: jobs`: a job whose name ends in `(<ecosystem>)` gives that ecosystem's outcome. When no
 * job names an ecosystem, the run's conclusion is the outcome of `default`.
 */
export function outcomesFromJobs(jobs: readonly JobFacts[], runConclusion: string | null, names: EcosystemNames): JobOutcomes {
  const outcomes = new Map<string, Outcome>();
  const failingJobs = new Map<string, JobFacts[]>();
  let named = false;
  for (const job of jobs) {
    const ecosystem = ecosystemOfJob(job, names);
    if (ecosystem === undefined) continue;
    named = true;
    const outcome = outcomeOfConclusion(job.conclusion);
    if (outcome === undefined) continue;
    merge(outcomes, ecosystem, outcome);
    if (outcome === "failure") failingJobs.set(ecosystem, [...(failingJobs.get(ecosystem) ?? []), job]);
  }
  if (named) return { outcomes, failingJobs, usedDefault: false };
  const outcome = outcomeOfConclusion(runConclusion);
  if (outcome !== undefined) outcomes.set(DEFAULT_ECOSYSTEM, outcome);
  if (outcome === "failure")
    failingJobs.set(
      DEFAULT_ECOSYSTEM,
      jobs.filter((j) => outcomeOfConclusion(j.conclusion) === "failure"),
    );
  return { outcomes, failingJobs, usedDefault: true };
}
