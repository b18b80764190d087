import { repoKey, type RepoRef } from "../github/types.js";
import { KeyedMutex } from "./keyed-mutex.js";

const mutex = new KeyedMutex();

/**
 * The seeding digest (history, pending review issues) is an issue body, which has no compare-and-swap:
 * a run being processed and a schedule tick continuing an older one take turns per repository.
 */
export function withSeedingLock<T>(repo: RepoRef, work: () => Promise<T>): Promise<T> {
  return mutex.run(`seeding:${repoKey(repo)}`, work);
}
