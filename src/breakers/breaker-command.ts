import { breakerDecision, viewBreaker } from "../control/breaker-view.js";
import { ecosystemNames } from "../control/ecosystems.js";
import { refuse, type ControlEdit } from "../control/edit.js";
import { resetBreakerEdit } from "./recovery-edit.js";
import { CLOSED } from "./transitions.js";
import type { RepoConfig } from "../config/schema.js";
import type { ControlFile } from "../control/schema.js";
import { closeIncidentIssue } from "../incidents/incident-issues.js";
import { INCIDENT_LABEL } from "../incidents/issue-spec.js";
import { breakerTable } from "./breaker-table.js";
import { breakerIncidentKey } from "./run-incidents.js";
import { escapeMarkdown, escapeOutsideCode, inlineCode, sanitizeReason } from "../util/sanitize.js";
import { humanDuration, utcStamp } from "../util/time.js";
import { auditTrailer } from "../commands/types.js";
import { writeOutcomeResult } from "../commands/reply-format.js";
import { tokenize } from "../commands/tokens.js";
import { refused, type CommandDefinition, type CommandResult } from "../commands/types.js";

export const BREAKER_USAGE = "`/breaker [<ecosystem>]` or `/breaker reset <ecosystem> [reason]`";

export type BreakerPlan = { kind: "all" } | { kind: "show"; typed: string } | { kind: "reset"; typed: string; reason: string } | { error: string };

export function parseBreaker(args: string): BreakerPlan {
  const tokens = tokenize(args);
  const first = tokens[0];
  if (first === undefined) return { kind: "all" };
  if (first.toLowerCase() === "reset") {
    const typed = tokens[1];
    if (typed === undefined) return { error: "`/breaker reset` needs an ecosystem" };
    return { kind: "reset", typed, reason: sanitizeReason(tokens.slice(2).join(" ")) || "manual reset" };
  }
  if (tokens.length > 1) return { error: "`/breaker` takes one ecosystem" };
  return { kind: "show", typed: first };
}

function unknown(typed: string, known: readonly string[]): string {
  // Known names include every key of the control file's `circuit_breaker`: untrusted text, escaped
  // where the note becomes a reply (`escapeOutsideCode`).
  return `Unknown ecosystem ${inlineCode(typed, 64)}. Known: ${known.join(", ")}`;
}

/** `state=… skip=…` as the pipeline's check would decide now, with the breaker's details. Pure. */
export function renderBreaker(control: ControlFile, ecosystem: string, now: Date): string {
  const breakers = control.circuit_breaker ?? {};
  const recorded = Object.hasOwn(breakers, ecosystem) ? breakers[ecosystem] : undefined;
  const view = viewBreaker(ecosystem, recorded ?? CLOSED, now);
  const decision = breakerDecision(view);
  const lines = [`**${escapeMarkdown(ecosystem)}**: \`state=${decision.state} skip=${decision.skip}\``, ""];
  if (!recorded) lines.push("No breaker recorded: the check treats it as closed.");
  else {
    lines.push(`- Recorded state: ${recorded.state}, failures: ${recorded.failures}`);
    lines.push(`- Last failure: ${view.lastFailure ? utcStamp(view.lastFailure) : "—"}`);
    if (recorded.state === "open") {
      if (view.dueForHalfOpen)
        lines.push(`- Opens at: ${escapeMarkdown(String(recorded.opens_at))} (passed: the next check or scheduled tick moves it to half-open)`);
      else if (view.msToRecovery !== undefined) lines.push(`- Opens at: ${utcStamp(view.opensAt!)} (in ${humanDuration(view.msToRecovery)})`);
      else lines.push("- Opens at: not set, so it stays open until a success or `/breaker reset`");
    }
  }
  return lines.join("\n");
}

function resetEdit(typed: string, reason: string, config: RepoConfig): ControlEdit {
  return (current, now) => {
    const names = ecosystemNames(config, current);
    const ecosystem = names.resolve(typed);
    if (ecosystem === undefined) return refuse(unknown(typed, names.known));
    return resetBreakerEdit(ecosystem, reason)(current, now);
  };
}

export const breakerCommand: CommandDefinition = {
  name: "breaker",
  help: [
    {
      syntax: "/breaker [<ecosystem>]",
      description:
        "What the pipeline's breaker check decides now (`state=… skip=…`), with failures, last failure and `opens_at`; without an ecosystem, every breaker.",
      permission: "breaker",
      examples: ["/breaker homebrew"],
    },
    {
      syntax: "/breaker reset <ecosystem> [reason…]",
      description:
        "Close the ecosystem's breaker with `failures=0` (other keys kept; audited) and close its Medium incident issue. Commit `chore: reset <eco> circuit breaker [skip ci]`.",
      permission: "breaker reset",
      examples: ["/breaker reset homebrew upstream fixed"],
    },
  ],
  permissionKey: (args) => (tokenize(args)[0]?.toLowerCase() === "reset" ? "breaker reset" : "breaker"),
  foldable: (args) => tokenize(args)[0]?.toLowerCase() === "reset",
  async run(args, env): Promise<CommandResult> {
    const plan = parseBreaker(args);
    if ("error" in plan) return refused(`😕 ${plan.error}.\n\nUsage: ${BREAKER_USAGE}`);
    const path = env.config.control_file;
    if (plan.kind !== "reset") {
      const { control } = await env.store.read(env.github, env.repo, path);
      if (plan.kind === "all") return { status: "info", text: `**Circuit breakers**\n\n${breakerTable(control.circuit_breaker ?? {}, env.now)}` };
      const names = ecosystemNames(env.config, control);
      const ecosystem = names.resolve(plan.typed);
      if (ecosystem === undefined) return refused(`😕 ${escapeOutsideCode(unknown(plan.typed, names.known))}.`);
      return { status: "info", text: renderBreaker(control, ecosystem, env.now) };
    }
    let ecosystem: string | undefined;
    const edit: ControlEdit = (current, now) => {
      ecosystem = ecosystemNames(env.config, current).resolve(plan.typed);
      return resetEdit(plan.typed, plan.reason, env.config)(current, now);
    };
    const outcome = await env.store.submit(env.github, env.repo, path, { edit, audit: auditTrailer(env) });
    const result = writeOutcomeResult(outcome, path);
    if (outcome.kind !== "committed" || ecosystem === undefined) return result;
    try {
      const closed = await closeIncidentIssue(
        env.github,
        env.repo,
        { label: INCIDENT_LABEL, key: breakerIncidentKey(ecosystem) },
        `The ${escapeMarkdown(ecosystem)} circuit breaker was closed by @${env.actor} with \`/breaker reset\` (${env.commentUrl}). Closing.`,
      );
      return closed ? { ...result, text: `${result.text} Closed incident #${closed.number}.` } : result;
    } catch (error) {
      env.log.warn({ err: error }, "breaker reset committed, but its incident issue could not be closed");
      return { ...result, text: `${result.text} ⚠️ Its incident issue could not be closed.` };
    }
  },
};
