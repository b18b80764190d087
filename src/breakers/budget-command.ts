import { renderBudget } from "./budget-report.js";
import { samplingEdit } from "./sampling-edit.js";
import { startNewBudgetWeek } from "./budget-week.js";
import { inlineCode, sanitizeReason } from "../util/sanitize.js";
import { auditTrailer } from "../commands/types.js";
import { writeOutcomeResult } from "../commands/reply-format.js";
import { tokenize } from "../commands/tokens.js";
import { refused, type CommandDefinition, type CommandResult } from "../commands/types.js";

export const BUDGET_USAGE = "`/budget`, `/budget sampling on|off [reason]` or `/budget reset [reason]`";

export type BudgetPlan = { kind: "show" } | { kind: "sampling"; on: boolean; reason: string } | { kind: "reset"; reason: string } | { error: string };

export function parseBudget(args: string): BudgetPlan {
  const tokens = tokenize(args);
  const first = tokens[0]?.toLowerCase();
  if (first === undefined) return { kind: "show" };
  if (first === "sampling") {
    const value = tokens[1]?.toLowerCase();
    if (value !== "on" && value !== "off") return { error: "`/budget sampling` takes `on` or `off`" };
    return { kind: "sampling", on: value === "on", reason: sanitizeReason(tokens.slice(2).join(" ")) || "manual change" };
  }
  if (first === "reset") return { kind: "reset", reason: sanitizeReason(tokens.slice(1).join(" ")) || "manual reset" };
  return { error: `unknown \`/budget\` argument ${inlineCode(tokens[0]!, 40)}` };
}

export const budgetCommand: CommandDefinition = {
  name: "budget",
  help: [
    {
      syntax: "/budget",
      description:
        "This week's CI minutes per OS and per ecosystem, thresholds crossed, sampling, what the budget switched off, and when the week resets.",
      permission: "budget",
    },
    {
      syntax: "/budget sampling on|off [reason…]",
      description: "Set `budget.sampling_active`. Commit `chore: enable budget sampling` or `chore: disable budget sampling`.",
      permission: "budget sampling",
      examples: ["/budget sampling on heavy week"],
    },
    {
      syntax: "/budget reset [reason…]",
      description:
        "Start a new budget week now: minutes 0, sampling off, and what the budget disabled or paused re-enabled (never a person's stop); closes the budget issue. Commit `chore: reset budget for new week`.",
      permission: "budget reset",
      examples: ["/budget reset limits raised"],
    },
  ],
  permissionKey: (args) => {
    const first = tokenize(args)[0]?.toLowerCase();
    return first === "sampling" ? "budget sampling" : first === "reset" ? "budget reset" : "budget";
  },
  foldable: (args) => ["sampling", "reset"].includes(tokenize(args)[0]?.toLowerCase() ?? ""),
  async run(args, env): Promise<CommandResult> {
    const plan = parseBudget(args);
    if ("error" in plan) return refused(`😕 ${plan.error}.\n\nUsage: ${BUDGET_USAGE}`);
    const path = env.config.control_file;
    if (plan.kind === "show") {
      const snapshot = await env.store.read(env.github, env.repo, path);
      const missing = snapshot.exists ? "" : `⚠️ \`${path}\` does not exist on the default branch; showing the runbook's defaults.\n\n`;
      return { status: "info", text: `${missing}**Budget (this week)**\n\n${renderBudget(snapshot.control, env.config, env.now)}` };
    }
    if (plan.kind === "sampling") {
      const outcome = await env.store.submit(env.github, env.repo, path, { edit: samplingEdit(plan.on, plan.reason), audit: auditTrailer(env) });
      return writeOutcomeResult(outcome, path);
    }
    const { outcome } = await startNewBudgetWeek(env, { force: true, reason: plan.reason, audit: auditTrailer(env) });
    return writeOutcomeResult(outcome, path);
  },
};
