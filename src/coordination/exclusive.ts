import { KeyedMutex } from "./keyed-mutex.js";
import { inProcessLock, type RepoLock } from "./repo-lock.js";
import type { RepoEnv } from "../core/repo-env.js";
import { repoKey, type RepoRef } from "../core/github.js";

/** Runs work for one key one at a time. */
export interface ExclusiveRunner {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/**
 * One at a time per key in this process (arrival order) and, given a cross-replica lock (Redis), across
 * replicas too: for read-modify-write of things GitHub offers no compare-and-swap for, such as finding
 * or creating the one open incident issue.
 */
export class Exclusive implements ExclusiveRunner {
  private readonly local = new KeyedMutex();

  constructor(private readonly crossReplica: RepoLock = inProcessLock) {}

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.local.run(key, () => this.crossReplica.withLock(`exclusive:${key}`, work));
  }
}

/**
 * One at a time per repository for the issues that follow commits: a run reporting its own follow-ups
 * and a tick repairing missed ones never both find "no issue" and both create one.
 */
export function withFollowupLock<T>(env: Pick<RepoEnv, "repo" | "exclusive">, work: () => Promise<T>): Promise<T> {
  return env.exclusive.run(`followups:${repoKey(env.repo)}`, work);
}

/**
 * The seeding digest (history, pending review issues) is an issue body, which has no compare-and-swap:
 * a run being processed and a schedule tick continuing an older one take turns per repository, under
 * the app's seeding lock (`deps.seedingLock`: Redis across replicas, else this process).
 */
export function withSeedingLock<T>(repo: RepoRef, work: () => Promise<T>, lock: ExclusiveRunner): Promise<T> {
  return lock.run(`seeding:${repoKey(repo)}`, work);
}
