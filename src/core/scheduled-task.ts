import type { Logger } from "probot";
import type { GitHub } from "./github.js";
import type { AppMetrics } from "./app-metrics.js";
import type { ControlSnapshot } from "../control/store.js";
import type { ExclusiveRunner } from "../coordination/exclusive.js";
import type { RepoEnv } from "./repo-env.js";

/** Shared services a tick hands to every task. */
export interface TickServices {
  /** One at a time per key (across replicas with Redis): follow-up issues, incidents. */
  exclusive: ExclusiveRunner;
  /** Serialises seeding digest updates per repository (across replicas with Redis). */
  seedingLock: ExclusiveRunner;
  metrics?: AppMetrics;
  /** Batch runs applied from the API per repository and tick (0: reconciling is off). */
  reconcileMaxRunsPerTick?: number;
}

/** What one scheduled tick gives each task, per installed repository. */
export interface TickContext extends RepoEnv, TickServices {
  /** The control file as read at the start of this repository's tick (absent when it is invalid). */
  control?: ControlSnapshot;
}

/** A piece of periodic work (breaker recovery, budget reset, watchdog, seeding continuation…). */
export interface ScheduledTask {
  name: string;
  run(tick: TickContext): Promise<void>;
}

/** What an App-wide task gets once per tick: the App's own (JWT) client. */
export interface AppTickContext {
  github: GitHub;
  now: Date;
  log: Logger;
}

/** Periodic work for the App as a whole, not per repository (redelivering failed webhooks); one replica per tick. */
export interface AppTask {
  name: string;
  run(tick: AppTickContext): Promise<void>;
}
