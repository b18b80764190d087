import { cloneControl, type ControlEdit } from "../control/edit.js";
import { budgetPaused, forgetBudgetDisabled, forgetBudgetPause } from "../control/budget-record.js";
import { viewControl } from "../control/view.js";
import { utcStamp } from "../util/time.js";

/** Who asked, and where: carried into the control file (for `/stop all`) and the commit body. */
export interface StopContext {
  reason: string;
  incidentUrl: string;
  by: string;
}

function listed(ecosystems: readonly string[]): string {
  return ecosystems.join(", ");
}

/** Runbook "Disable a single ecosystem": add each to `disabled_ecosystems`, no duplicates. */
export function stopEcosystems(ecosystems: readonly string[], ctx: StopContext): ControlEdit {
  return (current) => {
    const next = cloneControl(current);
    const disabled = [...(next.disabled_ecosystems ?? [])];
    const added = ecosystems.filter((eco) => !disabled.includes(eco));
    disabled.push(...added);
    // A person's stop of an ecosystem the budget had disabled makes it a person's stop.
    const tookOver = forgetBudgetDisabled(next, ecosystems);
    if (added.length === 0 && !tookOver) {
      return { changed: false, note: `${listed(ecosystems)} ${ecosystems.length === 1 ? "is" : "are"} already disabled` };
    }
    next.disabled_ecosystems = disabled;
    const subjectEcos = added.length > 0 ? added : ecosystems;
    return {
      changed: true,
      next,
      subject: `chore: disable ${listed(subjectEcos)} batch processing`,
      body: [`reason: ${ctx.reason}`, `incident_url: ${ctx.incidentUrl}`],
      note: added.length > 0 ? `disabled ${listed(added)}` : `${listed(ecosystems)} stay disabled, now as a person's stop rather than the budget's`,
    };
  };
}

/**
 * Runbook "Disable all batch processing". The control file's `reason` is `Emergency stop: <reason>`,
 * or `reasonText` exactly when given (the security response writes its own wording).
 */
export function stopAll(ctx: StopContext & { expectedResume?: Date; reasonText?: string }): ControlEdit {
  return (current, now) => {
    if (current.enabled === false && !budgetPaused(current)) {
      return { changed: false, note: "batch processing is already stopped" };
    }
    const next = cloneControl(current);
    next.enabled = false;
    next.reason = ctx.reasonText ?? `Emergency stop: ${ctx.reason}`;
    next.disabled_by = ctx.by;
    next.disabled_at = utcStamp(now);
    next.incident_url = ctx.incidentUrl;
    next.expected_resume = ctx.expectedResume ? utcStamp(ctx.expectedResume) : "";
    forgetBudgetPause(next);
    return {
      changed: true,
      next,
      subject: "chore: emergency stop batch processing",
      body: [`reason: ${ctx.reason}`, `incident_url: ${ctx.incidentUrl}`],
      note: "stopped all batch processing",
    };
  };
}

/** Remove ecosystems from `disabled_ecosystems`. */
export function resumeEcosystems(ecosystems: readonly string[], ctx: { reason: string }): ControlEdit {
  return (current) => {
    const disabled = current.disabled_ecosystems ?? [];
    const removed = ecosystems.filter((eco) => disabled.includes(eco));
    if (removed.length === 0) {
      return { changed: false, note: `${listed(ecosystems)} ${ecosystems.length === 1 ? "is" : "are"} not disabled` };
    }
    const next = cloneControl(current);
    next.disabled_ecosystems = disabled.filter((eco) => !removed.includes(eco));
    forgetBudgetDisabled(next, removed);
    return {
      changed: true,
      next,
      subject: `chore: re-enable ${listed(removed)} batch processing`,
      body: [`reason: ${ctx.reason}`],
      note: `re-enabled ${listed(removed)}`,
    };
  };
}

/** Runbook "Re-enable after resolution": everything back on, stop fields emptied. */
export function resumeAll(ctx: { reason: string }): ControlEdit {
  return (current) => {
    const view = viewControl(current);
    const stopFields = [view.reason, view.disabledBy, view.disabledAt, view.expectedResume, view.incidentUrl];
    if (view.enabled && view.disabledEcosystems.length === 0 && stopFields.every((f) => f === "")) {
      return { changed: false, note: "batch processing is already enabled with no ecosystem disabled" };
    }
    const next = cloneControl(current);
    next.enabled = true;
    next.reason = "";
    next.disabled_ecosystems = [];
    next.disabled_by = "";
    next.disabled_at = "";
    next.expected_resume = "";
    next.incident_url = "";
    forgetBudgetPause(next);
    forgetBudgetDisabled(next, current.disabled_ecosystems ?? []);
    return {
      changed: true,
      next,
      subject: "chore: re-enable batch processing",
      body: [`reason: ${ctx.reason}`],
      note: "re-enabled all batch processing",
    };
  };
}
