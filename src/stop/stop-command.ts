import type { ControlEdit } from "../control/edit.js";
import { stopAll, stopEcosystems } from "./stop-resume.js";
import type { RepoConfig } from "../config/schema.js";
import { renderWorkflowReports, setWorkflowsState } from "./stop-workflows.js";
import { inlineCode, sanitizeReason } from "../util/sanitize.js";
import { parseUntil } from "../util/time.js";
import { auditTrailer } from "../commands/types.js";
import { ecosystemsOrRefusal } from "../commands/ecosystem-args.js";
import { failureResult, writeOutcomeResult } from "../commands/reply-format.js";
import { takeOptions, tokenize } from "../commands/tokens.js";
import { stopEffectLines } from "./stop-effect.js";
import { refused, type CommandDefinition, type CommandResult } from "../commands/types.js";

export const STOP_USAGE = "`/stop <ecosystem>… [reason]` or `/stop all [reason] [until=<time|4h|2d>]`";
export const NO_REASON = "no reason given";

export type StopPlan = { scope: "all"; reason: string; until?: Date } | { scope: "ecosystems"; tokens: string[] } | { error: string };

/** Pure parse of `/stop` arguments; ecosystems are resolved later against the file actually read. */
export function parseStop(args: string, now: Date): StopPlan {
  const { options, rest } = takeOptions(tokenize(args), ["until"]);
  const first = rest[0]?.toLowerCase();
  if (first === undefined || first === "all") {
    let until: Date | undefined;
    const untilText = options.get("until");
    if (untilText !== undefined) {
      const parsed = parseUntil(untilText, now, inlineCode(`until=${untilText}`, 80));
      if ("error" in parsed) return { error: parsed.error };
      until = parsed.at;
    }
    return { scope: "all", reason: sanitizeReason(rest.slice(1).join(" ")) || NO_REASON, ...(until ? { until } : {}) };
  }
  if (options.has("until")) return { error: "`until=` applies to `/stop all` only" };
  return { scope: "ecosystems", tokens: rest };
}

/**
 * The edit for `/stop <eco>…`: names resolve against config and the breakers in the file read. With
 * `ctx.reason` given apart (the CLI's `--reason`), every token must name an ecosystem.
 */
export function stopEcosystemsEdit(tokens: string[], config: RepoConfig, ctx: { incidentUrl: string; by: string; reason?: string }): ControlEdit {
  return (current, now) => {
    const resolved = ecosystemsOrRefusal(tokens, config, current, ctx.reason, { refuseFallback: true });
    if ("refusal" in resolved) return resolved.refusal;
    return stopEcosystems(resolved.ecosystems, { reason: resolved.reason || NO_REASON, incidentUrl: ctx.incidentUrl, by: ctx.by })(current, now);
  };
}

/** The warning when the stop may not take effect, after a reply that stopped (or found it stopped). */
function withStopNote(result: CommandResult, note: readonly string[]): CommandResult {
  if (note.length === 0 || result.status === "refused" || result.status === "failed") return result;
  return { ...result, text: `${result.text}\n\n${note.join("\n")}` };
}

export const stopCommand: CommandDefinition = {
  name: "stop",
  help: [
    {
      syntax: "/stop <ecosystem> [<ecosystem>…] [reason…]",
      description:
        'Disable one or more ecosystems (the runbook\'s "Disable a single ecosystem"): adds each to `disabled_ecosystems`, without duplicates. Commit `chore: disable <eco> batch processing`.',
      permission: "stop",
      examples: ["/stop homebrew upstream API outage", "/stop npm pypi rate limited"],
    },
    {
      syntax: "/stop all [reason…] [until=<ISO time | 4h | 2d>]  (or bare /stop)",
      description:
        'Emergency stop (the runbook\'s "Disable all"): `enabled=false`, `reason="Emergency stop: <reason>"`, `disabled_by`, `disabled_at`, `incident_url` (this issue) and `expected_resume` from `until=` (`2026-11-28T06:00Z`, `2026-11-28`, `30m`, `4h`, `2d`, `1w`; times without a zone are UTC); also disables `stop_workflows`. Commit `chore: emergency stop batch processing`.',
      permission: "stop",
      examples: ["/stop all validation bug in 2026-01-28 batch until=4h"],
    },
  ],
  permissionKey: () => "stop",
  foldable: () => true,
  async run(args, env) {
    const plan = parseStop(args, env.now);
    if ("error" in plan) return refused(`😕 ${plan.error}.\n\nUsage: ${STOP_USAGE}`);
    const path = env.config.control_file;
    if (plan.scope === "ecosystems") {
      const edit = stopEcosystemsEdit(plan.tokens, env.config, { incidentUrl: env.issueUrl, by: env.actor });
      // Read-only and in parallel: the commit stays the first write.
      const [outcome, note] = await Promise.all([
        env.store.submit(env.github, env.repo, path, { edit, audit: auditTrailer(env) }),
        stopEffectLines(env, "disabled_ecosystems"),
      ]);
      return withStopNote(writeOutcomeResult(outcome, path), note);
    }
    const edit = stopAll({ reason: plan.reason, incidentUrl: env.issueUrl, by: env.actor, ...(plan.until ? { expectedResume: plan.until } : {}) });
    // The workflows are disabled whatever becomes of the commit: a stop must take effect.
    const [result, workflows, note] = await Promise.all([
      env.store.submit(env.github, env.repo, path, { edit, audit: auditTrailer(env) }).then(
        (outcome) => writeOutcomeResult(outcome, path),
        (error: unknown) => failureResult(error, path),
      ),
      setWorkflowsState(env.github, env.repo, env.config.stop_workflows, "disabled"),
      stopEffectLines(env, "enabled"),
    ]);
    return withStopNote({ ...result, text: result.text + renderWorkflowReports(workflows) }, note);
  },
};
