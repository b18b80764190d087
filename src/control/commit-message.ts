import type { EditOutcome } from "./edit.js";

type Changed = Extract<EditOutcome, { changed: true }>;

/**
 * The commit message for one control-file change: subject, blank line, `key: value` body lines, then the
 * audit trailer. The app (`ControlStore`) and the CLI both build their messages here, so they cannot drift.
 */
export function commitMessage(outcome: Pick<Changed, "subject" | "body">, audit: readonly string[]): string {
  return [outcome.subject, "", ...outcome.body, ...audit].join("\n");
}

/** Several changes folded into one commit, each keeping its own subject and audit trail. */
export function foldedCommitMessage(blocks: readonly string[]): string {
  return [`chore: update batch control (${blocks.length} changes)`, "", blocks.join("\n\n---\n\n")].join("\n");
}
