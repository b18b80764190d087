import { InvalidControlFileError, type ControlWriteOutcome } from "../control/store.js";
import { messageOf, statusOf } from "../core/github.js";
import { shortSha } from "../core/github.js";
import type { CommandResult } from "./types.js";
import { escapeOutsideCode, inlineCode, neutralise } from "../util/sanitize.js";

/** Turns a control-file write outcome into this command's part of the reply. */
export function writeOutcomeResult(outcome: ControlWriteOutcome, controlPath: string): CommandResult {
  // Notes name ecosystems from config and the control file, and quote typed text as inline code.
  const note = escapeOutsideCode(outcome.note);
  const file = inlineCode(controlPath);
  switch (outcome.kind) {
    case "committed": {
      const folded = outcome.foldedWith > 0 ? ` (folded with ${outcome.foldedWith} other waiting change${outcome.foldedWith === 1 ? "" : "s"})` : "";
      return {
        status: "done",
        text: `✅ ${capitalise(note)} in ${file}: commit [\`${shortSha(outcome.commit.sha)}\`](${outcome.commit.url})${folded}.`,
      };
    }
    case "unchanged":
      return { status: "unchanged", text: `👍 Nothing to change: ${note}. [Current ${file}](${outcome.fileUrl}).` };
    case "refused":
      return { status: "refused", text: `😕 ${note}. Nothing was changed.` };
  }
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A command that threw: say what happened and that nothing was half-written. */
export function failureResult(error: unknown, controlPath: string): CommandResult {
  if (error instanceof InvalidControlFileError) {
    const lines = error.errors.map((e) => `- ${neutralise(e)}`).join("\n");
    return {
      status: "refused",
      text: `😕 ${inlineCode(controlPath)} is not valid, so it was not changed. Fix it by hand first:\n${lines}`,
    };
  }
  const status = statusOf(error);
  const detail =
    (status ? `GitHub answered ${status}: ` : "") +
    neutralise(
      messageOf(error)
        .replace(/[\r\n]/g, " ")
        .slice(0, 300),
    );
  return { status: "failed", text: `❌ Failed: ${detail}. Nothing was written; run the command again.` };
}
