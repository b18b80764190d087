import { readTextFile, writeTextFile, WriteConflictError, type CommitRef, type FileAtRef } from "./files.js";
import type { GitHub, RepoRef } from "./types.js";
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffOptions } from "../util/backoff.js";

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
 * Read, decide, write-if-unchanged, and on a conflict re-read and decide again: the one write primitive.
 * `decide` must be pure (it runs again on every retry); it may throw to abort without writing.
 */
export async function casUpdate<T>(options: {
  github: GitHub;
  repo: RepoRef;
  path: string;
  decide: (file: FileAtRef | null) => { change: TextChange; decision: T };
  backoff?: BackoffOptions;
  onConflict?: (attempt: number) => void;
}): Promise<CasResult<T>> {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  for (let attempt = 0; attempt < backoff.attempts; attempt++) {
    const file = await readTextFile(options.github, options.repo, options.path);
    const { change, decision } = options.decide(file);
    if (change === null || (file !== null && change.text === file.text)) {
      return { commit: null, file, decision, attempts: attempt + 1 };
    }
    try {
      const commit = await writeTextFile(options.github, options.repo, options.path, {
        text: change.text,
        expectedSha: file?.sha ?? null,
        message: change.message,
      });
      return { commit, file, decision, attempts: attempt + 1 };
    } catch (error) {
      if (!(error instanceof WriteConflictError)) throw error;
      options.onConflict?.(attempt + 1);
      if (attempt + 1 < backoff.attempts) await (backoff.sleep ?? sleep)(backoffDelay(attempt, backoff));
    }
  }
  throw new CasExhaustedError(options.path, backoff.attempts);
}
