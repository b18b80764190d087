import type { RepoConfig } from "../config/schema.js";
import { BUDGET_DISABLED_KEY, BUDGET_PAUSED_KEY, budgetDisabled } from "../control/budget-record.js";
import { budgetUse, percent, type BudgetUse } from "../control/budget-use.js";
import { cloneControl, type ControlEdit } from "../control/edit.js";
import { ecosystemNames } from "../control/ecosystems.js";
import type { ControlFile } from "../control/schema.js";
import { viewControl } from "../control/view.js";
import { sanitizeReason } from "../util/sanitize.js";
import { utcDate, utcStamp } from "../util/time.js";
import {
  BUDGET_EXHAUSTED_PREFIX,
  BUDGET_LEVELS,
  BUDGET_THRESHOLD_REASON,
  crossedLevels,
  ensureBudget,
  isBudgetReason,
  markCrossed,
  type BudgetLevel,
} from "./budget-state.js";

/** Who the control file names when the budget policy stops the pipeline. */
export const BUDGET_ACTOR = "batch-ops (budget policy)";

type BudgetConfig = RepoConfig["budget"];

export function thresholdOf(level: BudgetLevel, budget: BudgetConfig): number {
  if (level === "sampling") return budget.sampling_at;
  if (level === "disable_noncritical") return budget.disable_noncritical_at;
  return budget.pause_at;
}

export function useOf(control: ControlFile, budget: BudgetConfig): BudgetUse {
  return budgetUse(viewControl(control), budget);
}

/** Thresholds the use has reached this week that have not been acted on yet, lowest first. */
export function pendingCrossings(control: ControlFile, budget: BudgetConfig): BudgetLevel[] {
  const use = useOf(control, budget).use;
  const crossed = crossedLevels(control);
  return BUDGET_LEVELS.filter((level) => use >= thresholdOf(level, budget) && !crossed.includes(level));
}

export function wholePercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

export function useLine(use: BudgetUse): string {
  return `use: ${percent(use.use)} (macOS ${use.macosUsed}/${use.macosLimit} min, Linux ${use.linuxUsed}/${use.linuxLimit} min)`;
}

export interface CrossingResult {
  level: BudgetLevel;
  /** What the crossing did, one line each, for the budget issue. */
  actions: string[];
  /** The use that crossed the threshold. */
  use: number;
  /** The control file as the crossing left it. */
  control: ControlFile;
}

/**
 * Acts on one threshold crossing, once a week: the record of crossed thresholds lives in the file, so
 * a retry, a second replica or a later run finds it done. Unchanged when the level is not (or no longer)
 * pending.
 */
export function crossingEdit(level: BudgetLevel, config: RepoConfig, onApplied?: (result: CrossingResult) => void): ControlEdit {
  return (current, now) => {
    if (!pendingCrossings(current, config.budget).includes(level)) {
      return { changed: false, note: `budget ${level} threshold not pending` };
    }
    const use = useOf(current, config.budget);
    const next = cloneControl(current);
    markCrossed(next, level);
    const threshold = `${level === "disable_noncritical" ? "disable_noncritical_at" : `${level}_at`}: ${thresholdOf(level, config.budget)}`;
    let applied: { subject: string; actions: string[] };
    if (level === "sampling") applied = enableSampling(next, config);
    else if (level === "disable_noncritical") applied = disableNoncritical(next, current, config);
    else applied = pause(next, use, now);
    onApplied?.({ level, actions: applied.actions, use: use.use, control: next });
    return {
      changed: true,
      next,
      subject: applied.subject,
      body: [useLine(use), `threshold: ${threshold}`, ...applied.actions.map((a) => `action: ${a}`)],
      note: applied.actions.join("; "),
    };
  };
}

function enableSampling(next: ControlFile, config: RepoConfig): { subject: string; actions: string[] } {
  const budget = ensureBudget(next);
  const was = budget.sampling_active === true;
  budget.sampling_active = true;
  return {
    subject: `chore: enable budget sampling at ${wholePercent(config.budget.sampling_at)} threshold`,
    actions: [was ? "sampling was already active" : "sampling_active=true"],
  };
}

/** Every known ecosystem not in `critical_ecosystems` is disabled, and recorded as the budget's doing. */
function disableNoncritical(next: ControlFile, current: ControlFile, config: RepoConfig): { subject: string; actions: string[] } {
  const names = ecosystemNames(config, current);
  const critical = config.budget.critical_ecosystems.map((c) => names.resolve(c) ?? c);
  const disabled = [...(next.disabled_ecosystems ?? [])];
  const added = names.known.filter((eco) => !critical.includes(eco) && !disabled.includes(eco));
  next.disabled_ecosystems = [...disabled, ...added];
  (ensureBudget(next) as Record<string, unknown>)[BUDGET_DISABLED_KEY] = [...budgetDisabled(next), ...added];
  // Names may come from the control file's keys: one line each in the commit body.
  const oneLine = (list: readonly string[]) => list.map((eco) => sanitizeReason(eco, 64)).join(", ");
  const actions = [added.length > 0 ? `disabled ${oneLine(added)}` : "every non-critical ecosystem was already disabled"];
  // A person's stop reason is never overwritten by the budget's.
  if ((next.reason ?? "") === "" || isBudgetReason(next.reason)) {
    next.reason = BUDGET_THRESHOLD_REASON;
    actions.push(`reason="${BUDGET_THRESHOLD_REASON}"`);
  }
  if (critical.length > 0) actions.push(`kept critical: ${oneLine(critical)}`);
  return { subject: "chore: disable non-critical ecosystems for budget control", actions };
}

/** `enabled=false` until the weekly reset; a pipeline a person already stopped is left as it is. */
function pause(next: ControlFile, use: BudgetUse, now: Date): { subject: string; actions: string[] } {
  const subject = "chore: pause batch processing for budget control";
  if (next.enabled === false) {
    return { subject, actions: ["batch processing was already stopped by a person; left as it is"] };
  }
  const resetDate = use.resetsAt ? utcDate(use.resetsAt) : "the weekly reset";
  next.enabled = false;
  next.reason = `${BUDGET_EXHAUSTED_PREFIX} ${resetDate}`;
  next.expected_resume = use.resetsAt ? utcStamp(use.resetsAt) : "";
  next.disabled_by = BUDGET_ACTOR;
  next.disabled_at = utcStamp(now);
  (ensureBudget(next) as Record<string, unknown>)[BUDGET_PAUSED_KEY] = true;
  return { subject, actions: [`enabled=false`, `reason="${next.reason}"`, `expected_resume=${next.expected_resume || "—"}`] };
}
