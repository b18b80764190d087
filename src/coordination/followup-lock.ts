import { repoKey } from "../core/github.js";
import type { RepoEnv } from "../core/repo-env.js";

/**
 * One at a time per repository for the issues that follow commits: a run reporting its own follow-ups
 * and a tick repairing missed ones never both find "no issue" and both create one.
 */
export function withFollowupLock<T>(env: Pick<RepoEnv, "repo" | "exclusive">, work: () => Promise<T>): Promise<T> {
  return env.exclusive.run(`followups:${repoKey(env.repo)}`, work);
}
