import type { RepoConfig } from "../config/schema.js";
import { budgetUse, percent } from "../control/budget-use.js";
import { viewBreaker, type BreakerView } from "../control/breaker-view.js";
import type { ControlView } from "../control/view.js";
import { MAX_BREAKER_ROWS } from "../breakers/breaker-table.js";
import { count, takeWithin } from "../util/bounded-list.js";
import { escapeMarkdown } from "../util/sanitize.js";
import { humanDuration, utcStamp } from "../util/time.js";

/** An issue or pull request on github.com or an Enterprise host (which may serve http, on a port). */
const ISSUE_URL = /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?\/[\w.-]+\/[\w.-]+\/(?:issues|pull)\/\d+$/;

const STATE_LABEL: Record<string, string> = { closed: "🟢 closed", open: "🔴 open", "half-open": "🟡 half-open" };

/** The recovery column (shared with the CLI's plain-text status). */
export function recovery(view: BreakerView): string {
  if (view.state === "open" && view.dueForHalfOpen) return "due for half-open now";
  if (view.msToRecovery !== undefined) return `half-open in ${humanDuration(view.msToRecovery)}`;
  if (view.state === "half-open") return "next success closes it";
  return "—";
}

export function when(date: Date | undefined, now: Date): string {
  if (!date) return "—";
  return `${utcStamp(date)} (${humanDuration(now.getTime() - date.getTime())} ago)`;
}

function text(value: string): string {
  return value === "" ? "—" : escapeMarkdown(value);
}

/** `/status`: the pipeline's state at a glance, as markdown. Pure: everything comes in as arguments. */
export function renderStatus(input: {
  view: ControlView;
  config: RepoConfig;
  now: Date;
  fileLink: string;
  controlPath: string;
  exists: boolean;
}): string {
  const { view, config, now } = input;
  const lines: string[] = [];
  if (!input.exists) lines.push(`⚠️ \`${input.controlPath}\` does not exist on the default branch; showing the runbook's defaults.`, "");
  if (view.enabled) {
    lines.push("**Batch processing: 🟢 enabled**");
  } else {
    lines.push("**Batch processing: 🛑 STOPPED**", "");
    lines.push(`- Why: ${text(view.reason)}`);
    lines.push(`- Who: ${view.disabledBy === "" ? "—" : escapeMarkdown(view.disabledBy)}`);
    lines.push(`- When: ${view.disabledAt === "" ? "—" : escapeMarkdown(view.disabledAt)}`);
    lines.push(`- Expected resume: ${text(view.expectedResume)}`);
    // An issue or pull request URL (what batch-ops writes) stays a link; anything else is shown inert.
    if (view.incidentUrl !== "") lines.push(`- Incident: ${ISSUE_URL.test(view.incidentUrl) ? view.incidentUrl : escapeMarkdown(view.incidentUrl)}`);
  }
  const disabled = takeWithin(view.disabledEcosystems.map(escapeMarkdown), 3_000, { separator: ", " });
  lines.push(
    "",
    `**Disabled ecosystems:** ${view.disabledEcosystems.length === 0 ? "none" : `${disabled.shown.join(", ")}${disabled.more > 0 ? `, … and ${count(disabled.more)} more` : ""}`}`,
  );

  const breakers = Object.entries(view.breakers).map(([eco, b]) => viewBreaker(eco, b, now));
  lines.push("", "**Circuit breakers**", "");
  if (breakers.length === 0) {
    lines.push("No breaker recorded yet.");
  } else {
    lines.push("| Ecosystem | State | Failures | Last failure | Recovery |", "|---|---|---:|---|---|");
    for (const b of breakers.slice(0, MAX_BREAKER_ROWS)) {
      lines.push(
        `| ${escapeMarkdown(b.ecosystem)} | ${STATE_LABEL[b.state] ?? b.state} | ${b.failures} | ${when(b.lastFailure, now)} | ${recovery(b)} |`,
      );
    }
    if (breakers.length > MAX_BREAKER_ROWS)
      lines.push("", `… and ${count(breakers.length - MAX_BREAKER_ROWS)} more breakers not shown (see the control file).`);
  }

  const budget = budgetUse(view, config.budget);
  lines.push("", "**Budget (this week)**", "");
  lines.push(`- macOS: ${budget.macosUsed} / ${budget.macosLimit} min (${percent(budget.macosFraction)})`);
  lines.push(`- Linux: ${budget.linuxUsed} / ${budget.linuxLimit} min (${percent(budget.linuxFraction)})`);
  lines.push(`- Sampling: ${budget.samplingActive ? "on" : "off"}`);
  lines.push(
    `- Week: ${budget.weekStart === "" ? "not started" : `from ${escapeMarkdown(budget.weekStart)}, resets ${budget.resetsAt ? utcStamp(budget.resetsAt) : "—"}`}`,
  );
  lines.push("", `[\`${input.controlPath}\` as read](${input.fileLink})`);
  return lines.join("\n");
}
