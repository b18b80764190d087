import { commitFiles, getGitCommit, MAX_LISTED_FILES, type ChangedFile } from "../github/git-data.js";
import { listPullsNewestFirst, pullCommits, pullFiles, type PullCommit, type PullSummary } from "../github/pulls.js";
import { searchCommits } from "../github/search.js";
import type { GitHub, RepoRef } from "../core/github.js";
import { batchDate } from "./batch-id.js";
import { toSourceFiles, type BatchSource } from "./sources.js";
import { isBatchCommit } from "./trailer.js";
import { mapLimit } from "../util/map-limit.js";

const DAY_MS = 86_400_000;
/** Batch pull requests are opened by the pipeline right after the batch: looked for this many days either side of its date. */
export const PULL_WINDOW_DAYS = 2;
/** Requests in flight at once per command (GitHub asks integrators not to flood it). */
const CONCURRENCY = 4;

export interface DiscoveryReport {
  phrase: string;
  /** What commit search matched (loosely) on the default branch. */
  searchTotal: number;
  searchIncomplete: boolean;
  /** Of those, commits with the exact trailer that are not rollbacks. */
  exactCommits: number;
  branchPrefix: string;
  /** Pull requests created in this window were examined (no window when the id names no date). */
  window?: { since: Date; until: Date };
  /** Pull requests from batch branches whose commits were read. */
  pullsExamined: number;
  pullsMatched: number;
  /** Sources (`#2082`, `abc1234`) whose file list reached GitHub's 3000-file cap: the rest of it cannot be read. */
  filesCapped: string[];
}

export interface Discovery {
  sources: BatchSource[];
  report: DiscoveryReport;
}

function subject(message: string): string {
  return message.split("\n")[0] ?? "";
}

/** Notes a file list GitHub may have cut at its cap (it lists at most 3000 files, silently). */
function noteCap(files: ChangedFile[], label: string, report: DiscoveryReport): ChangedFile[] {
  if (files.length >= MAX_LISTED_FILES) report.filesCapped.push(label);
  return files;
}

/**
 * Why the discovery may have missed part of the batch, as sentences; empty when it saw everything. A
 * plan built on a partial view would roll back part of the batch without saying so.
 */
export function discoveryGaps(report: DiscoveryReport): string[] {
  const gaps: string[] = [];
  if (report.searchIncomplete) {
    gaps.push(
      report.searchTotal > 1000
        ? `commit search matched ${report.searchTotal} commits and GitHub serves at most 1,000 of them`
        : "GitHub's commit search timed out and answered incompletely (usually passes: try again in a minute)",
    );
  }
  if (report.filesCapped.length > 0) {
    gaps.push(
      `GitHub lists at most ${MAX_LISTED_FILES.toLocaleString("en-US")} changed files of a commit or pull request, and ${report.filesCapped.join(", ")} reached that limit`,
    );
  }
  return gaps;
}

/** Commits on the default branch carrying the exact trailer, each with the files it changed. */
async function commitSources(github: GitHub, repo: RepoRef, batchId: string, report: DiscoveryReport): Promise<BatchSource[]> {
  const search = await searchCommits(github, repo, report.phrase);
  report.searchTotal = search.total;
  report.searchIncomplete = search.incomplete || search.total > search.commits.length;
  const exact = search.commits.filter((c) => isBatchCommit(c.message, batchId));
  report.exactCommits = exact.length;
  return mapLimit(exact, CONCURRENCY, async (commit) => ({
    kind: "commit" as const,
    key: commit.sha,
    url: commit.url,
    title: subject(commit.message),
    merged: true,
    landingSha: commit.sha,
    beforeSha: commit.parents[0] ?? null,
    at: commit.at,
    files: toSourceFiles(noteCap(await commitFiles(github, repo, commit.sha), commit.sha.slice(0, 7), report)),
  }));
}

function pullWindow(batchId: string): { since: Date; until: Date } | undefined {
  const day = batchDate(batchId);
  if (!day) return undefined;
  return { since: new Date(day.getTime() - PULL_WINDOW_DAYS * DAY_MS), until: new Date(day.getTime() + (1 + PULL_WINDOW_DAYS) * DAY_MS) };
}

/**
 * Where a merged pull request of several commits landed: the default branch just before it, and the
 * commits it became there. A merge commit has two parents (the pull request's own commits are on the
 * default branch); a rebase merge copies every commit in order with its message, so the walk back
 * checks each message; anything else is a squash (one commit).
 */
async function landingOf(
  github: GitHub,
  repo: RepoRef,
  mergeSha: string,
  commits: readonly PullCommit[],
): Promise<{ before: string | null; landed: string[] }> {
  const top = await getGitCommit(github, repo, mergeSha);
  const squash = { before: top.parents[0] ?? null, landed: [top.sha] };
  if (top.parents.length > 1) return { before: top.parents[0] ?? null, landed: [top.sha, ...commits.map((c) => c.sha)] };
  if (top.message !== commits[commits.length - 1]!.message) return squash;
  const landed = [top.sha];
  let at = top;
  for (let i = commits.length - 2; i >= 0; i--) {
    if (!at.parents[0]) return squash;
    at = await getGitCommit(github, repo, at.parents[0]);
    if (at.message !== commits[i]!.message) return squash;
    landed.push(at.sha);
  }
  return { before: at.parents[0] ?? null, landed };
}

/**
 * Pull requests from batch branches whose commits carry the exact trailer. A squash merge drops the
 * trailer from the default branch, so these are the only trace of such batches. A merged one-commit
 * pull request already covered by its commit found on the default branch (merge or rebase merges) is
 * left out. A merged pull request of several commits (fix-ups without the trailer, or a rebase whose
 * copies share one commit time) stands for its commits instead: `superseded` lists the default-branch
 * commits it became, which are then not counted on their own.
 */
async function pullSources(
  github: GitHub,
  repo: RepoRef,
  batchId: string,
  onDefault: ReadonlySet<string>,
  report: DiscoveryReport,
): Promise<{ sources: BatchSource[]; superseded: Set<string> }> {
  const window = report.window;
  const pulls = await listPullsNewestFirst(github, repo, {
    state: "all",
    stop: (p) => window !== undefined && Date.parse(p.createdAt) < window.since.getTime(),
  });
  // Batch branches live in the repository itself: a fork's branch of the same name is not the pipeline's.
  const self = `${repo.owner}/${repo.repo}`.toLowerCase();
  const candidates = pulls.filter(
    (p) =>
      p.headRef.startsWith(report.branchPrefix) &&
      p.headRepo?.toLowerCase() === self &&
      (!window || Date.parse(p.createdAt) < window.until.getTime()),
  );
  report.pullsExamined = candidates.length;
  const superseded = new Set<string>();
  const found = await mapLimit(candidates, CONCURRENCY, async (pull): Promise<BatchSource | null> => {
    const commits = await pullCommits(github, repo, pull.number);
    const trailerCommits = commits.filter((c) => isBatchCommit(c.message, batchId));
    if (trailerCommits.length === 0) return null;
    const merged = isMergedIntoDefault(pull, repo);
    let beforeSha: string | null = null;
    if (merged && commits.length > 1) {
      const landing = await landingOf(github, repo, pull.mergeCommitSha!, commits);
      beforeSha = landing.before;
      for (const sha of landing.landed) superseded.add(sha);
    } else if (merged && (onDefault.has(pull.mergeCommitSha!) || trailerCommits.some((c) => onDefault.has(c.sha)))) return null;
    return {
      kind: "pull",
      key: String(pull.number),
      url: pull.url,
      title: pull.title,
      merged,
      landingSha: merged ? pull.mergeCommitSha : null,
      beforeSha,
      at: (merged ? pull.mergedAt : pull.createdAt) ?? pull.createdAt,
      files: toSourceFiles(noteCap(await pullFiles(github, repo, pull.number), `#${pull.number}`, report)),
      pullNumber: pull.number,
    };
  });
  const sources = found.filter((s): s is BatchSource => s !== null);
  report.pullsMatched = sources.length;
  return { sources, superseded };
}

function isMergedIntoDefault(pull: PullSummary, repo: RepoRef): boolean {
  return pull.mergedAt !== null && pull.mergeCommitSha !== null && pull.baseRef === repo.defaultBranch;
}

/**
 * Finds everything batch `batchId` did: commits on the default branch (commit search, re-checked
 * exactly) and pull requests from `branchPrefix` branches (for squash merges). API cost: the search
 * pages, the pull-request list pages, one commit list per batch pull request in the window, and one
 * file list per source; nothing per recipe beyond file-list pages.
 */
export async function discoverBatch(github: GitHub, repo: RepoRef, batchId: string, branchPrefix: string): Promise<Discovery> {
  const window = pullWindow(batchId);
  const report: DiscoveryReport = {
    phrase: `batch_id: ${batchId}`,
    searchTotal: 0,
    searchIncomplete: false,
    exactCommits: 0,
    branchPrefix,
    ...(window ? { window } : {}),
    pullsExamined: 0,
    pullsMatched: 0,
    filesCapped: [],
  };
  const commits = await commitSources(github, repo, batchId, report);
  const pulls = await pullSources(github, repo, batchId, new Set(commits.map((c) => c.key)), report);
  return { sources: [...commits.filter((c) => !pulls.superseded.has(c.key)), ...pulls.sources], report };
}
