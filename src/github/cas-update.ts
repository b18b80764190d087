import { readTextFile, writeTextFile, WriteRejectedError, type CommitRef, type FileAtRef } from "./files.js";
import { branchSha } from "./git-data.js";
import type { GitHub, RepoRef } from "../core/github.js";
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffOptions } from "../util/backoff.js";
import { inlineCode } from "../util/sanitize.js";

/** What a pure change decided for the text it was given: a new text and commit message, or nothing. */
export type TextChange = { text: string; message: string } | null;

export interface CasResult<T> {
  /** The commit made, or null when the change decided there was nothing to write. */
  commit: CommitRef | null;
  /** The file as last read (before the write). */
  file: FileAtRef | null;
  /** What the last `decide` returned besides the change. */
  decision: T;
  attempts: number;
}

export class CasExhaustedError extends Error {
  constructor(path: string, attempts: number) {
    super(`${path} kept changing under us: gave up after ${attempts} attempts, nothing was written`);
    this.name = "CasExhaustedError";
  }
}

/**
 * GitHub refused a write although neither the file nor the branch moved across a retry: a ruleset, a
 * protected branch, a read-only repository. Not a conflict, so it is not retried any further.
 */
export class WriteRefusedError extends Error {
  constructor(
    readonly path: string,
    readonly branch: string,
    readonly reason: string,
  ) {
    // Quoted as inline code: the reason can name rules a repository admin wrote, and ends up in a reply.
    super(
      `GitHub refused the write to ${inlineCode(path)}: ${inlineCode(reason)}; nothing moved (neither the file nor ${inlineCode(branch)}), so it was not retried`,
    );
    this.name = "WriteRefusedError";
  }
}

const blobOf = (file: FileAtRef | null) => file?.sha ?? null;

/**
 * Read, decide, write-if-unchanged, and on a rejected write re-read and decide again: the one write
 * primitive. `decide` must be pure (it runs again on every retry); it may throw to abort without writing.
 *
 * A rejected write (any 409, or a 422 about the sha) is told apart by what moved, never by GitHub's
 * wording. After the backoff the file is read again:
 * - its blob changed: another writer got there first, so the edit is decided again on what is there now;
 * - its blob did not change: either the branch moved under GitHub's own read (another file was committed
 *   between GitHub reading the branch and updating it: `is at X but expected Y`), which the same write
 *   survives when retried, or GitHub refuses this write whatever happens. The branch head is read then
 *   (only on this path, so a write that lands costs no extra call); if a second such rejection finds the
 *   head where the first left it, nothing moved across a whole retry and the write is refused for good.
 * A branch that keeps moving is retried until the attempts run out, like a file that keeps moving.
 */
export async function casUpdate<T>(options: {
  github: GitHub;
  repo: RepoRef;
  path: string;
  decide: (file: FileAtRef | null) => { change: TextChange; decision: T };
  backoff?: BackoffOptions;
  onConflict?: (attempt: number) => void;
}): Promise<CasResult<T>> {
  const { github, repo, path } = options;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  let file = await readTextFile(github, repo, path);
  /** The branch head read after a rejection that left the file as it was; undefined before one. */
  let headAfterRejection: string | null | undefined;
  for (let attempt = 0; attempt < backoff.attempts; attempt++) {
    const { change, decision } = options.decide(file);
    if (change === null || (file !== null && change.text === file.text)) {
      return { commit: null, file, decision, attempts: attempt + 1 };
    }
    try {
      const commit = await writeTextFile(github, repo, path, { text: change.text, expectedSha: file?.sha ?? null, message: change.message });
      return { commit, file, decision, attempts: attempt + 1 };
    } catch (error) {
      if (!(error instanceof WriteRejectedError)) throw error;
      options.onConflict?.(attempt + 1);
      const last = attempt + 1 >= backoff.attempts;
      if (!last) await (backoff.sleep ?? sleep)(backoffDelay(attempt, backoff));
      const fresh = await readTextFile(github, repo, path);
      if (blobOf(fresh) === blobOf(file)) {
        const head = await branchSha(github, repo, repo.defaultBranch);
        if (headAfterRejection !== undefined && head === headAfterRejection) throw new WriteRefusedError(path, repo.defaultBranch, error.reason);
        headAfterRejection = head;
      }
      if (last) break;
      file = fresh;
    }
  }
  throw new CasExhaustedError(path, backoff.attempts);
}
