import { breakerDecision, viewBreaker } from "../control/breaker-view.js";
import { CLOSED } from "./transitions.js";
import type { RepoConfig } from "../config/schema.js";
import { ecosystemNames } from "../control/ecosystems.js";
import type { ControlFile } from "../control/schema.js";
import { sanitizeReason } from "../util/sanitize.js";
import { recordedBreaker } from "./breaker-edits.js";

export interface BreakerCheck {
  /** The key looked up: the canonical name when the typed one resolves (aliases apply), else as typed. */
  ecosystem: string;
  skip: boolean;
  state: "closed" | "open" | "half-open";
  /** An open breaker past `opens_at`: the check script writes half-open (`--apply` here). */
  due: boolean;
  /** The `::warning::`/`::notice::` line the check script prints, if any. */
  annotation?: string;
}

export function resolveEcosystem(typed: string, config: RepoConfig, control: ControlFile): string {
  return ecosystemNames(config, control).resolve(typed) ?? typed;
}

/**
 * What `scripts/check_breaker.sh` decides for one ecosystem now, through the app's `breakerDecision`:
 * no breaker is closed; open and waiting skips; open past `opens_at` (or unreadable) goes half-open;
 * open without `opens_at` keeps skipping; half-open lets one probe through.
 */
export function checkBreaker(control: ControlFile, ecosystem: string, now: Date): BreakerCheck {
  const breaker = recordedBreaker(control, ecosystem) ?? CLOSED;
  const view = viewBreaker(ecosystem, breaker, now);
  const decision = breakerDecision(view);
  const name = sanitizeReason(ecosystem, 64);
  let annotation: string | undefined;
  if (decision.state === "half-open") annotation = `::notice::Circuit breaker half-open for ${name} (probe request)`;
  else if (decision.skip) {
    const opensAt = typeof breaker.opens_at === "string" ? breaker.opens_at.trim() : "";
    annotation =
      opensAt === ""
        ? `::warning::Circuit breaker open for ${name} (no recovery time set)`
        : `::warning::Circuit breaker open for ${name} until ${sanitizeReason(opensAt, 64)}`;
  }
  return { ecosystem, skip: decision.skip, state: decision.state, due: view.dueForHalfOpen, ...(annotation ? { annotation } : {}) };
}
