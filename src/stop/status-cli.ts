import { renderStatus } from "./status-render.js";
import { breakerDecision, viewBreaker } from "../control/breaker-view.js";
import { budgetUse } from "../control/budget-use.js";
import { viewControl } from "../control/view.js";
import { utcStamp } from "../util/time.js";
import { flag, JSON_OPTION, type CliCommand } from "../cli/command.js";
import { usageError } from "../cli/exit-codes.js";
import { git } from "../cli/git.js";
import { openClone } from "../cli/load.js";
import { renderStatusText } from "./status-text.js";
import { readControl } from "../cli/workspace.js";

export const statusCli: CliCommand = {
  name: "status",
  summary: "Stop state, disabled ecosystems, breakers and budget: the app's /status, from the working tree or a commit.",
  usage: ["status [--ref <rev>] [--markdown | --json]"],
  options: {
    ref: { type: "string", value: "rev", description: "Read the control file and config as they are at this commit (e.g. origin/main)." },
    markdown: { type: "boolean", description: "Print exactly the markdown the app's /status replies with." },
    ...JSON_OPTION,
  },
  notes: ["Example: git fetch && batch-ops status --ref origin/main"],
  async run(parsed, ctx) {
    if (flag(parsed, "markdown") && flag(parsed, "json")) throw usageError("choose one of --markdown and --json");
    const clone = await openClone(parsed, ctx, { ref: true });
    const read = await readControl(clone.ws, clone.controlPath);
    const view = viewControl(read.control);
    const ref = clone.ws.ref;
    const sha = ref === undefined ? undefined : (await git(clone.ws.root, ["rev-parse", `${ref}^{commit}`])).trim();
    const source = ref === undefined ? "working tree" : `${ref} at ${sha!.slice(0, 7)}`;
    const exists = read.text !== null;

    if (flag(parsed, "markdown")) {
      ctx.out(renderStatus({ view, config: clone.config, now: ctx.now, fileLink: clone.controlPath, controlPath: clone.controlPath, exists }));
    } else if (flag(parsed, "json")) {
      const budget = budgetUse(view, clone.config.budget);
      const breakers = Object.entries(view.breakers).map(([ecosystem, b]) => {
        const bv = viewBreaker(ecosystem, b, ctx.now);
        return { ecosystem, ...b, check: breakerDecision(bv), due_for_half_open: bv.dueForHalfOpen };
      });
      ctx.out(
        JSON.stringify({
          file: clone.controlPath,
          ...(sha ? { ref, commit: sha } : {}),
          exists,
          now: utcStamp(ctx.now),
          enabled: view.enabled,
          disabled_ecosystems: view.disabledEcosystems,
          reason: view.reason,
          incident_url: view.incidentUrl,
          disabled_by: view.disabledBy,
          disabled_at: view.disabledAt,
          expected_resume: view.expectedResume,
          breakers,
          budget: { ...budget, resetsAt: budget.resetsAt ? utcStamp(budget.resetsAt) : null },
        }),
      );
    } else {
      ctx.out(renderStatusText({ view, config: clone.config, now: ctx.now, controlPath: clone.controlPath, exists, source }));
    }
    return 0;
  },
};
