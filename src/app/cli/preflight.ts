import { viewControl } from "../../control/view.js";
import { validateQueue } from "../../seeding/queue-schema.js";
import { sanitizeReason } from "../../util/sanitize.js";
import { checkBreaker, resolveEcosystem, type BreakerCheck } from "../../breakers/breaker-check.js";
import { halfOpenEdit } from "../../breakers/breaker-edits.js";
import { flag, JSON_OPTION, stringOption, type CliCommand } from "../../cli/command.js";
import { usageError } from "../../cli/exit-codes.js";
import { openControlFailClosed } from "../../cli/fail-closed.js";
import { writeGithubOutput, type Outputs } from "../../cli/github-output.js";
import { cliAuditTrailer, requester } from "../../cli/identity.js";
import { applyControlEdit, type LocalEditResult } from "../../cli/local-commit.js";
import { APPLY_OPTIONS } from "../../breakers/breaker-cli.js";
import { checkFile, stopWarnings } from "./validate.js";

export interface Preflight {
  canProceed: boolean;
  disabledEcosystems: string[];
  /** Why not, in one line; empty when the batch may run. */
  reason: string;
  breaker?: BreakerCheck;
}

/** The gate: batch processing enabled, the ecosystem (if any) not disabled, and its breaker not skipping. */
export function preflightDecision(view: ReturnType<typeof viewControl>, typed: string | undefined, breaker: BreakerCheck | undefined): Preflight {
  const disabledEcosystems = view.disabledEcosystems;
  const base = { disabledEcosystems, ...(breaker ? { breaker } : {}) };
  if (!view.enabled)
    return { ...base, canProceed: false, reason: `batch processing is stopped: ${sanitizeReason(view.reason, 200) || "no reason recorded"}` };
  if (breaker && (disabledEcosystems.includes(breaker.ecosystem) || (typed !== undefined && disabledEcosystems.includes(typed)))) {
    return { ...base, canProceed: false, reason: `${sanitizeReason(breaker.ecosystem, 64)} is in disabled_ecosystems` };
  }
  if (breaker?.skip) return { ...base, canProceed: false, reason: `the ${sanitizeReason(breaker.ecosystem, 64)} circuit breaker is open` };
  return { ...base, canProceed: true, reason: "" };
}

export const preflightCli: CliCommand = {
  name: "preflight",
  summary: "The pipeline's pre-flight gate: can_proceed, disabled_ecosystems and the ecosystem's breaker decision, to stdout and $GITHUB_OUTPUT.",
  usage: ["preflight [--ecosystem <eco>] [--check-queue] [--apply [--commit]] [--json]"],
  options: {
    ecosystem: { type: "string", value: "eco", description: "Also check that this ecosystem is not disabled and its breaker does not skip." },
    "check-queue": {
      type: "boolean",
      description: "Also validate the priority queue (seeding.queue_file) as `validate` does; an invalid one cannot proceed.",
    },
    ...APPLY_OPTIONS,
    ...JSON_OPTION,
  },
  notes: [
    "Outputs, in this order: can_proceed=true|false, disabled_ecosystems=<JSON array>, then with --ecosystem skip=… and state=… (as `breaker` prints them), with --check-queue queue=valid|invalid|absent, then reason=<why not, or empty>.",
    "can_proceed is false when enabled=false, when the ecosystem is in disabled_ecosystems, or when its breaker skips.",
    "Exit status 0 whatever the decision. An unreadable or invalid control file or config exits 1, after writing can_proceed=false (and skip=true, state=unknown).",
  ],
  async run(parsed, ctx) {
    if (parsed.positionals.length > 0) throw usageError("preflight takes no arguments; use --ecosystem <eco>");
    if (flag(parsed, "commit") && !flag(parsed, "apply")) throw usageError("--commit needs --apply");
    const typed = stringOption(parsed, "ecosystem");
    if (flag(parsed, "apply") && typed === undefined) throw usageError("--apply needs --ecosystem");
    const json = flag(parsed, "json");
    const closed: Outputs = [
      ["can_proceed", "false"],
      ...(typed !== undefined
        ? ([
            ["skip", "true"],
            ["state", "unknown"],
          ] as const)
        : []),
      ["reason", "the control file or config cannot be read"],
    ];
    const { clone, read } = await openControlFailClosed(parsed, ctx, closed, { print: !json });

    const ecosystem = typed === undefined ? undefined : resolveEcosystem(typed, clone.config, read.control);
    const breaker = ecosystem === undefined ? undefined : checkBreaker(read.control, ecosystem, ctx.now);
    let decision = preflightDecision(viewControl(read.control), typed, breaker);
    const queue = flag(parsed, "check-queue") ? await checkFile(clone.ws, clone.config.seeding.queue_file, validateQueue) : undefined;
    if (queue?.status === "invalid" && decision.canProceed) {
      decision = {
        ...decision,
        canProceed: false,
        reason: `${queue.file} is invalid: ${sanitizeReason(queue.errors[0] ?? "", 200)} (${queue.errors.length} problem${queue.errors.length === 1 ? "" : "s"}; run batch-ops validate)`,
      };
    }
    const outputs: Outputs = [
      ["can_proceed", String(decision.canProceed)],
      ["disabled_ecosystems", JSON.stringify(decision.disabledEcosystems)],
      ...(breaker
        ? ([
            ["skip", String(breaker.skip)],
            ["state", breaker.state],
          ] as const)
        : []),
      ...(queue ? ([["queue", queue.status]] as const) : []),
      ["reason", decision.reason],
    ];
    writeGithubOutput(ctx.env.GITHUB_OUTPUT, outputs);
    if (!json) {
      for (const [name, value] of outputs) ctx.out(`${name}=${value}`);
      if (breaker?.annotation) ctx.out(breaker.annotation);
    }
    let applied: LocalEditResult | undefined;
    if (breaker?.due && flag(parsed, "apply")) {
      const commit = flag(parsed, "commit");
      const audit = commit ? cliAuditTrailer(await requester(clone.ws.root, stringOption(parsed, "by"))) : [];
      applied = await applyControlEdit(clone.ws, clone.controlPath, halfOpenEdit(breaker.ecosystem), { now: ctx.now, audit, commit });
    }
    const warnings = await stopWarnings(clone.ws, clone.config);
    if (json) {
      ctx.out(
        JSON.stringify({
          can_proceed: decision.canProceed,
          disabled_ecosystems: decision.disabledEcosystems,
          ...(breaker ? { ecosystem: breaker.ecosystem, skip: breaker.skip, state: breaker.state } : {}),
          ...(queue ? { queue: queue.status, queue_errors: queue.errors } : {}),
          reason: decision.reason,
          ...(applied ? { applied } : {}),
        }),
      );
    }
    // On stderr whatever the mode: the outputs stay exactly what a workflow parses.
    for (const line of warnings) ctx.err(line);
    if (!json && applied && applied.kind !== "unchanged" && applied.kind !== "refused") {
      ctx.err(
        `Moved ${breaker!.ecosystem} to half-open in ${clone.controlPath}${applied.kind === "committed" ? `: commit ${applied.sha.slice(0, 7)} (local only)` : " (written, not committed)"}.`,
      );
    }
    return 0;
  },
};
