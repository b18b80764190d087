/**
 * A commit belongs to batch `id` when one line of its message is exactly `batch_id: <id>` (trailing
 * white space and CR aside). Not a prefix or search match: `2026-02-04` is not `2026-02-04-homebrew`.
 */
export function hasBatchTrailer(message: string, id: string): boolean {
  const wanted = `batch_id: ${id}`;
  return message.split("\n").some((line) => line.trimEnd() === wanted);
}

/**
 * The app's own rollback commits (and their squash merges) carry `batch_id:` too; they are never part
 * of the batch. Recognised by the `rollback_reason:` line or the subject the app writes.
 */
export function isRollbackCommit(message: string): boolean {
  const lines = message.split("\n");
  const subject = lines[0]?.trim() ?? "";
  return /^(chore: rollback batch|rollback batch)\s/i.test(subject) || lines.some((line) => line.startsWith("rollback_reason:"));
}

/** The batch commits proper: the exact trailer, and not a rollback. */
export function isBatchCommit(message: string, id: string): boolean {
  return hasBatchTrailer(message, id) && !isRollbackCommit(message);
}

/** The value of a `key: value` line in a commit message, if present. */
export function trailerValue(message: string, key: string): string | undefined {
  const prefix = `${key}: `;
  const line = message.split("\n").find((l) => l.startsWith(prefix));
  return line?.slice(prefix.length).trim();
}
