import { fitBody } from "./body-limit.js";
import { toChangedFile, type ChangedFile } from "./git-data.js";
import { messageOf, statusOf, type GitHub, type RepoRef } from "../core/github.js";

export interface PullSummary {
  number: number;
  url: string;
  title: string;
  state: "open" | "closed";
  headRef: string;
  /** `owner/repo` of the head branch; differs from the base repository for forks. */
  headRepo: string | null;
  baseRef: string;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  createdAt: string;
}

interface RawPull {
  number: number;
  html_url: string;
  title: string;
  state: string;
  head: { ref: string; repo: { full_name: string } | null };
  base: { ref: string };
  merged_at: string | null;
  merge_commit_sha: string | null;
  created_at: string;
}

export function toPullSummary(data: RawPull): PullSummary {
  return {
    number: data.number,
    url: data.html_url,
    title: data.title,
    state: data.state === "closed" ? "closed" : "open",
    headRef: data.head.ref,
    headRepo: data.head.repo?.full_name ?? null,
    baseRef: data.base.ref,
    mergedAt: data.merged_at,
    mergeCommitSha: data.merge_commit_sha,
    createdAt: data.created_at,
  };
}

/**
 * Pull requests newest first by creation. `stop` is asked of each one in order: the first for which it
 * is true ends the listing, and no further page is fetched.
 */
export async function listPullsNewestFirst(
  github: GitHub,
  repo: RepoRef,
  options: { state: "open" | "closed" | "all"; stop?: (pull: PullSummary) => boolean },
): Promise<PullSummary[]> {
  let stopped = false;
  return github.paginate(
    github.rest.pulls.list,
    { owner: repo.owner, repo: repo.repo, state: options.state, sort: "created", direction: "desc", per_page: 100 },
    (response, done) => {
      const page: PullSummary[] = [];
      for (const raw of response.data) {
        const pull = toPullSummary(raw);
        if (options.stop?.(pull)) {
          stopped = true;
          break;
        }
        page.push(pull);
      }
      if (stopped) done();
      return page;
    },
  );
}

export interface PullCommit {
  sha: string;
  message: string;
}

/** The commits of a pull request (GitHub lists up to 250). */
export async function pullCommits(github: GitHub, repo: RepoRef, pullNumber: number): Promise<PullCommit[]> {
  const commits = await github.paginate(github.rest.pulls.listCommits, {
    owner: repo.owner,
    repo: repo.repo,
    pull_number: pullNumber,
    per_page: 100,
  });
  return commits.map((c) => ({ sha: c.sha, message: c.commit.message }));
}

/** The files a pull request changes, 100 a page (GitHub lists up to 3000). */
export async function pullFiles(github: GitHub, repo: RepoRef, pullNumber: number): Promise<ChangedFile[]> {
  const files = await github.paginate(github.rest.pulls.listFiles, { owner: repo.owner, repo: repo.repo, pull_number: pullNumber, per_page: 100 });
  return files.map(toChangedFile);
}

/** Pull requests (any state, newest first) whose head is `branch` of this repository. */
export async function pullsFromBranch(github: GitHub, repo: RepoRef, branch: string): Promise<PullSummary[]> {
  const { data } = await github.rest.pulls.list({ owner: repo.owner, repo: repo.repo, head: `${repo.owner}:${branch}`, state: "all", per_page: 100 });
  return data.map((raw) => toPullSummary(raw as RawPull));
}

/** The whole error answer: GitHub puts "already exists" in `errors[].message`, not in `message`. */
function errorText(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data;
  return `${messageOf(error)} ${data === undefined ? "" : JSON.stringify(data)}`;
}

/** Opens a pull request into the default branch; null when one is already open for `head` (422). */
export async function createPull(github: GitHub, repo: RepoRef, pull: { title: string; head: string; body: string }): Promise<PullSummary | null> {
  try {
    const { data } = await github.rest.pulls.create({
      owner: repo.owner,
      repo: repo.repo,
      base: repo.defaultBranch,
      ...pull,
      body: fitBody(pull.body),
    });
    return toPullSummary(data);
  } catch (error) {
    if (statusOf(error) === 422 && /already exists/i.test(errorText(error))) return null;
    throw error;
  }
}

export interface ReviewerRequest {
  users: string[];
  /** Team slugs of the repository's organisation. */
  teams: string[];
}

/** Asks users and teams for a review. Returns the error instead of throwing: the pull request stands either way. */
export async function requestReviewers(github: GitHub, repo: RepoRef, pullNumber: number, who: ReviewerRequest): Promise<string | null> {
  if (who.users.length === 0 && who.teams.length === 0) return null;
  try {
    await github.rest.pulls.requestReviewers({
      owner: repo.owner,
      repo: repo.repo,
      pull_number: pullNumber,
      reviewers: who.users,
      team_reviewers: who.teams,
    });
    return null;
  } catch (error) {
    const status = statusOf(error);
    return `${status ? `GitHub answered ${status}: ` : ""}${messageOf(error)}`;
  }
}
