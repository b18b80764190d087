import { breakerDecision, viewBreaker } from "../control/breaker-view.js";
import type { Breaker } from "../control/schema.js";
import { escapeMarkdown } from "../util/sanitize.js";
import { humanDuration, utcStamp } from "../util/time.js";

/** Every breaker with what the pipeline's check would decide now (`state=… skip=…`), as a markdown table. */
export function breakerTable(breakers: Record<string, Breaker>, now: Date, highlight: readonly string[] = []): string {
  const rows = Object.entries(breakers);
  if (rows.length === 0) return "No breaker recorded yet.";
  const lines = ["| Ecosystem | State | Failures | Last failure | Opens at | Check now |", "|---|---|---:|---|---|---|"];
  for (const [ecosystem, breaker] of rows) {
    const view = viewBreaker(ecosystem, breaker, now);
    const decision = breakerDecision(view);
    const opens = view.opensAt ? `${utcStamp(view.opensAt)}${view.msToRecovery !== undefined ? ` (in ${humanDuration(view.msToRecovery)})` : ""}` : "—";
    const name = highlight.includes(ecosystem) ? `**${escapeMarkdown(ecosystem)}**` : escapeMarkdown(ecosystem);
    lines.push(
      `| ${name} | ${breaker.state} | ${breaker.failures} | ${view.lastFailure ? utcStamp(view.lastFailure) : "—"} | ${opens} | \`state=${decision.state} skip=${decision.skip}\` |`,
    );
  }
  return lines.join("\n");
}
