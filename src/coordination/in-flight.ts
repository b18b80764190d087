/**
 * The work this process has started and must finish before it exits (webhook deliveries being handled,
 * schedule ticks), and whether it is shutting down. On SIGTERM the server stops taking new work
 * (webhooks answer 503, so GitHub marks them failed and the catch-up redelivers them; no new tick
 * starts; `/health` answers 503) and waits for what is in flight before exiting.
 */
export class InFlight {
  private readonly work = new Set<Promise<unknown>>();
  private stoppingSince: string | undefined;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** True once shutdown has begun: no new work may start. */
  get stopping(): boolean {
    return this.stoppingSince !== undefined;
  }

  /** When shutdown began (ISO time), for `/health`. */
  get since(): string | undefined {
    return this.stoppingSince;
  }

  get pending(): number {
    return this.work.size;
  }

  beginShutdown(): void {
    this.stoppingSince ??= this.clock().toISOString();
  }

  /** Remembers `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.work.add(work);
    const forget = () => void this.work.delete(work);
    work.then(forget, forget);
    return work;
  }

  /**
   * Resolves true once nothing is in flight (work started meanwhile is waited for too), false when
   * `timeoutMs` passed first.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref?.();
    });
    try {
      while (this.work.size > 0) {
        const settled = Promise.allSettled([...this.work]).then(() => true as const);
        if (!(await Promise.race([settled, expired]))) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}
