import type { CliContext } from "../cli/command.js";

/**
 * The app's `/stop all` and `/resume all` also disable and enable `stop_workflows` through the Actions
 * API, which a clone cannot reach: say so, with the commands that do it.
 */
export function workflowsNote(workflows: readonly string[], action: "disable" | "enable", ctx: CliContext): void {
  if (workflows.length === 0) return;
  ctx.err(`The app would also ${action} ${workflows.join(", ")}; without it, run:`);
  for (const workflow of workflows) ctx.err(`  gh workflow ${action} ${workflow}`);
}
