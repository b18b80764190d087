import { BUDGET_LEVELS, type BudgetLevel } from "./budget-state.js";

/**
 * Which threshold crossings of which budget week the budget issue has reported, kept in the issue body
 * as an invisible marker: the schedule compares it with `budget.thresholds_crossed` and reports what a
 * run could not (the process stopped between the crossing's commit and the issue).
 */
const MARKER = /<!-- batch-ops:budget-reported week=([0-9-]{0,10}) levels=([a-z_,]*) -->/;

/** The week as the marker writes it: `week_start` is untrusted text from the control file. */
export function markerWeek(weekStart: string | undefined): string {
  return /^[0-9-]{0,10}$/.test(weekStart ?? "") ? (weekStart ?? "") : "";
}

export function reportedMarker(weekStart: string | undefined, levels: readonly BudgetLevel[]): string {
  return `<!-- batch-ops:budget-reported week=${markerWeek(weekStart)} levels=${BUDGET_LEVELS.filter((l) => levels.includes(l)).join(",")} -->`;
}

/** The levels reported for this week; "unmarked" for an issue written before the marker existed. */
export function reportedLevels(body: string, weekStart: string | undefined): BudgetLevel[] | "unmarked" {
  const match = MARKER.exec(body);
  if (!match) return "unmarked";
  if (match[1] !== markerWeek(weekStart)) return [];
  const listed = match[2]!.split(",");
  return BUDGET_LEVELS.filter((l) => listed.includes(l));
}
