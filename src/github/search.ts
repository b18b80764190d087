import type { GitHub, RepoRef } from "../core/github.js";

export interface FoundCommit {
  sha: string;
  url: string;
  message: string;
  parents: string[];
  /** Committer date (ISO). */
  at: string;
}

export interface CommitSearch {
  commits: FoundCommit[];
  /** GitHub's count of matches; more than 1000 cannot be read through search. */
  total: number;
  /** GitHub said the search timed out and the answer may be partial. */
  incomplete: boolean;
}

const PER_PAGE = 100;
/** The search API serves at most 1000 results. */
const MAX_PAGES = 10;

/**
 * Commits of the repository whose message contains `phrase` (quoted). Search covers only the default
 * branch and matches loosely (words, not lines), so callers must re-check every message exactly.
 */
export async function searchCommits(github: GitHub, repo: RepoRef, phrase: string): Promise<CommitSearch> {
  const q = `repo:${repo.owner}/${repo.repo} "${phrase.replace(/"/g, "")}"`;
  const commits: FoundCommit[] = [];
  let total = 0;
  let incomplete = false;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await github.rest.search.commits({ q, per_page: PER_PAGE, page });
    total = data.total_count;
    incomplete ||= data.incomplete_results;
    for (const item of data.items) {
      commits.push({
        sha: item.sha,
        url: item.html_url,
        message: item.commit.message,
        parents: item.parents.map((p) => p.sha ?? "").filter(Boolean),
        at: item.commit.committer?.date ?? item.commit.author.date,
      });
    }
    if (data.items.length < PER_PAGE || commits.length >= total) break;
  }
  return { commits, total, incomplete };
}
