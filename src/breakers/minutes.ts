import type { RepoConfig } from "../config/schema.js";
import type { JobFacts } from "./jobs.js";
import { parseStamp } from "../util/time.js";

export interface RunMinutes {
  macos: number;
  linux: number;
  /** Minutes of jobs that name an ecosystem, per ecosystem. */
  byEcosystem: Record<string, number>;
}

/** Billable minutes of one job: `ceil((completed_at − started_at) / 60 s)`; 0 when either is missing. */
export function jobMinutes(job: Pick<JobFacts, "startedAt" | "completedAt">): number {
  const started = parseStamp(job.startedAt);
  const completed = parseStamp(job.completedAt);
  if (!started || !completed) return 0;
  const ms = completed.getTime() - started.getTime();
  return ms > 0 ? Math.ceil(ms / 60_000) : 0;
}

/** macOS when a label matches `macos_labels` (case-insensitive); with none configured, any label containing `macos`. */
export function isMacosJob(labels: readonly string[], macosLabels: readonly string[]): boolean {
  const wanted = macosLabels.map((l) => l.toLowerCase());
  return labels.some((label) => {
    const lower = label.toLowerCase();
    return wanted.length === 0 ? lower.includes("macos") : wanted.includes(lower);
  });
}

/** A job that ran on a self-hosted runner (its `runs-on` labels say `self-hosted`): GitHub bills no minutes for it. */
export function isSelfHostedJob(labels: readonly string[]): boolean {
  return labels.some((label) => label.toLowerCase() === "self-hosted");
}

/** Adds up a run's jobs per OS and per named ecosystem; jobs on self-hosted runners cost no budget. */
export function runMinutes(
  jobs: readonly JobFacts[],
  budget: Pick<RepoConfig["budget"], "macos_labels">,
  ecosystemOf: (job: JobFacts) => string | undefined,
): RunMinutes {
  const total: RunMinutes = { macos: 0, linux: 0, byEcosystem: {} };
  for (const job of jobs) {
    const minutes = isSelfHostedJob(job.labels) ? 0 : jobMinutes(job);
    if (minutes === 0) continue;
    if (isMacosJob(job.labels, budget.macos_labels)) total.macos += minutes;
    else total.linux += minutes;
    const ecosystem = ecosystemOf(job);
    if (ecosystem !== undefined) total.byEcosystem[ecosystem] = (total.byEcosystem[ecosystem] ?? 0) + minutes;
  }
  return total;
}
