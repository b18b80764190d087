import type { Logger } from "probot";

// A registry of this process's OS timers, not app state: it only lets every timer be stopped.
// eslint-disable-next-line no-restricted-syntax
const active = new Set<ScheduleTimer>();

/**
 * The in-process schedule: calls `tick` every `intervalMs` (0 disables it). The timer is unref'd so it
 * never keeps a process alive on its own, and every timer started can be stopped (`stopScheduleTimers`).
 */
export class ScheduleTimer {
  private handle: ReturnType<typeof setInterval> | undefined;
  private first: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly tick: () => Promise<unknown>,
    private readonly log: Pick<Logger, "error">,
    /** Given, one tick this long after start too (catching up after a restart), then every interval. */
    private readonly firstTickAfterMs?: number,
  ) {}

  get running(): boolean {
    return this.handle !== undefined;
  }

  /** Starts the timer; false when it is disabled (interval 0) or already running. */
  start(): boolean {
    if (this.intervalMs <= 0 || this.handle) return false;
    this.handle = setInterval(() => void this.fire(), this.intervalMs);
    this.handle.unref?.();
    if (this.firstTickAfterMs !== undefined) {
      this.first = setTimeout(() => {
        this.first = undefined;
        void this.fire();
      }, this.firstTickAfterMs);
      this.first.unref?.();
    }
    active.add(this);
    return true;
  }

  stop(): void {
    if (this.handle) clearInterval(this.handle);
    if (this.first) clearTimeout(this.first);
    this.handle = undefined;
    this.first = undefined;
    active.delete(this);
  }

  private async fire(): Promise<void> {
    try {
      await this.tick();
    } catch (error) {
      this.log.error({ err: error }, "schedule: tick failed");
    }
  }
}

/** Stops every schedule timer of this process (tests' afterEach; the timers are unref'd, so a process exits without it). */
export function stopScheduleTimers(): void {
  for (const timer of [...active]) timer.stop();
}
