import { KeyedMutex } from "./keyed-mutex.js";
import { inProcessLock, type RepoLock } from "./repo-lock.js";

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
