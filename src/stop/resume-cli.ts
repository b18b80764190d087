import { NO_RESUME_REASON, resumeEcosystemsEdit } from "./resume-command.js";
import { resumeAll } from "./stop-resume.js";
import { sanitizeReason } from "../util/sanitize.js";
import { flag, JSON_OPTION, stringOption, type CliCommand } from "../cli/command.js";
import { reportEdit } from "../cli/edit-report.js";
import { usageError } from "../cli/exit-codes.js";
import { cliAuditTrailer, requester } from "../cli/identity.js";
import { openClone } from "../cli/load.js";
import { applyControlEdit } from "../cli/local-commit.js";
import { workflowsNote } from "./workflows-note.js";

export const resumeCli: CliCommand = {
  name: "resume",
  summary: "Re-enable ecosystems, or everything after resolution: edits the control file and makes one local commit.",
  usage: ["resume <ecosystem>… [--reason <text>] [--by <name>] [--json]", "resume all [--reason <summary>] [--by <name>] [--json]"],
  options: {
    reason: { type: "string", value: "text", description: 'Why, or the resolution summary (default "manual resume").' },
    by: { type: "string", value: "name", description: "Who asks (default: git config user.name, then user.email)." },
    ...JSON_OPTION,
  },
  notes: [
    "Same edit and commit message as the app's /resume. `resume all` sets enabled=true, empties every stop field and disabled_ecosystems.",
    'Example: batch-ops resume all --reason "fixed in #123"',
  ],
  async run(parsed, ctx) {
    const [first, ...more] = parsed.positionals;
    if (first === undefined) throw usageError("name the ecosystems to resume, or `all`");
    const all = first.toLowerCase() === "all";
    if (all && more.length > 0) throw usageError("`resume all` takes no ecosystem names");

    const clone = await openClone(parsed, ctx);
    const by = await requester(clone.ws.root, stringOption(parsed, "by"));
    const reasonText = stringOption(parsed, "reason") ?? "";
    const edit = all
      ? resumeAll({ reason: sanitizeReason(reasonText) || NO_RESUME_REASON })
      : resumeEcosystemsEdit(parsed.positionals, clone.config, reasonText);
    const result = await applyControlEdit(clone.ws, clone.controlPath, edit, { now: ctx.now, audit: cliAuditTrailer(by), commit: true });
    const code = reportEdit(result, clone.controlPath, ctx, flag(parsed, "json"));
    if (all && result.kind !== "refused") workflowsNote(clone.config.stop_workflows, "enable", ctx);
    return code;
  },
};
