import type { GitHub, RepoRef } from "../core/github.js";

/** The commit sha the default branch points at now. */
export async function defaultBranchHead(github: GitHub, repo: RepoRef): Promise<string> {
  const { data } = await github.rest.git.getRef({ owner: repo.owner, repo: repo.repo, ref: `heads/${repo.defaultBranch}` });
  return data.object.sha;
}
