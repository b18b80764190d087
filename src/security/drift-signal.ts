import type { SecurityConfig } from "../config/sections/security.js";
import { sanitizeReason } from "../util/sanitize.js";
import { parseAffectedRecipes, type AffectedRecipe } from "./affected-recipes.js";
import { workflowFileOf } from "../github/workflow-runs.js";

/** A checksum-drift signal, as recorded in the incident. */
export interface DriftSignal {
  kind: "workflow_run" | "issue";
  /** Link to the run or the issue. */
  url: string;
  /** One line saying what it is (untrusted parts already made one line). */
  summary: string;
  /** ISO time of the signal. */
  at: string;
  issueNumber?: number;
  runId?: number;
  recipes: AffectedRecipe[];
}

export type SignalMatch = { signal: DriftSignal } | { ignored: string };

/** The parts of a `workflow_run` payload the decision needs. */
export interface RunFacts {
  id: number;
  path: string;
  name: string | null;
  runNumber: number;
  conclusion: string | null;
  htmlUrl: string;
  headBranch: string | null;
  updatedAt: string;
  /** Repository ids: a run from a fork's pull request is never a signal. */
  headRepositoryId: number | null;
  repositoryId: number;
  /** `owner/name`: a workflow file of another repository (a `path` naming it) is never a drift workflow. */
  repositoryFullName?: string;
}

/**
 * A completed run of a drift workflow that failed, on the default branch of this repository. Runs for
 * other branches or from forks are ignored: anyone who can open a pull request could otherwise make a
 * workflow of that name fail and stop the pipeline.
 */
export function matchDriftRun(run: RunFacts, defaultBranch: string, config: SecurityConfig): SignalMatch {
  const file = workflowFileOf(run.path, run.repositoryFullName);
  if (!file) return { ignored: "not a workflow file of this repository" };
  if (!config.drift_workflows.includes(file)) return { ignored: `${file} is not a drift workflow` };
  if (run.conclusion !== "failure") return { ignored: `conclusion ${run.conclusion ?? "none"}` };
  if (run.headBranch !== defaultBranch) return { ignored: `run on ${run.headBranch ?? "no branch"}, not ${defaultBranch}` };
  if (run.headRepositoryId !== null && run.headRepositoryId !== run.repositoryId) return { ignored: "run from a fork" };
  return {
    signal: {
      kind: "workflow_run",
      url: run.htmlUrl,
      summary: sanitizeReason(`workflow ${file} run #${run.runNumber} failed`, 200),
      at: run.updatedAt,
      runId: run.id,
      recipes: [],
    },
  };
}

/** The parts of an `issues.opened` payload the decision needs. */
export interface IssueFacts {
  number: number;
  title: string;
  body: string | null;
  htmlUrl: string;
  createdAt: string;
  labels: string[];
  author: string;
}

/**
 * An issue opened with the drift label whose title starts with a drift title (case-insensitive). Labels
 * set when an issue is opened are kept only for people (and workflows) allowed to triage, so the label
 * is what makes the signal trustworthy. The app's own issues are never signals.
 */
export function matchDriftIssue(issue: IssueFacts, config: SecurityConfig, appLogin: string | undefined): SignalMatch {
  if (appLogin !== undefined && issue.author.toLowerCase() === appLogin.toLowerCase()) return { ignored: "opened by this app" };
  const label = config.drift_label.toLowerCase();
  if (!issue.labels.some((l) => l.toLowerCase() === label)) return { ignored: `no ${config.drift_label} label` };
  const title = issue.title.trim();
  if (!config.drift_titles.some((t) => title.toLowerCase().startsWith(t.toLowerCase()))) return { ignored: "title is not a drift title" };
  return {
    signal: {
      kind: "issue",
      url: issue.htmlUrl,
      summary: sanitizeReason(`issue #${issue.number} "${title}" opened by ${issue.author}`, 300),
      at: issue.createdAt,
      issueNumber: issue.number,
      recipes: parseAffectedRecipes(title, issue.body, config.drift_titles),
    },
  };
}

/** The control file's `reason` for the stop: the issue's wording. */
export function driftStopReason(signal: Pick<DriftSignal, "url">): string {
  return `Security: checksum drift detected (${signal.url})`;
}
