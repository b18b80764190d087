/**
 * The CLI's exit statuses, documented in the README. `breaker` and `preflight` exit 0 whatever the
 * decision: a workflow gates on their outputs, not on their status.
 */
export const EXIT = {
  /** Done, nothing to change, or a read-only answer. */
  ok: 0,
  /** Refused or invalid: an unknown ecosystem, a dirty or invalid file, `validate` found problems. Nothing was written. */
  refused: 1,
  /** The command line itself is wrong (unknown option, missing argument). Nothing was read. */
  usage: 2,
  /** Git or the file system failed. Whatever was written has been put back. */
  failed: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A problem that ends the command with a message and an exit status (never a stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: ExitCode,
    /** Extra lines printed after the message (validation errors, usage). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = "CliError";
  }
}

export const usageError = (message: string, details: readonly string[] = []) => new CliError(message, EXIT.usage, details);
export const refusal = (message: string, details: readonly string[] = []) => new CliError(message, EXIT.refused, details);
