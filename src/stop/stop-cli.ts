import { NO_REASON, stopEcosystemsEdit } from "./stop-command.js";
import { stopAll } from "./stop-resume.js";
import { sanitizeReason } from "../util/sanitize.js";
import { parseUntil } from "../util/time.js";
import { flag, JSON_OPTION, stringOption, type CliCommand } from "../cli/command.js";
import { reportEdit } from "../cli/edit-report.js";
import { usageError } from "../cli/exit-codes.js";
import { cliAuditTrailer, requester } from "../cli/identity.js";
import { openClone } from "../cli/load.js";
import { applyControlEdit } from "../cli/local-commit.js";
import { localStopCheck, plainStopNote } from "./stop-note.js";
import { workflowsNote } from "./workflows-note.js";

export const stopCli: CliCommand = {
  name: "stop",
  summary: "Disable ecosystems, or stop all batch processing: edits the control file and makes one local commit.",
  usage: [
    "stop <ecosystem>… [--reason <text>] [--incident-url <url>] [--by <name>] [--json]",
    "stop all [--reason <text>] [--until <time|4h|2d>] [--incident-url <url>] [--by <name>] [--json]",
  ],
  options: {
    reason: { type: "string", value: "text", description: 'Why (one line; default "no reason given").' },
    until: { type: "string", value: "time", description: "stop all only: expected resume, ISO-8601 or a duration (30m, 4h, 2d, 1w)." },
    "incident-url": { type: "string", value: "url", description: "Link to the incident or alert (the app uses the issue the command was typed on)." },
    by: { type: "string", value: "name", description: "Who asks (default: git config user.name, then user.email)." },
    ...JSON_OPTION,
  },
  notes: [
    "Same edit and commit message as the app's /stop. The commit is local: push it yourself (the command is printed).",
    "Refused when the control file has uncommitted changes. Ecosystem names are case-insensitive; aliases apply (cargo → crates.io).",
    'Example: batch-ops stop homebrew --reason "upstream API outage" --incident-url https://github.com/o/r/issues/12',
  ],
  async run(parsed, ctx) {
    const [first, ...more] = parsed.positionals;
    if (first === undefined) throw usageError("name the ecosystems to stop, or `all`");
    const all = first.toLowerCase() === "all";
    if (all && more.length > 0) throw usageError("`stop all` takes no ecosystem names");
    const untilText = stringOption(parsed, "until");
    if (!all && untilText !== undefined) throw usageError("--until applies to `stop all` only");
    const until = untilText === undefined ? undefined : parseUntil(untilText, ctx.now);
    if (until && "error" in until) throw usageError(until.error.replace(/^until=/, "--until "));

    const clone = await openClone(parsed, ctx);
    const by = await requester(clone.ws.root, stringOption(parsed, "by"));
    const reasonText = stringOption(parsed, "reason") ?? "";
    const incidentUrl = sanitizeReason(stringOption(parsed, "incident-url") ?? "");
    const edit = all
      ? stopAll({ reason: sanitizeReason(reasonText) || NO_REASON, incidentUrl, by, ...(until ? { expectedResume: until.at } : {}) })
      : stopEcosystemsEdit(parsed.positionals, clone.config, { incidentUrl, by, reason: reasonText });
    const result = await applyControlEdit(clone.ws, clone.controlPath, edit, { now: ctx.now, audit: cliAuditTrailer(by), commit: true });
    const code = reportEdit(result, clone.controlPath, ctx, flag(parsed, "json"));
    if (result.kind !== "refused") {
      if (all) workflowsNote(clone.config.stop_workflows, "disable", ctx);
      // The app's warning when no workflow reads the field this stop set (checked on the clone's workflow files).
      for (const line of plainStopNote(await localStopCheck(clone.ws, clone.config), clone.config, all ? "enabled" : "disabled_ecosystems"))
        ctx.err(line);
    }
    return code;
  },
};
