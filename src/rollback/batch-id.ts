import { matchesWhole } from "../util/linear-regex.js";
import { sanitizeReason } from "../util/sanitize.js";

export const MAX_BATCH_ID_LENGTH = 64;

/**
 * Whatever the configured pattern says, an id becomes a branch name (`rollback-batch-<id>`) and a
 * quoted search phrase, so it is always limited to these characters and this length.
 */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export type BatchIdCheck = { ok: true; id: string } | { ok: false; error: string };

/** Checks a typed batch id, before any API call: the safe character set, then the configured pattern (whole match). */
export function checkBatchId(text: string, pattern: string): BatchIdCheck {
  const shown = `\`${sanitizeReason(text, MAX_BATCH_ID_LENGTH + 1).replace(/`/g, "ˋ")}\``;
  if (text.length > MAX_BATCH_ID_LENGTH) return { ok: false, error: `${shown} is longer than ${MAX_BATCH_ID_LENGTH} characters` };
  if (!SAFE_ID.test(text) || text.includes("..") || text.endsWith(".") || text.endsWith(".lock")) {
    return { ok: false, error: `${shown} is not a batch id: use letters, digits, \`.\`, \`_\` and \`-\` only` };
  }
  // Length-capped above, and matched in linear time: no configured pattern can stall the process.
  if (!matchesWhole(pattern, text)) {
    return { ok: false, error: `${shown} does not match \`rollback.batch_id_pattern\` (\`${pattern.replace(/`/g, "ˋ")}\`)` };
  }
  return { ok: true, id: text };
}

/** The UTC day a date-based id (`2026-01-28`, `2026-01-28-001`, `2026-02-04-homebrew`) names, if it names one. */
export function batchDate(id: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?![0-9])/.exec(id);
  if (!match) return undefined;
  const at = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return at.toISOString().slice(0, 10) === match[0].slice(0, 10) ? at : undefined;
}

export function rollbackBranch(id: string): string {
  return `rollback-batch-${id}`;
}
