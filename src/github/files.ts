import { readBlobText } from "./blob-text.js";
import { messageOf, statusOf, type GitHub, type RepoRef } from "../core/github.js";

export interface FileAtRef {
  text: string;
  /** The blob sha: the compare-and-swap token for the next write. */
  sha: string;
}

/**
 * Reads a text file at a ref, or null when it does not exist. Files over 1 MB come back from the
 * contents API with empty content; those are fetched as the blob (up to 100 MB) by the sha it returned.
 */
export async function readTextFile(github: GitHub, repo: RepoRef, path: string, ref = repo.defaultBranch): Promise<FileAtRef | null> {
  let data: unknown;
  try {
    ({ data } = await github.rest.repos.getContent({ owner: repo.owner, repo: repo.repo, path, ref }));
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
  if (Array.isArray(data) || (data as { type?: string }).type !== "file") {
    throw new Error(`${path} is not a file`);
  }
  const file = data as { sha: string; content?: string; encoding?: string; size?: number };
  if (file.encoding === "base64" && typeof file.content === "string" && (file.content !== "" || file.size === 0)) {
    return { text: Buffer.from(file.content, "base64").toString("utf8"), sha: file.sha };
  }
  return { text: await readBlobText(github, repo, file.sha), sha: file.sha };
}

export interface CommitRef {
  sha: string;
  url: string;
}

/**
 * GitHub did not take a compare-and-swap write: any 409, or a 422 about the sha. The answer does not
 * say why, and its wording varies (`<path> does not match <sha>`, `is at <new> but expected <old>`,
 * `refs/heads/<branch> expected to be at <sha>`, `Repository rule violations found`…): the same
 * status comes back when the file moved, when the branch moved under GitHub's own read, and when a
 * rule refuses the push. So nothing is decided from the text; `casUpdate` re-reads to find out.
 */
export class WriteRejectedError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(`GitHub answered ${status}: ${reason}`);
    this.name = "WriteRejectedError";
  }
}

function isRejectedWrite(error: unknown): boolean {
  const status = statusOf(error);
  return status === 409 || (status === 422 && /\bsha\b/i.test(messageOf(error)));
}

/**
 * Writes a file only if its blob is still `expectedSha` (null: only if it does not exist yet).
 * Returns the commit it made; a `WriteRejectedError` when GitHub did not take it.
 */
export async function writeTextFile(
  github: GitHub,
  repo: RepoRef,
  path: string,
  write: { text: string; expectedSha: string | null; message: string },
): Promise<CommitRef> {
  try {
    const { data } = await github.rest.repos.createOrUpdateFileContents({
      owner: repo.owner,
      repo: repo.repo,
      path,
      branch: repo.defaultBranch,
      message: write.message,
      content: Buffer.from(write.text, "utf8").toString("base64"),
      ...(write.expectedSha ? { sha: write.expectedSha } : {}),
    });
    const commit = data.commit;
    return { sha: commit.sha!, url: commit.html_url ?? `${repo.htmlUrl}/commit/${commit.sha}` };
  } catch (error) {
    if (isRejectedWrite(error)) throw new WriteRejectedError(statusOf(error)!, messageOf(error));
    throw error;
  }
}

/** A link to a file as it is at a commit or ref. */
export function fileUrl(repo: RepoRef, path: string, ref: string): string {
  return `${repo.htmlUrl}/blob/${ref}/${path.split("/").map(encodeURIComponent).join("/")}`;
}
