import type { Budget, ControlFile } from "../control/schema.js";

/**
 * The app's own budget bookkeeping, kept inside the control file's `budget` object next to the runbook's
 * four keys (and `disabled_by_budget` / `paused_by_budget`, see control/budget-record.ts), so it survives
 * restarts and is shared by replicas. All of it is emptied by the weekly reset.
 */
export const ECOSYSTEM_MINUTES_KEY = "ecosystem_minutes";
export const CROSSED_KEY = "thresholds_crossed";

export const BUDGET_LEVELS = ["sampling", "disable_noncritical", "pause"] as const;
export type BudgetLevel = (typeof BUDGET_LEVELS)[number];

/** The runbook's reasons the budget policy writes; anything else in `reason` belongs to a person. */
export const BUDGET_THRESHOLD_REASON = "Budget threshold exceeded";
export const BUDGET_EXHAUSTED_PREFIX = "Budget exhausted until";

export function isBudgetReason(reason: string | undefined): boolean {
  return reason === BUDGET_THRESHOLD_REASON || (reason ?? "").startsWith(BUDGET_EXHAUSTED_PREFIX);
}

function budgetRecord(control: ControlFile): Record<string, unknown> | undefined {
  return control.budget;
}

/** The `budget` object of a copy being edited, created with the runbook's keys when missing. */
export function ensureBudget(control: ControlFile): Budget & Record<string, unknown> {
  control.budget ??= { macos_minutes_used: 0, linux_minutes_used: 0, week_start: "", sampling_active: false };
  return control.budget;
}

/** Minutes per ecosystem this week; malformed entries are ignored. */
export function ecosystemMinutes(control: ControlFile): Record<string, number> {
  const value = budgetRecord(control)?.[ECOSYSTEM_MINUTES_KEY];
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  const out: Record<string, number> = {};
  for (const [eco, minutes] of Object.entries(value)) {
    if (typeof minutes === "number" && Number.isFinite(minutes) && minutes >= 0) out[eco] = minutes;
  }
  return out;
}

/** Thresholds already crossed (and acted on) this week. */
export function crossedLevels(control: ControlFile): BudgetLevel[] {
  const value = budgetRecord(control)?.[CROSSED_KEY];
  if (!Array.isArray(value)) return [];
  return BUDGET_LEVELS.filter((level) => value.includes(level));
}

/** Adds a run's per-ecosystem minutes to the copy being edited (the key is created only when needed). */
export function addEcosystemMinutes(control: ControlFile, minutes: Record<string, number>): void {
  const entries = Object.entries(minutes);
  if (entries.length === 0) return;
  const totals = ecosystemMinutes(control);
  for (const [eco, n] of entries) totals[eco] = (totals[eco] ?? 0) + n;
  ensureBudget(control)[ECOSYSTEM_MINUTES_KEY] = totals;
}

export function markCrossed(control: ControlFile, level: BudgetLevel): void {
  const crossed = crossedLevels(control);
  if (!crossed.includes(level)) crossed.push(level);
  ensureBudget(control)[CROSSED_KEY] = BUDGET_LEVELS.filter((l) => crossed.includes(l));
}
