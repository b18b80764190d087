import type { ProbotOctokit } from "probot";

/** An authenticated installation client (Probot's Octokit with retry, throttling, paginate). */
export type GitHub = ProbotOctokit;

/** A repository the app acts on, with the branch every read and write goes to. */
export interface RepoRef {
  owner: string;
  repo: string;
  defaultBranch: string;
  /** `https://github.com/owner/repo` (or the GHE equivalent), for links in replies. */
  htmlUrl: string;
}

export function repoKey(ref: Pick<RepoRef, "owner" | "repo">): string {
  return `${ref.owner}/${ref.repo}`.toLowerCase();
}

/** The HTTP status of an Octokit error, or undefined for network and programming errors. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

export function messageOf(error: unknown): string {
  const response = (error as { response?: { data?: { message?: unknown } } } | null)?.response;
  const apiMessage = response?.data?.message;
  if (typeof apiMessage === "string") return apiMessage;
  return error instanceof Error ? error.message : String(error);
}

/** The 7-character form of a commit sha that GitHub and git show. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
