import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import type { RepoRef } from "./github.js";
import type { RedeliveryPassReport } from "./redelivery-status.js";

const BREAKER_STATES = ["closed", "open", "half-open"] as const;

/** What the pipeline gauges read of one repository's health (a port: the health page's `PipelineHealth` fits it). */
export interface PipelineGauges {
  repository: string;
  breakers: readonly { recorded: boolean; ecosystem: string; state: string; failures: number }[];
  control_file: { exists: boolean; valid: boolean };
  budget: Record<"macos" | "linux", { fraction: number; used_minutes: number }>;
  runs: { runs_since_last_success: number; last_run?: { timestamp: string } | null };
  staleness: { stale: boolean };
}

/**
 * The app's Prometheus metrics, in a registry of its own (never prom-client's global one, so tests and
 * other libraries cannot collide with it). Counters are fed by the handlers and the GitHub client;
 * pipeline gauges are set from the health panel's data just before each scrape.
 */
export class AppMetrics {
  readonly registry = new Registry();

  private readonly webhooks = new Counter({
    name: "batch_ops_webhook_deliveries_total",
    help: "Webhook deliveries by event (name.action) and outcome: received, failed (a handler threw), rejected (bad signature).",
    labelNames: ["event", "outcome"] as const,
    registers: [this.registry],
  });
  private readonly commands = new Counter({
    name: "batch_ops_commands_total",
    help: "Slash commands by name and result: done, unchanged, info, refused, failed.",
    labelNames: ["command", "result"] as const,
    registers: [this.registry],
  });
  private readonly commits = new Counter({
    name: "batch_ops_control_commits_total",
    help: "Commits of the control file, by repository.",
    labelNames: ["repository"] as const,
    registers: [this.registry],
  });
  private readonly committedChanges = new Counter({
    name: "batch_ops_control_changes_committed_total",
    help: "Changes carried by those commits (waiting changes are folded into one commit), by repository.",
    labelNames: ["repository"] as const,
    registers: [this.registry],
  });
  private readonly conflicts = new Counter({
    name: "batch_ops_control_cas_retries_total",
    help: "Compare-and-swap conflicts on the control file (each one is a re-read and retry), by repository.",
    labelNames: ["repository"] as const,
    registers: [this.registry],
  });
  private readonly githubCalls = new Counter({
    name: "batch_ops_github_api_requests_total",
    help: "GitHub API requests by HTTP status (304: answered from the ETag cache, free of rate limit; error: no response).",
    labelNames: ["status"] as const,
    registers: [this.registry],
  });
  private readonly breakerState = new Gauge({
    name: "batch_ops_breaker_state",
    help: "1 for the circuit breaker's current state per repository and ecosystem, 0 for the other states.",
    labelNames: ["repository", "ecosystem", "state"] as const,
    registers: [this.registry],
  });
  private readonly breakerFailures = new Gauge({
    name: "batch_ops_breaker_failures",
    help: "Consecutive failures recorded on the circuit breaker.",
    labelNames: ["repository", "ecosystem"] as const,
    registers: [this.registry],
  });
  private readonly budgetFraction = new Gauge({
    name: "batch_ops_budget_use_ratio",
    help: "CI minutes used this week as a fraction of the weekly limit, by platform (macos, linux).",
    labelNames: ["repository", "platform"] as const,
    registers: [this.registry],
  });
  private readonly budgetMinutes = new Gauge({
    name: "batch_ops_budget_minutes_used",
    help: "CI minutes used this week, by platform.",
    labelNames: ["repository", "platform"] as const,
    registers: [this.registry],
  });
  private readonly runsSinceSuccess = new Gauge({
    name: "batch_ops_runs_since_last_success",
    help: "Completed batch runs after the last successful one.",
    labelNames: ["repository"] as const,
    registers: [this.registry],
  });
  private readonly lastRun = new Gauge({
    name: "batch_ops_last_run_timestamp_seconds",
    help: "When the last completed batch run finished (Unix time).",
    labelNames: ["repository"] as const,
    registers: [this.registry],
  });
  private readonly stale = new Gauge({
    name: "batch_ops_pipeline_stale",
    help: "1 when no batch has run in more than staleness_hours.",
    labelNames: ["repository"] as const,
    registers: [this.registry],
  });
  private readonly redelivered = new Counter({
    name: "batch_ops_webhook_redeliveries_total",
    help: "Failed webhook deliveries found by the redelivery pass, by outcome: redelivered, failed (GitHub refused), skipped (already redelivered, another replica's, or over the per-tick cap).",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  private readonly reconciled = new Counter({
    name: "batch_ops_reconciled_runs_total",
    help: "Completed runs whose webhook never arrived, applied by the schedule from the API, by kind (batch, seeding).",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  private readonly repaired = new Counter({
    name: "batch_ops_followups_repaired_total",
    help: "Follow-ups a commit was owed (budget report, incident issue) that the schedule made after they had failed, by kind.",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  private readonly healthErrors = new Counter({
    name: "batch_ops_health_read_errors_total",
    help: "Repositories whose health could not be read for a scrape.",
    registers: [this.registry],
  });

  /** Node process metrics (CPU, memory, event loop), prefixed `batch_ops_`. Only the server turns them on. */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry, prefix: "batch_ops_" });
  }

  webhook(event: string, outcome: "received" | "failed" | "rejected"): void {
    this.webhooks.inc({ event, outcome });
  }

  command(command: string, result: string): void {
    this.commands.inc({ command, result });
  }

  commit(repo: Pick<RepoRef, "owner" | "repo">, changes: number): void {
    const repository = `${repo.owner}/${repo.repo}`;
    this.commits.inc({ repository });
    this.committedChanges.inc({ repository }, changes);
  }

  conflict(repo: Pick<RepoRef, "owner" | "repo">): void {
    this.conflicts.inc({ repository: `${repo.owner}/${repo.repo}` });
  }

  /** The status GitHub answered with; 0 (or none) when no answer came (network error). */
  githubRequest(status: number | undefined): void {
    this.githubCalls.inc({ status: status ? String(status) : "error" });
  }

  redeliveries(report: Pick<RedeliveryPassReport, "redelivered" | "failed" | "skipped">): void {
    // Every series exists from the first pass, so a dashboard shows 0 rather than nothing.
    this.redelivered.inc({ outcome: "redelivered" }, report.redelivered);
    this.redelivered.inc({ outcome: "failed" }, report.failed);
    this.redelivered.inc({ outcome: "skipped" }, report.skipped);
  }

  reconciledRun(kind: "batch" | "seeding"): void {
    this.reconciled.inc({ kind });
  }

  repairedFollowup(kind: "budget" | "incident"): void {
    this.repaired.inc({ kind });
  }

  healthReadError(): void {
    this.healthErrors.inc();
  }

  /** Replaces every pipeline gauge (the health page's `PipelineHealth` fits this shape) with these repositories' health (series of repositories not given disappear). */
  setPipelineHealth(healths: readonly PipelineGauges[]): void {
    for (const gauge of [
      this.breakerState,
      this.breakerFailures,
      this.budgetFraction,
      this.budgetMinutes,
      this.runsSinceSuccess,
      this.lastRun,
      this.stale,
    ])
      gauge.reset();
    for (const health of healths) {
      const repository = health.repository;
      for (const row of health.breakers) {
        if (!row.recorded) continue;
        for (const state of BREAKER_STATES) this.breakerState.set({ repository, ecosystem: row.ecosystem, state }, row.state === state ? 1 : 0);
        this.breakerFailures.set({ repository, ecosystem: row.ecosystem }, row.failures);
      }
      if (health.control_file.exists && health.control_file.valid) {
        this.budgetFraction.set({ repository, platform: "macos" }, health.budget.macos.fraction);
        this.budgetFraction.set({ repository, platform: "linux" }, health.budget.linux.fraction);
        this.budgetMinutes.set({ repository, platform: "macos" }, health.budget.macos.used_minutes);
        this.budgetMinutes.set({ repository, platform: "linux" }, health.budget.linux.used_minutes);
      }
      this.runsSinceSuccess.set({ repository }, health.runs.runs_since_last_success);
      if (health.runs.last_run) this.lastRun.set({ repository }, Date.parse(health.runs.last_run.timestamp) / 1000);
      this.stale.set({ repository }, health.staleness.stale ? 1 : 0);
    }
  }
}
