import { repoKey, type RepoRef } from "../core/github.js";
import type { ExclusiveRunner } from "./exclusive.js";

/**
 * The seeding digest (history, pending review issues) is an issue body, which has no compare-and-swap:
 * a run being processed and a schedule tick continuing an older one take turns per repository, under
 * the app's seeding lock (`deps.seedingLock`: Redis across replicas, else this process).
 */
export function withSeedingLock<T>(repo: RepoRef, work: () => Promise<T>, lock: ExclusiveRunner): Promise<T> {
  return lock.run(`seeding:${repoKey(repo)}`, work);
}
