import type { Logger } from "probot";
import type { RepoConfig } from "../config/schema.js";
import type { GitHub, RepoRef } from "./github.js";
import type { ControlWriter } from "../control/store.js";
import type { ExclusiveRunner } from "../coordination/exclusive.js";
import type { AppDeps } from "./deps.js";

/** What the breaker, budget and watchdog services need for one repository, from a webhook or a tick. */
export interface RepoEnv {
  github: GitHub;
  repo: RepoRef;
  config: RepoConfig;
  store: ControlWriter;
  now: Date;
  log: Logger;
  /**
   * One at a time per repository (across replicas with Redis) for the issues that follow a commit (budget
   * report, incidents): a run's own follow-ups and a tick repairing missed ones never both create one.
   */
  exclusive: ExclusiveRunner;
}

/** A webhook delivery's `RepoEnv`: the installation's client and logger, the app's store and lock, the time now. */
export function webhookRepoEnv(
  context: { octokit: GitHub; log: Logger },
  deps: Pick<AppDeps, "store" | "clock" | "exclusive">,
  repo: RepoRef,
  config: RepoConfig,
): RepoEnv {
  return { github: context.octokit, repo, config, store: deps.store, now: deps.clock(), log: context.log, exclusive: deps.exclusive };
}
