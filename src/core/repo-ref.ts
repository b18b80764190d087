import type { RepoRef } from "./github.js";

interface RepositoryPayload {
  name: string;
  owner: { login: string };
  default_branch?: string;
  html_url: string;
}

/** The repository of a webhook payload, as every handler needs it. */
export function repoFromPayload(repository: RepositoryPayload): RepoRef {
  return {
    owner: repository.owner.login,
    repo: repository.name,
    defaultBranch: repository.default_branch ?? "main",
    htmlUrl: repository.html_url,
  };
}
