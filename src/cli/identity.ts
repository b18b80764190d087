import { sanitizeReason } from "../util/sanitize.js";
import { refusal } from "./exit-codes.js";
import { runGit } from "./git.js";

/** The app's trailer names the commenter and links the comment; the CLI has no comment, so it says where it ran. */
export const CLI_VIA = "via: batch-ops cli";

/** The audit trailer of a CLI commit: `requested_by: <who>` then `via: batch-ops cli`. */
export function cliAuditTrailer(by: string): string[] {
  return [`requested_by: ${by}`, CLI_VIA];
}

async function gitConfig(root: string, key: string): Promise<string> {
  const run = await runGit(root, ["config", "--get", key]).catch(() => undefined);
  return run?.code === 0 ? run.stdout.trim() : "";
}

/** Who is asking: `--by`, else git's `user.name`, else `user.email`; one sanitised line, never empty. */
export async function requester(root: string, byFlag: string | undefined): Promise<string> {
  const candidates = byFlag !== undefined ? [byFlag] : [await gitConfig(root, "user.name"), await gitConfig(root, "user.email")];
  const by = candidates.map((c) => sanitizeReason(c, 100)).find((c) => c !== "");
  if (by === undefined) {
    throw refusal(
      byFlag !== undefined ? "--by must not be empty" : "cannot tell who you are: set `git config user.name` or pass --by <github-login>",
    );
  }
  return by;
}
