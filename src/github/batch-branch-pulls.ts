import type { GitHub, RepoRef } from "../core/github.js";

export interface BranchPull {
  number: number;
  url: string;
  title: string;
  branch: string;
  createdAt: string;
}

/** Open pull requests whose head branch (in this repository, not a fork) starts with `prefix`, such as `batch/`. */
export async function openPullsFromBranches(github: GitHub, repo: RepoRef, prefix: string): Promise<BranchPull[]> {
  const pulls = await github.paginate(github.rest.pulls.list, { owner: repo.owner, repo: repo.repo, state: "open", per_page: 100 });
  const self = `${repo.owner}/${repo.repo}`.toLowerCase();
  return pulls
    .filter((p) => p.head.ref.startsWith(prefix) && (p.head.repo?.full_name ?? "").toLowerCase() === self)
    .map((p) => ({ number: p.number, url: p.html_url, title: p.title, branch: p.head.ref, createdAt: p.created_at }));
}
