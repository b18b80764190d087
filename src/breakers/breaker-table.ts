import { breakerDecision, viewBreaker } from "../control/breaker-view.js";
import type { Breaker } from "../control/schema.js";
import { count } from "../util/bounded-list.js";
import { escapeMarkdown } from "../util/sanitize.js";
import { humanDuration, utcStamp } from "../util/time.js";

/** Rows shown: the control file may hold any number of breakers, an issue body at most 65,536 characters. */
export const MAX_BREAKER_ROWS = 100;

/**
 * Every breaker (highlighted ones first when there are too many to show) with what the pipeline's
 * check would decide now (`state=… skip=…`), as a markdown table.
 */
export function breakerTable(breakers: Record<string, Breaker>, now: Date, highlight: readonly string[] = []): string {
  const all = Object.entries(breakers);
  if (all.length === 0) return "No breaker recorded yet.";
  const rows =
    all.length <= MAX_BREAKER_ROWS
      ? all
      : [...all.filter(([e]) => highlight.includes(e)), ...all.filter(([e]) => !highlight.includes(e))].slice(0, MAX_BREAKER_ROWS);
  const lines = ["| Ecosystem | State | Failures | Last failure | Opens at | Check now |", "|---|---|---:|---|---|---|"];
  for (const [ecosystem, breaker] of rows) {
    const view = viewBreaker(ecosystem, breaker, now);
    const decision = breakerDecision(view);
    const opens = view.opensAt
      ? `${utcStamp(view.opensAt)}${view.msToRecovery !== undefined ? ` (in ${humanDuration(view.msToRecovery)})` : ""}`
      : "—";
    const name = highlight.includes(ecosystem) ? `**${escapeMarkdown(ecosystem)}**` : escapeMarkdown(ecosystem);
    lines.push(
      `| ${name} | ${breaker.state} | ${breaker.failures} | ${view.lastFailure ? utcStamp(view.lastFailure) : "—"} | ${opens} | \`state=${decision.state} skip=${decision.skip}\` |`,
    );
  }
  if (all.length > rows.length) lines.push("", `… and ${count(all.length - rows.length)} more breakers not shown (see the control file).`);
  return lines.join("\n");
}
