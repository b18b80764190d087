import type { Logger } from "probot";
import type { RepoConfig } from "../config/schema.js";
import type { GitHub, RepoRef } from "../github/types.js";
import type { ControlWriter } from "./control-store.js";

/** What the breaker, budget and watchdog services need for one repository, from a webhook or a tick. */
export interface RepoEnv {
  github: GitHub;
  repo: RepoRef;
  config: RepoConfig;
  store: ControlWriter;
  now: Date;
  log: Logger;
}
