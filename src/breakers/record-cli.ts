import { isSafeEcosystemKey } from "./outcomes.js";
import { describeTransition, type Outcome, type Transition } from "./transitions.js";
import { ecosystemNames } from "../control/ecosystems.js";
import { sanitizeReason } from "../util/sanitize.js";
import { recordOutcomeEdit } from "./breaker-edits.js";
import { flag, JSON_OPTION, stringOption, type CliCommand } from "../cli/command.js";
import { reportEdit } from "../cli/edit-report.js";
import { refusal, usageError } from "../cli/exit-codes.js";
import { cliAuditTrailer, requester } from "../cli/identity.js";
import { openClone } from "../cli/load.js";
import { applyControlEdit } from "../cli/local-commit.js";
import { readControl } from "../cli/workspace.js";

const OUTCOMES = new Set<Outcome>(["success", "failure"]);

export const recordCli: CliCommand = {
  name: "record",
  summary: "Apply a run outcome to an ecosystem's breaker (the pipeline's update_breaker.sh step) with the app's transitions.",
  usage: ["record <ecosystem> success|failure [--commit] [--by <name>] [--json]"],
  options: {
    commit: { type: "boolean", description: "Also make a local commit with the app's message (the file must be clean)." },
    by: { type: "string", value: "name", description: "With --commit: who asks (default: git config user.name, then user.email)." },
    ...JSON_OPTION,
  },
  notes: [
    "Transitions: success → closed, failures 0; closed + failure → failures+1, last_failure=now, open at circuit_breaker.failure_threshold with opens_at=now+recovery_minutes; half-open + failure → open with a fresh opens_at; open + failure → unchanged. An open breaker past opens_at first moves to half-open, as in the app.",
    "Without --commit the file is only written, like update_breaker.sh, for the workflow's own commit step.",
  ],
  async run(parsed, ctx) {
    const [typed, outcomeText, ...extra] = parsed.positionals;
    if (typed === undefined || outcomeText === undefined || extra.length > 0) throw usageError("give an ecosystem and success or failure");
    const outcome = outcomeText.toLowerCase() as Outcome;
    if (!OUTCOMES.has(outcome)) throw usageError(`the outcome must be success or failure, not ${sanitizeReason(outcomeText, 40)}`);

    const clone = await openClone(parsed, ctx);
    const read = await readControl(clone.ws, clone.controlPath);
    const names = ecosystemNames(clone.config, read.control);
    const ecosystem = names.resolve(typed);
    if (ecosystem === undefined || !isSafeEcosystemKey(ecosystem)) {
      throw refusal(`Unknown ecosystem ${sanitizeReason(typed, 64)}. Known: ${names.known.join(", ")}. Nothing was changed.`);
    }
    const commit = flag(parsed, "commit");
    const audit = commit ? cliAuditTrailer(await requester(clone.ws.root, stringOption(parsed, "by"))) : [];
    const settings = {
      failureThreshold: clone.config.circuit_breaker.failure_threshold,
      recoveryMinutes: clone.config.circuit_breaker.recovery_minutes,
    };
    let transitions: Transition[] = [];
    const edit = recordOutcomeEdit(ecosystem, outcome, settings, (t) => (transitions = t));
    const result = await applyControlEdit(clone.ws, clone.controlPath, edit, { now: ctx.now, audit, commit });
    const json = flag(parsed, "json");
    if (!json) for (const t of transitions) ctx.out(`breaker: ${describeTransition(t)}`);
    return reportEdit(result, clone.controlPath, ctx, json, { ecosystem, outcome, transitions });
  },
};
