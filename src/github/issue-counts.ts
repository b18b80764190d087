import type { GitHub, RepoRef } from "../core/github.js";

/**
 * Open issues carrying a label (pull requests excluded), from one page: a full page means there are at
 * least that many, which is all a count on a dashboard needs.
 */
export async function countOpenIssues(github: GitHub, repo: RepoRef, label: string, perPage = 100): Promise<{ open: number; capped: boolean }> {
  const { data } = await github.rest.issues.listForRepo({ owner: repo.owner, repo: repo.repo, state: "open", labels: label, per_page: perPage });
  return { open: data.filter((i) => !i.pull_request).length, capped: data.length >= perPage };
}
