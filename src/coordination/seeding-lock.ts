import { repoKey, type RepoRef } from "../core/github.js";
import type { ExclusiveRunner } from "./exclusive.js";
import { KeyedMutex } from "./keyed-mutex.js";

const mutex = new KeyedMutex();

/**
 * The seeding digest (history, pending review issues) is an issue body, which has no compare-and-swap:
 * a run being processed and a schedule tick continuing an older one take turns per repository. With
 * the app's lock (`deps.seedingLock`, Redis across replicas) they take turns across replicas too;
 * without one, within this process.
 */
export function withSeedingLock<T>(repo: RepoRef, work: () => Promise<T>, lock?: ExclusiveRunner): Promise<T> {
  const key = `seeding:${repoKey(repo)}`;
  return lock ? lock.run(key, work) : mutex.run(key, work);
}
