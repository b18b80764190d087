import type { ControlFile } from "./schema.js";

/**
 * What the budget policy itself disabled is recorded inside the control file's `budget` object, so the
 * weekly reset re-enables exactly that and never a person's stop, across restarts and replicas.
 */
export const BUDGET_DISABLED_KEY = "disabled_by_budget";
export const BUDGET_PAUSED_KEY = "paused_by_budget";

export function budgetDisabled(control: ControlFile): string[] {
  const value = control.budget?.[BUDGET_DISABLED_KEY];
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === "string") : [];
}

export function budgetPaused(control: ControlFile): boolean {
  return control.budget?.[BUDGET_PAUSED_KEY] === true;
}

/** A person took over these ecosystems: the budget's record forgets them (mutates `control`). */
export function forgetBudgetDisabled(control: ControlFile, ecosystems: readonly string[]): boolean {
  const record = budgetDisabled(control);
  const kept = record.filter((eco) => !ecosystems.includes(eco));
  if (kept.length === record.length) return false;
  (control.budget as Record<string, unknown>)[BUDGET_DISABLED_KEY] = kept;
  return true;
}

/** A person took over the global stop: the budget no longer owns it (mutates `control`). */
export function forgetBudgetPause(control: ControlFile): boolean {
  if (!budgetPaused(control)) return false;
  (control.budget as Record<string, unknown>)[BUDGET_PAUSED_KEY] = false;
  return true;
}
