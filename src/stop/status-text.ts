import { recovery, when } from "./status-render.js";
import type { RepoConfig } from "../config/schema.js";
import { breakerDecision, viewBreaker } from "../control/breaker-view.js";
import { budgetUse, percent } from "../control/budget-use.js";
import type { ControlView } from "../control/view.js";
import { sanitizeReason } from "../util/sanitize.js";
import { utcStamp } from "../util/time.js";

/** Text from the control file shown on a terminal: one line, control characters (escape codes) removed. */
function shown(value: string): string {
  return value === "" ? "—" : sanitizeReason(value, 300);
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map(
    (r) =>
      "  " +
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 2)))
        .join("")
        .trimEnd(),
  );
}

/**
 * `/status` for a terminal: the same view, breaker views and budget figures as `renderStatus`, as plain
 * text. `source` says what was read (the working tree, or a commit).
 */
export function renderStatusText(input: {
  view: ControlView;
  config: RepoConfig;
  now: Date;
  controlPath: string;
  exists: boolean;
  source: string;
}): string {
  const { view, config, now } = input;
  const lines: string[] = [];
  if (!input.exists) lines.push(`Warning: ${input.controlPath} does not exist in ${input.source}; showing the runbook's defaults.`, "");
  if (view.enabled) {
    lines.push("Batch processing: enabled");
  } else {
    lines.push("Batch processing: STOPPED");
    lines.push(`  Why: ${shown(view.reason)}`, `  Who: ${shown(view.disabledBy)}`, `  When: ${shown(view.disabledAt)}`);
    lines.push(`  Expected resume: ${shown(view.expectedResume)}`);
    if (view.incidentUrl !== "") lines.push(`  Incident: ${shown(view.incidentUrl)}`);
  }
  lines.push("", `Disabled ecosystems: ${view.disabledEcosystems.length === 0 ? "none" : view.disabledEcosystems.map(shown).join(", ")}`);

  const breakers = Object.entries(view.breakers).map(([eco, b]) => viewBreaker(eco, b, now));
  lines.push("", "Circuit breakers:");
  if (breakers.length === 0) {
    lines.push("  No breaker recorded yet.");
  } else {
    const rows = [["ECOSYSTEM", "STATE", "FAILURES", "LAST FAILURE", "RECOVERY", "CHECK"]];
    for (const b of breakers) {
      const decision = breakerDecision(b);
      rows.push([shown(b.ecosystem), b.state, String(b.failures), when(b.lastFailure, now), recovery(b), `skip=${decision.skip}`]);
    }
    lines.push(...table(rows));
  }

  const budget = budgetUse(view, config.budget);
  lines.push("", "Budget (this week):");
  lines.push(`  macOS: ${budget.macosUsed} / ${budget.macosLimit} min (${percent(budget.macosFraction)})`);
  lines.push(`  Linux: ${budget.linuxUsed} / ${budget.linuxLimit} min (${percent(budget.linuxFraction)})`);
  lines.push(`  Sampling: ${budget.samplingActive ? "on" : "off"}`);
  lines.push(
    `  Week: ${budget.weekStart === "" ? "not started" : `from ${shown(budget.weekStart)}, resets ${budget.resetsAt ? utcStamp(budget.resetsAt) : "—"}`}`,
  );
  lines.push("", `Read: ${input.controlPath} (${input.source})`);
  return lines.join("\n");
}
