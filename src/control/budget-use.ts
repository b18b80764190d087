import type { RepoConfig } from "../config/schema.js";
import type { ControlView } from "./view.js";
import { parseStamp } from "../util/time.js";

export interface BudgetUse {
  macosUsed: number;
  linuxUsed: number;
  macosLimit: number;
  linuxLimit: number;
  macosFraction: number;
  linuxFraction: number;
  /** The larger of the two fractions: what the thresholds compare against. */
  use: number;
  samplingActive: boolean;
  weekStart: string;
  /** `week_start` + 7 days, or undefined when the week has not started. */
  resetsAt?: Date;
}

export const WEEK_MS = 7 * 86_400_000;

export function budgetUse(view: ControlView, limits: Pick<RepoConfig["budget"], "macos_minutes_per_week" | "linux_minutes_per_week">): BudgetUse {
  const { macosMinutesUsed, linuxMinutesUsed, weekStart, samplingActive } = view.budget;
  const macosFraction = macosMinutesUsed / limits.macos_minutes_per_week;
  const linuxFraction = linuxMinutesUsed / limits.linux_minutes_per_week;
  const start = parseStamp(weekStart.length === 10 ? `${weekStart}T00:00:00Z` : weekStart);
  return {
    macosUsed: macosMinutesUsed,
    linuxUsed: linuxMinutesUsed,
    macosLimit: limits.macos_minutes_per_week,
    linuxLimit: limits.linux_minutes_per_week,
    macosFraction,
    linuxFraction,
    use: Math.max(macosFraction, linuxFraction),
    samplingActive,
    weekStart,
    ...(start ? { resetsAt: new Date(start.getTime() + WEEK_MS) } : {}),
  };
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}
