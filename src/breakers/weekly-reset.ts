import { BUDGET_DISABLED_KEY, BUDGET_PAUSED_KEY, budgetDisabled, budgetPaused } from "../control/budget-record.js";
import { WEEK_MS } from "../control/budget-use.js";
import { cloneControl, type ControlEdit } from "../control/edit.js";
import type { ControlFile } from "../control/schema.js";
import { sanitizeReason } from "../util/sanitize.js";
import { parseStamp, utcDate, utcStamp } from "../util/time.js";
import { BUDGET_THRESHOLD_REASON, CROSSED_KEY, ECOSYSTEM_MINUTES_KEY, ensureBudget, isBudgetReason } from "./budget-state.js";

/** When the current budget week ends, or undefined when no week has started (`week_start` empty or bad). */
export function weekEndsAt(control: ControlFile): Date | undefined {
  const weekStart = control.budget?.week_start ?? "";
  const start = parseStamp(weekStart.length === 10 ? `${weekStart}T00:00:00Z` : weekStart);
  return start ? new Date(start.getTime() + WEEK_MS) : undefined;
}

/** A new week is due when `now ≥ week_start + 7 days`, or when no week has started yet. */
export function isWeekDue(control: ControlFile, now: Date): boolean {
  const end = weekEndsAt(control);
  return end === undefined || now.getTime() >= end.getTime();
}

export interface ResetSummary {
  reenabled: string[];
  resumed: boolean;
  previous: { macos: number; linux: number; weekStart: string };
}

/**
 * Starts a new week on a copy: minutes 0, `week_start` today, sampling off, this week's records emptied,
 * and exactly what the budget policy disabled or paused re-enabled. A person's stop (anything not in the
 * budget's record) is left alone.
 */
export function resetWeek(current: ControlFile, now: Date): { next: ControlFile; summary: ResetSummary } {
  const next = cloneControl(current);
  const budget = ensureBudget(next);
  const previous = { macos: budget.macos_minutes_used ?? 0, linux: budget.linux_minutes_used ?? 0, weekStart: budget.week_start ?? "" };
  budget.macos_minutes_used = 0;
  budget.linux_minutes_used = 0;
  budget.week_start = utcDate(now);
  budget.sampling_active = false;
  if (ECOSYSTEM_MINUTES_KEY in budget) budget[ECOSYSTEM_MINUTES_KEY] = {};
  if (CROSSED_KEY in budget) budget[CROSSED_KEY] = [];

  const byBudget = budgetDisabled(current);
  const disabled = current.disabled_ecosystems ?? [];
  const reenabled = disabled.filter((eco) => byBudget.includes(eco));
  if (reenabled.length > 0) next.disabled_ecosystems = disabled.filter((eco) => !byBudget.includes(eco));
  if (BUDGET_DISABLED_KEY in budget) budget[BUDGET_DISABLED_KEY] = [];

  const resumed = budgetPaused(current) && current.enabled === false;
  if (resumed) {
    next.enabled = true;
    next.expected_resume = "";
    next.disabled_by = "";
    next.disabled_at = "";
    if (isBudgetReason(next.reason)) next.reason = "";
  } else if (next.reason === BUDGET_THRESHOLD_REASON && next.enabled !== false) {
    next.reason = "";
  }
  if (BUDGET_PAUSED_KEY in budget) budget[BUDGET_PAUSED_KEY] = false;
  return { next, summary: { reenabled, resumed, previous } };
}

/**
 * `chore: reset budget for new week`, from the schedule when the week is due, or forced by `/budget reset`.
 * Pure and idempotent: a second replica (or a retry) finds the new week already started.
 */
export function weeklyResetEdit(options: { force?: boolean; reason?: string; onReset?: (summary: ResetSummary) => void } = {}): ControlEdit {
  return (current, now) => {
    if (!options.force && !isWeekDue(current, now)) {
      const end = weekEndsAt(current);
      return { changed: false, note: `the budget week resets at ${end ? utcStamp(end) : "—"}` };
    }
    const { next, summary } = resetWeek(current, now);
    options.onReset?.(summary);
    const body = [
      `week_start: ${next.budget?.week_start}`,
      `previous_week: ${summary.previous.weekStart || "(not started)"} (macOS ${summary.previous.macos} min, Linux ${summary.previous.linux} min)`,
      `reenabled: ${summary.reenabled.length > 0 ? summary.reenabled.map((eco) => sanitizeReason(eco, 64)).join(", ") : "none"}`,
      `resumed: ${summary.resumed ? "yes (the budget had paused batch processing)" : "no"}`,
      ...(options.reason ? [`reason: ${options.reason}`] : []),
    ];
    return {
      changed: true,
      next,
      subject: "chore: reset budget for new week",
      body,
      // The names come from the control file: one line each here; a reply escapes the note (writeOutcomeResult).
      note: `reset the budget for a new week from ${next.budget?.week_start}${summary.reenabled.length > 0 ? `, re-enabled ${summary.reenabled.map((name) => sanitizeReason(name, 64)).join(", ")}` : ""}${summary.resumed ? ", resumed batch processing" : ""}`,
    };
  };
}
