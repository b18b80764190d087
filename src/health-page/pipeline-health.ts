import type { RepoConfig } from "../config/schema.js";
import { viewBreaker } from "../control/breaker-view.js";
import { budgetUse } from "../control/budget-use.js";
import { ecosystemNames } from "../control/ecosystems.js";
import type { Breaker, ControlFile } from "../control/schema.js";
import { viewControl } from "../control/view.js";
import { utcStamp } from "../util/time.js";
import { summarizeRuns, toRunInfo, type RunHistory, type RunInfo, type RunRecord } from "./run-history.js";
import { stalenessSince } from "../breakers/staleness.js";
import { issueSearchUrl, TRACKED_ISSUES, type TrackedIssueKind } from "./tracked-issues.js";

/** The dashboard's `.health` (`website/pipeline/dashboard.json`), so existing readers of it can read ours. */
export interface DashboardHealth {
  ecosystems: Record<string, { breaker_state: Breaker["state"]; failures: number; last_failure?: string; opens_at?: string }>;
  last_run: RunInfo | null;
  last_successful_run: RunInfo | null;
  runs_since_last_success: number;
}

export function dashboardHealth(control: ControlFile | undefined, history: RunHistory): DashboardHealth {
  const ecosystems: DashboardHealth["ecosystems"] = {};
  for (const [name, breaker] of Object.entries(control?.circuit_breaker ?? {})) {
    ecosystems[name] = {
      breaker_state: breaker.state,
      failures: breaker.failures,
      ...(breaker.last_failure ? { last_failure: breaker.last_failure } : {}),
      ...(breaker.opens_at ? { opens_at: breaker.opens_at } : {}),
    };
  }
  return {
    ecosystems,
    last_run: history.lastRun ? toRunInfo(history.lastRun) : null,
    last_successful_run: history.lastSuccess ? toRunInfo(history.lastSuccess) : null,
    runs_since_last_success: history.runsSinceLastSuccess,
  };
}

export interface BreakerRow {
  ecosystem: string;
  state: Breaker["state"];
  /** False for a known ecosystem with no entry under `circuit_breaker` yet (shown as closed). */
  recorded: boolean;
  failures: number;
  last_failure?: string;
  opens_at?: string;
  /** Open and past `opens_at`: the pipeline's next check moves it to half-open. */
  due_for_half_open: boolean;
  /** Open and waiting: milliseconds until `opens_at`. */
  ms_to_recovery?: number;
  disabled: boolean;
}

export type BudgetLevel = "ok" | "sampling" | "noncritical_disabled" | "paused";

export interface IssueCount {
  kind: TrackedIssueKind;
  label: string;
  title: string;
  /** Undefined when the count could not be read. */
  open?: number;
  /** The count stopped at the page limit: there are at least this many. */
  capped: boolean;
  url: string;
}

/** Everything the page and `health.json` show, computed from what was read. Time stamps are UTC ISO-8601. */
export interface PipelineHealth {
  repository: string;
  html_url: string;
  generated_at: string;
  data_fetched_at: string;
  /** What could not be read or was invalid; the rest of the page still shows what was read. */
  problems: string[];
  control_file: { path: string; exists: boolean; valid: boolean; url: string };
  stop: {
    enabled: boolean;
    reason: string;
    disabled_by: string;
    disabled_at: string;
    expected_resume: string;
    incident_url: string;
    disabled_ecosystems: string[];
  };
  breakers: BreakerRow[];
  budget: {
    macos: { used_minutes: number; limit_minutes: number; fraction: number };
    linux: { used_minutes: number; limit_minutes: number; fraction: number };
    use: number;
    level: BudgetLevel;
    thresholds: { sampling_at: number; disable_noncritical_at: number; pause_at: number };
    sampling_active: boolean;
    week_start: string;
    resets_at?: string;
  };
  runs: {
    workflows: string[];
    last_run: RunInfo | null;
    last_successful_run: RunInfo | null;
    runs_since_last_success: number;
    /** The run history was cut off before a success: there were at least this many. */
    runs_since_last_success_is_lower_bound: boolean;
  };
  staleness: { stale: boolean; threshold_hours: number; seconds_since_last_run?: number; stopped: boolean };
  issues: IssueCount[];
  /** The dashboard-compatible summary (same shape as `dashboard.json`'s `.health`). */
  health: DashboardHealth;
}

export interface HealthInputs {
  repository: { fullName: string; htmlUrl: string };
  now: Date;
  fetchedAt: Date;
  config: RepoConfig;
  /** The control file as read; undefined when it is missing or invalid. */
  control: { path: string; url: string; file?: ControlFile; exists: boolean };
  /** `missingBefore`: the run history was cut off; older runs may be missing. */
  runs: { records: RunRecord[]; missingBefore?: Date };
  issues: Partial<Record<TrackedIssueKind, { open: number; capped: boolean }>>;
  problems: string[];
}

export function budgetLevel(use: number, thresholds: PipelineHealth["budget"]["thresholds"]): BudgetLevel {
  if (use >= thresholds.pause_at) return "paused";
  if (use >= thresholds.disable_noncritical_at) return "noncritical_disabled";
  if (use >= thresholds.sampling_at) return "sampling";
  return "ok";
}

function breakerRows(config: RepoConfig, control: ControlFile | undefined, disabled: readonly string[], now: Date): BreakerRow[] {
  const recorded = control?.circuit_breaker ?? {};
  return ecosystemNames(config, control).known.map((ecosystem) => {
    const breaker = recorded[ecosystem];
    const view = viewBreaker(ecosystem, breaker ?? { state: "closed", failures: 0 }, now);
    return {
      ecosystem,
      state: view.state,
      recorded: breaker !== undefined,
      failures: view.failures,
      ...(breaker?.last_failure ? { last_failure: breaker.last_failure } : {}),
      ...(breaker?.opens_at ? { opens_at: breaker.opens_at } : {}),
      due_for_half_open: view.dueForHalfOpen,
      ...(view.msToRecovery !== undefined ? { ms_to_recovery: view.msToRecovery } : {}),
      disabled: disabled.includes(ecosystem),
    };
  });
}

/** The health panel for one repository. Pure: everything read from GitHub comes in as arguments. */
export function computePipelineHealth(input: HealthInputs): PipelineHealth {
  const { config, now } = input;
  const control = input.control.file;
  const view = viewControl(control ?? {});
  const history = summarizeRuns(input.runs.records, input.runs.missingBefore ? { missingBefore: input.runs.missingBefore } : {});
  const budget = budgetUse(view, config.budget);
  const thresholds = {
    sampling_at: config.budget.sampling_at,
    disable_noncritical_at: config.budget.disable_noncritical_at,
    pause_at: config.budget.pause_at,
  };
  const stale = stalenessSince(history.lastRun?.at, now, config.staleness_hours);
  const health = dashboardHealth(control, history);
  return {
    repository: input.repository.fullName,
    html_url: input.repository.htmlUrl,
    generated_at: utcStamp(now),
    data_fetched_at: utcStamp(input.fetchedAt),
    problems: input.problems,
    control_file: {
      path: input.control.path,
      exists: input.control.exists,
      valid: control !== undefined || !input.control.exists,
      url: input.control.url,
    },
    stop: {
      enabled: view.enabled,
      reason: view.reason,
      disabled_by: view.disabledBy,
      disabled_at: view.disabledAt,
      expected_resume: view.expectedResume,
      incident_url: view.incidentUrl,
      disabled_ecosystems: view.disabledEcosystems,
    },
    breakers: breakerRows(config, control, view.disabledEcosystems, now),
    budget: {
      macos: { used_minutes: budget.macosUsed, limit_minutes: budget.macosLimit, fraction: budget.macosFraction },
      linux: { used_minutes: budget.linuxUsed, limit_minutes: budget.linuxLimit, fraction: budget.linuxFraction },
      use: budget.use,
      level: budgetLevel(budget.use, thresholds),
      thresholds,
      sampling_active: budget.samplingActive,
      week_start: budget.weekStart,
      ...(budget.resetsAt ? { resets_at: utcStamp(budget.resetsAt) } : {}),
    },
    runs: {
      workflows: config.batch_workflows,
      last_run: health.last_run,
      last_successful_run: health.last_successful_run,
      runs_since_last_success: history.runsSinceLastSuccess,
      runs_since_last_success_is_lower_bound: history.atLeast,
    },
    staleness: {
      stale: stale.stale,
      threshold_hours: config.staleness_hours,
      ...(stale.ageMs !== undefined ? { seconds_since_last_run: Math.floor(stale.ageMs / 1000) } : {}),
      stopped: !view.enabled,
    },
    issues: TRACKED_ISSUES.map((tracked) => {
      const count = input.issues[tracked.kind];
      return {
        kind: tracked.kind,
        label: tracked.label,
        title: tracked.title,
        ...(count ? { open: count.open } : {}),
        capped: count?.capped ?? false,
        url: issueSearchUrl(input.repository.htmlUrl, tracked.label),
      };
    }),
    health,
  };
}
