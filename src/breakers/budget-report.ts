import type { RepoConfig } from "../config/schema.js";
import { budgetDisabled, budgetPaused } from "../control/budget-record.js";
import { percent, type BudgetUse } from "../control/budget-use.js";
import type { ControlFile } from "../control/schema.js";
import { escapeMarkdown } from "../util/sanitize.js";
import { utcStamp } from "../util/time.js";
import { BUDGET_LEVELS, crossedLevels, ecosystemMinutes, type BudgetLevel } from "./budget-state.js";
import { thresholdOf, useOf, wholePercent } from "./budget-thresholds.js";

/** The runbook's escalation: an ecosystem above half of all minutes should run less often. */
export const HEAVY_SHARE = 0.5;

export interface EcosystemShare {
  ecosystem: string;
  minutes: number;
  share: number;
  heavy: boolean;
}

/** Per-ecosystem minutes this week, largest first, with their share of all minutes (macOS + Linux). */
export function ecosystemShares(control: ControlFile, use: BudgetUse): EcosystemShare[] {
  const total = use.macosUsed + use.linuxUsed;
  return Object.entries(ecosystemMinutes(control))
    .map(([ecosystem, minutes]) => {
      const share = total > 0 ? minutes / total : 0;
      return { ecosystem, minutes, share, heavy: share > HEAVY_SHARE };
    })
    .sort((a, b) => b.minutes - a.minutes || a.ecosystem.localeCompare(b.ecosystem));
}

const LEVEL_TEXT: Record<BudgetLevel, string> = {
  sampling: "enable sampling",
  disable_noncritical: "disable non-critical ecosystems",
  pause: "pause batch processing until the reset",
};

/** The budget as markdown: per OS, thresholds, what the budget switched off, per ecosystem. Pure. */
export function renderBudget(control: ControlFile, config: RepoConfig, now: Date): string {
  const use = useOf(control, config.budget);
  const crossed = crossedLevels(control);
  const lines = [
    "| | Used | Limit | Use |",
    "|---|---:|---:|---:|",
    `| macOS | ${use.macosUsed} min | ${use.macosLimit} min | ${percent(use.macosFraction)} |`,
    `| Linux | ${use.linuxUsed} min | ${use.linuxLimit} min | ${percent(use.linuxFraction)} |`,
    "",
    `**Use: ${percent(use.use)}** (the larger of the two).`,
    `Week: ${use.weekStart === "" ? "not started (the next scheduled tick starts it)" : `from ${escapeMarkdown(use.weekStart)}, resets ${use.resetsAt ? utcStamp(use.resetsAt) : "—"}${use.resetsAt && use.resetsAt > now ? "" : " (due now)"}`}.`,
    `Sampling: ${use.samplingActive ? "on" : "off"}.`,
    "",
    "| Threshold | At | This week |",
    "|---|---:|---|",
    ...BUDGET_LEVELS.map(
      (level) =>
        `| ${LEVEL_TEXT[level]} | ${wholePercent(thresholdOf(level, config.budget))} | ${crossed.includes(level) ? "✅ crossed, acted on" : "—"} |`,
    ),
  ];
  const disabled = budgetDisabled(control);
  if (disabled.length > 0 || budgetPaused(control)) {
    lines.push(
      "",
      `Switched off by the budget policy (re-enabled by the weekly reset): ${[...disabled.map(escapeMarkdown), ...(budgetPaused(control) ? ["all batch processing (paused)"] : [])].join(", ")}.`,
    );
  }
  const shares = ecosystemShares(control, use);
  lines.push("", "**Minutes per ecosystem** (jobs whose name ends in `(<ecosystem>)`)", "");
  if (shares.length === 0) {
    lines.push("No job named an ecosystem this week.");
  } else {
    lines.push("| Ecosystem | Minutes | Share of all minutes |", "|---|---:|---:|");
    for (const s of shares) lines.push(`| ${escapeMarkdown(s.ecosystem)} | ${s.minutes} | ${percent(s.share)}${s.heavy ? " ⚠️" : ""} |`);
    const heavy = shares.filter((s) => s.heavy);
    if (heavy.length > 0) {
      lines.push(
        "",
        `⚠️ ${heavy.map((s) => escapeMarkdown(s.ecosystem)).join(", ")} used more than half of all minutes: consider reducing its batch frequency (runbook §4 escalation).`,
      );
    }
  }
  return lines.join("\n");
}
