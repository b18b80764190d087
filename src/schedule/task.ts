import type { ControlSnapshot } from "../services/control-store.js";
import type { RepoEnv } from "../services/repo-env.js";

/** What one scheduled tick gives each task, per installed repository. */
export interface TickContext extends RepoEnv {
  /** The control file as read at the start of this repository's tick (absent when it is invalid). */
  control?: ControlSnapshot;
}

/** A piece of periodic work (breaker recovery, budget reset, watchdog, seeding continuation…). */
export interface ScheduledTask {
  name: string;
  run(tick: TickContext): Promise<void>;
}
