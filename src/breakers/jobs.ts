/** The facts of one job of a batch run that the app uses, taken from the jobs API (untrusted text). */
export interface JobFacts {
  id: number;
  name: string;
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  labels: string[];
  /** The attempt the job ran in; a re-run carries earlier attempts' jobs along. */
  runAttempt?: number;
  url: string;
}

/** The facts of a completed batch run, from the `workflow_run` payload. */
export interface RunFacts {
  id: number;
  attempt: number;
  url: string;
  conclusion: string | null;
  /** When the run completed (`updated_at`). */
  completedAt: string;
  workflowFile: string;
  /** A run of a fork's code (a pull request from a fork): it may spend minutes but never moves breakers. */
  fromFork: boolean;
  /** The run's branch when it is not the default branch: its minutes count, it never moves breakers. */
  otherBranch?: string;
}

/** The key a run attempt is recorded under: `<id>.<attempt>`. */
export function runKey(run: Pick<RunFacts, "id" | "attempt">): string {
  return `${run.id}.${run.attempt}`;
}

const MATRIX_SUFFIX = /\(([^()]*)\)\s*$/;

/**
 * The matrix values a job name ends with: `process (homebrew)` → [`homebrew`];
 * `build (npm, ubuntu-latest)` → [`npm`, `ubuntu-latest`]. Which of them is an ecosystem is decided
 * against the known names, so a runner label in parentheses never becomes a breaker.
 */
export function matrixValues(jobName: string): string[] {
  const match = MATRIX_SUFFIX.exec(jobName);
  if (!match) return [];
  return match[1]!
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/** Jobs that ran in this attempt (jobs carried over from an earlier attempt were applied with it). */
export function jobsOfAttempt(jobs: readonly JobFacts[], attempt: number): JobFacts[] {
  return jobs.filter((job) => job.runAttempt === undefined || job.runAttempt === attempt);
}
