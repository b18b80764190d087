import { sanitizeReason } from "../util/sanitize.js";
import { tokenize } from "../commands/tokens.js";

export const DEFAULT_ROLLBACK_REASON = "manual rollback request";

export interface RollbackArgs {
  /** As typed; checked against the pattern by `checkBatchId`. */
  batchId: string;
  dryRun: boolean;
  /** One sanitised line; empty when none was given. */
  reason: string;
}

const DRY_RUN = new Set(["--dry-run", "--dryrun"]);

/** `/rollback <batch_id> [--dry-run] [reason…]`; the flag may stand anywhere after the command. */
export function parseRollbackArgs(args: string): RollbackArgs | { error: string } {
  const tokens = tokenize(args);
  const dryRun = tokens.some((t) => DRY_RUN.has(t.toLowerCase()));
  const rest = tokens.filter((t) => !DRY_RUN.has(t.toLowerCase()));
  const batchId = rest[0];
  if (batchId === undefined) return { error: "a batch id is required" };
  return { batchId, dryRun, reason: sanitizeReason(rest.slice(1).join(" ")) };
}
