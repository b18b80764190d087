import type { ControlEdit } from "../control/edit.js";
import { resumeAll, resumeEcosystems } from "./stop-resume.js";
import type { RepoConfig } from "../config/schema.js";
import { renderWorkflowReports, setWorkflowsState } from "./stop-workflows.js";
import { sanitizeReason } from "../util/sanitize.js";
import { auditTrailer } from "../commands/types.js";
import { ecosystemsOrRefusal } from "../commands/ecosystem-args.js";
import { writeOutcomeResult } from "../commands/reply-format.js";
import { tokenize } from "../commands/tokens.js";
import type { CommandDefinition } from "../commands/types.js";

export const RESUME_USAGE = "`/resume <ecosystem>… [reason]` or `/resume all [summary]`";

export const NO_RESUME_REASON = "manual resume";

export type ResumePlan = { scope: "all"; summary: string } | { scope: "ecosystems"; tokens: string[] };

export function parseResume(args: string): ResumePlan {
  const tokens = tokenize(args);
  const first = tokens[0]?.toLowerCase();
  if (first === undefined || first === "all") {
    return { scope: "all", summary: sanitizeReason(tokens.slice(1).join(" ")) || NO_RESUME_REASON };
  }
  return { scope: "ecosystems", tokens };
}

/** With `reasonApart` given (the CLI's `--reason`), every token must name an ecosystem. */
export function resumeEcosystemsEdit(tokens: string[], config: RepoConfig, reasonApart?: string): ControlEdit {
  return (current, now) => {
    const resolved = ecosystemsOrRefusal(tokens, config, current, reasonApart);
    if ("refusal" in resolved) return resolved.refusal;
    return resumeEcosystems(resolved.ecosystems, { reason: resolved.reason || NO_RESUME_REASON })(current, now);
  };
}

export const resumeCommand: CommandDefinition = {
  name: "resume",
  help: [
    {
      syntax: "/resume <ecosystem> [<ecosystem>…] [reason…]",
      description: "Re-enable ecosystems (removes them from `disabled_ecosystems`). Commit `chore: re-enable <eco> batch processing`.",
      permission: "resume",
      examples: ["/resume homebrew upstream recovered"],
    },
    {
      syntax: "/resume all [summary…]  (or bare /resume)",
      description:
        "Re-enable after resolution: `enabled=true`, stop fields emptied, `disabled_ecosystems=[]`; re-enables `stop_workflows`. Commit `chore: re-enable batch processing`.",
      permission: "resume",
      examples: ["/resume all fixed in #123"],
    },
  ],
  permissionKey: () => "resume",
  foldable: () => true,
  async run(args, env) {
    const plan = parseResume(args);
    const path = env.config.control_file;
    const edit = plan.scope === "all" ? resumeAll({ reason: plan.summary }) : resumeEcosystemsEdit(plan.tokens, env.config);
    const outcome = await env.store.submit(env.github, env.repo, path, { edit, audit: auditTrailer(env) });
    const result = writeOutcomeResult(outcome, path);
    if (plan.scope !== "all" || outcome.kind === "refused") {
      return result.status === "refused" ? { ...result, text: `${result.text}\n\nUsage: ${RESUME_USAGE}` } : result;
    }
    const workflows = await setWorkflowsState(env.github, env.repo, env.config.stop_workflows, "enabled");
    return { ...result, text: result.text + renderWorkflowReports(workflows) };
  },
};
