import { flag, JSON_OPTION, stringOption, type CliCommand } from "../cli/command.js";
import { checkBreaker, resolveEcosystem } from "./breaker-check.js";
import { halfOpenEdit } from "./breaker-edits.js";
import { usageError } from "../cli/exit-codes.js";
import { openControlFailClosed } from "../cli/fail-closed.js";
import { writeGithubOutput, type Outputs } from "../cli/github-output.js";
import { cliAuditTrailer, requester } from "../cli/identity.js";
import { applyControlEdit, type LocalEditResult } from "../cli/local-commit.js";

export const APPLY_OPTIONS = {
  apply: { type: "boolean", description: "Write open → half-open into the control file when it is due, as the check script does." },
  commit: { type: "boolean", description: "With --apply: also make a local commit with the app's message (the file must be clean)." },
  by: { type: "string", value: "name", description: "With --commit: who asks (default: git config user.name, then user.email)." },
} as const;

export const breakerCli: CliCommand = {
  name: "breaker",
  summary: "The pipeline's breaker check for one ecosystem: prints skip= and state= and appends them to $GITHUB_OUTPUT.",
  usage: ["breaker <ecosystem> [--apply [--commit]] [--json]"],
  options: { ...APPLY_OPTIONS, ...JSON_OPTION },
  notes: [
    "Prints skip=… then state=… (the order scripts/check_breaker.sh really uses; the runbook shows the reverse), then the script's ::warning::/::notice:: line.",
    "Exit status 0 whatever the state: a breaker must not fail the job. Only an unreadable or invalid control file or config exits 1, after writing skip=true and state=unknown.",
    "Without --apply nothing is written; the decision is the same (a due breaker reads half-open).",
  ],
  async run(parsed, ctx) {
    const [typed, ...extra] = parsed.positionals;
    if (typed === undefined || extra.length > 0) throw usageError("name exactly one ecosystem");
    if (flag(parsed, "commit") && !flag(parsed, "apply")) throw usageError("--commit needs --apply");
    const closed: Outputs = [
      ["skip", "true"],
      ["state", "unknown"],
    ];
    const { clone, read } = await openControlFailClosed(parsed, ctx, closed, { print: !flag(parsed, "json") });
    const ecosystem = resolveEcosystem(typed, clone.config, read.control);
    const check = checkBreaker(read.control, ecosystem, ctx.now);

    // The decision is out before any write: a refused or failed --apply still leaves the job its outputs.
    const outputs: Outputs = [
      ["skip", String(check.skip)],
      ["state", check.state],
    ];
    writeGithubOutput(ctx.env.GITHUB_OUTPUT, outputs);
    const json = flag(parsed, "json");
    if (!json) {
      for (const [name, value] of outputs) ctx.out(`${name}=${value}`);
      if (check.annotation) ctx.out(check.annotation);
    }
    let applied: LocalEditResult | undefined;
    if (check.due && flag(parsed, "apply")) {
      const commit = flag(parsed, "commit");
      const audit = commit ? cliAuditTrailer(await requester(clone.ws.root, stringOption(parsed, "by"))) : [];
      applied = await applyControlEdit(clone.ws, clone.controlPath, halfOpenEdit(ecosystem), { now: ctx.now, audit, commit });
    }
    if (json) ctx.out(JSON.stringify({ ecosystem, skip: check.skip, state: check.state, due: check.due, ...(applied ? { applied } : {}) }));
    else if (applied?.kind === "committed")
      ctx.err(`Moved ${ecosystem} to half-open: commit ${applied.sha.slice(0, 7)} (local only). Push it with: ${applied.push.command}`);
    else if (applied?.kind === "written") ctx.err(`Moved ${ecosystem} to half-open in ${clone.controlPath} (written, not committed).`);
    return 0;
  },
};
