import { z } from "zod";
import type { EcosystemNames } from "../control/ecosystems.js";
import { parseJsonBounded } from "../util/json-depth.js";
import { formatIssues } from "../util/zod-issues.js";
import { isSafeEcosystemKey } from "./outcomes.js";
import type { Outcome } from "./transitions.js";

export const RESULTS_ARTIFACT = "batch-results";
export const RESULTS_FILE = "batch-results.json";

const count = z.number().int().nonnegative();

/** The part of the orchestrator's `batch-results.json` the breakers need; other keys are ignored. */
const resultsSchema = z.looseObject({
  per_ecosystem: z.record(z.string(), z.looseObject({ total: count, succeeded: count, failed: count })),
});

export type ResultsParse = { ok: true; outcomes: Map<string, Outcome> } | { ok: false; error: string };

/**
 * `outcomes_from: artifact`: an ecosystem failed when `failed > 0 && succeeded == 0`, else it succeeded.
 * Names go through the aliases (`cargo` → `crates.io`); a key that is not a safe name is refused.
 */
export function outcomesFromResults(text: string, names: Pick<EcosystemNames, "resolve">): ResultsParse {
  const read = parseJsonBounded(text);
  if (!read.ok) return { ok: false, error: `${RESULTS_FILE} is ${read.error}` };
  const parsed = resultsSchema.safeParse(read.value);
  if (!parsed.success) return { ok: false, error: `${RESULTS_FILE}: ${formatIssues(parsed.error.issues).join("; ")}` };
  const outcomes = new Map<string, Outcome>();
  for (const [key, counts] of Object.entries(parsed.data.per_ecosystem)) {
    const ecosystem = names.resolve(key) ?? key;
    if (!isSafeEcosystemKey(ecosystem)) return { ok: false, error: `${RESULTS_FILE}: \`${key.slice(0, 64)}\` is not an ecosystem name` };
    const outcome: Outcome = counts.failed > 0 && counts.succeeded === 0 ? "failure" : "success";
    if (outcomes.get(ecosystem) !== "failure") outcomes.set(ecosystem, outcome);
  }
  return { ok: true, outcomes };
}
