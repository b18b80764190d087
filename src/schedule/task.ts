import type { Logger } from "probot";
import type { RepoConfig } from "../config/schema.js";
import type { GitHub, RepoRef } from "../github/types.js";
import type { ControlSnapshot, ControlStore } from "../services/control-store.js";

/** What one scheduled tick gives each task, per installed repository. */
export interface TickContext {
  github: GitHub;
  repo: RepoRef;
  config: RepoConfig;
  store: ControlStore;
  now: Date;
  log: Logger;
  /** The control file as read at the start of this repository's tick (absent when it is invalid). */
  control?: ControlSnapshot;
}

/** A piece of periodic work (breaker recovery, budget reset, watchdog, seeding continuation…). */
export interface ScheduledTask {
  name: string;
  run(tick: TickContext): Promise<void>;
}
