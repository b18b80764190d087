/**
 * Serialises work on one key across replicas. The in-process default does nothing extra because the
 * control store already queues writes per file inside the process; the Redis lock replaces it when
 * several replicas share one Redis.
 */
export interface RepoLock {
  withLock<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export const inProcessLock: RepoLock = {
  withLock: (_key, work) => work(),
};
