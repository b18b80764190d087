import type { CliContext, ParsedCommand } from "./command.js";
import { writeGithubOutput, type Outputs } from "./github-output.js";
import { openClone, type Clone } from "./load.js";
import { readControl, type ControlRead } from "./workspace.js";

/**
 * Runs a gate's reading; when the control file or config cannot be read or is invalid, first writes
 * outputs that stop the gated job (skip=true, can_proceed=false) and then fails, so neither a missing
 * output nor `continue-on-error` can let a batch through on a broken file.
 */
export async function failClosed<T>(ctx: CliContext, closed: Outputs, read: () => Promise<T>, options: { print: boolean }): Promise<T> {
  try {
    return await read();
  } catch (error) {
    writeGithubOutput(ctx.env.GITHUB_OUTPUT, closed);
    if (options.print) for (const [name, value] of closed) ctx.out(`${name}=${value}`);
    throw error;
  }
}

/** A gate's usual reading, fail-closed: the clone and its control file. */
export async function openControlFailClosed(
  parsed: ParsedCommand,
  ctx: CliContext,
  closed: Outputs,
  options: { print: boolean },
): Promise<{ clone: Clone; read: ControlRead }> {
  return failClosed(
    ctx,
    closed,
    async () => {
      const clone = await openClone(parsed, ctx);
      return { clone, read: await readControl(clone.ws, clone.controlPath) };
    },
    options,
  );
}
