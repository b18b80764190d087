import type { Logger } from "probot";
import { loadRepoConfigFor } from "../../config/load.js";
import { listInstallationIds, listInstallationRepos } from "../../github/installations.js";
import { repoKey, type GitHub, type RepoRef } from "../../core/github.js";
import type { Lease } from "../../coordination/lease.js";
import { snapshotOf, type ControlStore } from "../../control/store.js";
import { readTextFile } from "../../github/files.js";
import { useConditionalRequests, type EtagCache } from "../../github/conditional-requests.js";
import type { AppTask, ScheduledTask, TickContext, TickServices } from "../../core/scheduled-task.js";
import type { InFlight } from "../../coordination/in-flight.js";

export interface ScheduleRunnerDeps {
  /** Probot's `app.auth`: no id → the app (JWT) client; an id → that installation's client. */
  auth: (installationId?: number) => Promise<GitHub>;
  store: ControlStore;
  clock: () => Date;
  tasks: readonly ScheduledTask[];
  log: Logger;
  /** One replica runs a repository's tick per interval (Redis across replicas); absent: always run. */
  lease?: Lease;
  /** How long a repository's lease is held: a little under the tick interval. */
  leaseTtlMs?: number;
  /** App-wide tasks, run once per tick after the repositories (each under its own lease). */
  appTasks?: readonly AppTask[];
  /** Given, every GET of the tick is conditional on its last ETag: an unchanged answer (304) costs no rate limit. */
  etags?: EtagCache;
  /** Handed to every task. */
  services: TickServices;
  /** Given, a tick is tracked until it ends; once shutdown began no tick starts, and a running one stops before its next repository. */
  inFlight?: Pick<InFlight, "stopping" | "track">;
}

export type TaskReport = { name: string; ok: true } | { name: string; ok: false; error: string };

export interface RepoTickReport {
  repo: string;
  skipped?: "no control file" | "invalid config" | "leased by another replica" | "error";
  detail?: string;
  tasks: TaskReport[];
}

export interface TickReport {
  startedAt: string;
  installations: number;
  repos: RepoTickReport[];
  errors: string[];
  /** App-wide tasks (present when the runner has any). */
  app?: (TaskReport & { skipped?: "leased by another replica" })[];
}

export const DEFAULT_LEASE_TTL_MS = 240_000;

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 300);
}

/**
 * One scheduled tick: for every installation, every repository it can reach that has a control file,
 * every task in order. A failing installation, repository or task is logged and reported, and the
 * rest carry on. Ticks never overlap within a process; across replicas the lease decides.
 */
export class ScheduleRunner {
  private running: Promise<TickReport> | undefined;

  constructor(private readonly deps: ScheduleRunnerDeps) {}

  /** True while a tick is running (a second trigger is refused rather than queued). */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Runs a tick, or resolves undefined at once when one is already running (or the process is shutting down). */
  async tick(): Promise<TickReport | undefined> {
    if (this.running || this.deps.inFlight?.stopping) return undefined;
    this.running = this.runTick();
    void this.deps.inFlight?.track(this.running);
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  /** Probot's client, with conditional GETs when the runner keeps ETags. */
  private async client(installationId?: number): Promise<GitHub> {
    const github = await this.deps.auth(installationId);
    if (this.deps.etags) useConditionalRequests(github, this.deps.etags, installationId === undefined ? "app" : `installation:${installationId}`);
    return github;
  }

  private async runAppTasks(report: TickReport): Promise<void> {
    const tasks = this.deps.appTasks ?? [];
    if (tasks.length === 0) return;
    report.app = [];
    for (const task of tasks) {
      try {
        if (this.deps.lease && !(await this.deps.lease.acquire(`app:${task.name}`, this.deps.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS))) {
          report.app.push({ name: task.name, ok: true, skipped: "leased by another replica" });
          continue;
        }
        await task.run({ github: await this.client(), now: this.deps.clock(), log: this.deps.log });
        report.app.push({ name: task.name, ok: true });
      } catch (error) {
        this.deps.log.error({ err: error, task: task.name }, "schedule: app task failed");
        report.app.push({ name: task.name, ok: false, error: errorText(error) });
      }
    }
  }

  private get stopping(): boolean {
    return this.deps.inFlight?.stopping === true;
  }

  private async runTick(): Promise<TickReport> {
    const report: TickReport = { startedAt: this.deps.clock().toISOString(), installations: 0, repos: [], errors: [] };
    await this.tickRepositories(report);
    // After the repositories: runs are reconciled in order before their redelivered webhooks arrive.
    if (this.stopping) report.errors.push("shutting down: the tick stopped early");
    else await this.runAppTasks(report);
    const failed = report.repos.reduce((n, r) => n + r.tasks.filter((t) => !t.ok).length, 0);
    this.deps.log.info({ installations: report.installations, repos: report.repos.length, failedTasks: failed }, "schedule: tick done");
    return report;
  }

  private async tickRepositories(report: TickReport): Promise<void> {
    let installations: number[];
    try {
      installations = await listInstallationIds(await this.client());
    } catch (error) {
      this.deps.log.error({ err: error }, "schedule: cannot list installations");
      report.errors.push(`installations: ${errorText(error)}`);
      return;
    }
    report.installations = installations.length;
    for (const id of installations) {
      if (this.stopping) return;
      try {
        const github = await this.client(id);
        for (const repo of await listInstallationRepos(github)) {
          if (this.stopping) return;
          report.repos.push(await this.tickRepo(github, repo));
        }
      } catch (error) {
        this.deps.log.error({ err: error, installation: id }, "schedule: installation failed");
        report.errors.push(`installation ${id}: ${errorText(error)}`);
      }
    }
  }

  /** One repository: config, control file, then each task with its own error boundary. */
  async tickRepo(github: GitHub, repo: RepoRef): Promise<RepoTickReport> {
    const name = `${repo.owner}/${repo.repo}`;
    const log = this.deps.log.child({ repo: name });
    try {
      if (this.deps.lease && !(await this.deps.lease.acquire(`schedule:${repoKey(repo)}`, this.deps.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS))) {
        return { repo: name, skipped: "leased by another replica", tasks: [] };
      }
      const config = await loadRepoConfigFor(github, repo);
      if (!config.ok) {
        log.warn({ errors: config.errors }, "schedule: invalid repository config, repository skipped");
        return { repo: name, skipped: "invalid config", detail: config.errors.join("; "), tasks: [] };
      }
      const path = config.config.control_file;
      const file = await readTextFile(github, repo, path);
      if (file === null) return { repo: name, skipped: "no control file", tasks: [] };
      let control: TickContext["control"];
      try {
        control = snapshotOf(path, file);
      } catch (error) {
        // An invalid control file is reported by the tasks that need it; the others still run.
        log.warn({ err: error }, "schedule: control file invalid");
      }
      const tick: TickContext = {
        ...this.deps.services,
        github,
        repo,
        config: config.config,
        store: this.deps.store,
        now: this.deps.clock(),
        log,
        ...(control ? { control } : {}),
      };
      const tasks: TaskReport[] = [];
      for (const task of this.deps.tasks) {
        try {
          await task.run({ ...tick, now: this.deps.clock() });
          tasks.push({ name: task.name, ok: true });
        } catch (error) {
          log.error({ err: error, task: task.name }, "schedule: task failed");
          tasks.push({ name: task.name, ok: false, error: errorText(error) });
        }
      }
      return { repo: name, tasks };
    } catch (error) {
      log.error({ err: error }, "schedule: repository failed");
      return { repo: name, skipped: "error", detail: errorText(error), tasks: [] };
    }
  }
}
