import { fitBody } from "./body-limit.js";
import { toPullSummary, type PullSummary } from "./pulls.js";
import { statusOf, type GitHub, type RepoRef } from "../core/github.js";

type RawPull = Parameters<typeof toPullSummary>[0];

/** Pull requests GitHub associates with a commit (GET /repos/{o}/{r}/commits/{sha}/pulls), any state. */
export async function pullsForCommit(github: GitHub, repo: RepoRef, sha: string): Promise<PullSummary[]> {
  const { data } = await github.rest.repos.listPullRequestsAssociatedWithCommit({
    owner: repo.owner,
    repo: repo.repo,
    commit_sha: sha,
    per_page: 100,
  });
  return (data as unknown as RawPull[]).map(toPullSummary);
}

/** One pull request, or null when it does not exist. */
export async function getPull(github: GitHub, repo: RepoRef, number: number): Promise<PullSummary | null> {
  try {
    const { data } = await github.rest.pulls.get({ owner: repo.owner, repo: repo.repo, pull_number: number });
    return toPullSummary(data);
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

export interface CommitSummary {
  sha: string;
  url: string;
  message: string;
  /** The GitHub account GitHub matched to the author's email, else the git name. */
  author: string;
  date: string;
}

/** The newest commits on the default branch touching `path` (a file or a directory), one page. */
export async function recentCommits(github: GitHub, repo: RepoRef, path: string, count: number): Promise<CommitSummary[]> {
  if (count <= 0) return [];
  const { data } = await github.rest.repos.listCommits({
    owner: repo.owner,
    repo: repo.repo,
    sha: repo.defaultBranch,
    path,
    per_page: Math.min(count, 100),
  });
  return data.slice(0, count).map((c) => ({
    sha: c.sha,
    url: c.html_url,
    message: c.commit.message,
    author: c.author?.login ?? c.commit.author?.name ?? "",
    date: c.commit.committer?.date ?? c.commit.author?.date ?? "",
  }));
}

/** A comment on a commit: shown on the commit's page and notified to the repository's watchers. */
export async function commentOnCommit(github: GitHub, repo: RepoRef, sha: string, body: string): Promise<{ id: number; url: string }> {
  const { data } = await github.rest.repos.createCommitComment({ owner: repo.owner, repo: repo.repo, commit_sha: sha, body: fitBody(body) });
  return { id: data.id, url: data.html_url };
}

/** The commit sha the default branch points at now. */
export async function defaultBranchHead(github: GitHub, repo: RepoRef): Promise<string> {
  const { data } = await github.rest.git.getRef({ owner: repo.owner, repo: repo.repo, ref: `heads/${repo.defaultBranch}` });
  return data.object.sha;
}
