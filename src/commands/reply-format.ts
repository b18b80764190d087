import { InvalidControlFileError, type ControlWriteOutcome } from "../services/control-store.js";
import { messageOf, statusOf } from "../github/types.js";
import { shortSha } from "../util/short-sha.js";
import type { CommandResult } from "./types.js";


/** Turns a control-file write outcome into this command's part of the reply. */
export function writeOutcomeResult(outcome: ControlWriteOutcome, controlPath: string): CommandResult {
  switch (outcome.kind) {
    case "committed": {
      const folded = outcome.foldedWith > 0 ? ` (folded with ${outcome.foldedWith} other waiting change${outcome.foldedWith === 1 ? "" : "s"})` : "";
      return {
        status: "done",
        text: `✅ ${capitalise(outcome.note)} in \`${controlPath}\`: commit [\`${shortSha(outcome.commit.sha)}\`](${outcome.commit.url})${folded}.`,
      };
    }
    case "unchanged":
      return { status: "unchanged", text: `👍 Nothing to change: ${outcome.note}. [Current \`${controlPath}\`](${outcome.fileUrl}).` };
    case "refused":
      return { status: "refused", text: `😕 ${outcome.note}. Nothing was changed.` };
  }
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A command that threw: say what happened and that nothing was half-written. */
export function failureResult(error: unknown, controlPath: string): CommandResult {
  if (error instanceof InvalidControlFileError) {
    const lines = error.errors.map((e) => `- ${e.replace(/`/g, "ˋ")}`).join("\n");
    return {
      status: "refused",
      text: `😕 \`${controlPath}\` is not valid, so it was not changed. Fix it by hand first:\n${lines}`,
    };
  }
  const status = statusOf(error);
  const detail = (status ? `GitHub answered ${status}: ` : "") + messageOf(error).replace(/[`\r\n]/g, " ").slice(0, 300);
  return { status: "failed", text: `❌ Failed: ${detail}. Nothing was written; run the command again.` };
}
