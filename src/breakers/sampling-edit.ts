import { cloneControl, type ControlEdit } from "../control/edit.js";
import { ensureBudget } from "./budget-state.js";

/** `/budget sampling on|off`: sets `budget.sampling_active`. */
export function samplingEdit(on: boolean, reason: string): ControlEdit {
  return (current) => {
    if ((current.budget?.sampling_active ?? false) === on) {
      return { changed: false, note: `budget sampling is already ${on ? "on" : "off"}` };
    }
    const next = cloneControl(current);
    ensureBudget(next).sampling_active = on;
    return {
      changed: true,
      next,
      subject: on ? "chore: enable budget sampling" : "chore: disable budget sampling",
      body: [`reason: ${reason}`],
      note: `turned budget sampling ${on ? "on" : "off"}`,
    };
  };
}
