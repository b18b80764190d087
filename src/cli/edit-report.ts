import { capitalise } from "../commands/reply-format.js";
import type { CliContext } from "./command.js";
import { EXIT } from "./exit-codes.js";
import type { LocalEditResult } from "./local-commit.js";

/** Prints what became of a control-file edit (text or JSON) and returns the exit status. */
export function reportEdit(result: LocalEditResult, path: string, ctx: CliContext, json: boolean, extra: Record<string, unknown> = {}): number {
  const code = result.kind === "refused" ? EXIT.refused : EXIT.ok;
  if (json) {
    const { kind, ...rest } = result;
    ctx.out(JSON.stringify({ status: kind, file: path, ...rest, ...extra }));
    return code;
  }
  switch (result.kind) {
    case "committed":
      ctx.out(`${capitalise(result.note)} in ${path}: commit ${result.sha.slice(0, 7)} (local only, not pushed).`);
      ctx.out(`  ${result.subject}`);
      if (result.push.warning) ctx.err(`Note: ${result.push.warning}.`);
      ctx.out(`Push it with: ${result.push.command}`);
      break;
    case "written":
      ctx.out(`${capitalise(result.note)} in ${path} (written, not committed).`);
      break;
    case "unchanged":
      ctx.out(`Nothing to change: ${result.note}.`);
      break;
    case "refused":
      ctx.err(`Refused: ${result.note.replace(/`/g, "")}. Nothing was changed.`);
      break;
  }
  return code;
}
