import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { serializeControlFile } from "../control/codec.js";
import { commitMessage } from "../control/commit-message.js";
import type { ControlEdit } from "../control/edit.js";
import { CliError, EXIT, refusal, usageError } from "./exit-codes.js";
import { git, GitError, runGit } from "./git.js";
import { readControl, type Workspace } from "./workspace.js";

export type LocalEditResult =
  | { kind: "committed"; note: string; subject: string; message: string; sha: string; push: PushHint }
  | { kind: "written"; note: string; subject: string; message: string }
  | { kind: "unchanged"; note: string }
  | { kind: "refused"; note: string };

export interface PushHint {
  command: string;
  /** Set when the commit is not on the branch the pipeline reads. */
  warning?: string;
}

/** Refuses when the file has uncommitted changes (or is untracked): the commit must hold this change only. */
export async function assertClean(ws: Workspace, path: string): Promise<void> {
  const status = await git(ws.root, ["status", "--porcelain=v1", "--untracked-files=all", "--", path]);
  if (status.trim() !== "") {
    throw refusal(`${path} has uncommitted changes; commit or discard them first (git diff -- ${path}). Nothing was changed.`);
  }
}

async function configValue(root: string, key: string): Promise<string | undefined> {
  const run = await runGit(root, ["config", "--get", key]);
  return run.code === 0 ? run.stdout.trim() : undefined;
}

/** `git push <remote> HEAD:<branch>` for the current branch's upstream, or its own name. Never run. */
export async function pushHint(root: string): Promise<PushHint> {
  const branchRun = await runGit(root, ["symbolic-ref", "--quiet", "--short", "HEAD"]);
  const branch = branchRun.code === 0 ? branchRun.stdout.trim() : undefined;
  const remotes = (await git(root, ["remote"])).split("\n").filter((r) => r !== "");
  const remote = (branch && (await configValue(root, `branch.${branch}.remote`))) || (remotes.includes("origin") ? "origin" : remotes[0]);
  if (remote === undefined) return { command: "git remote add origin <url> && git push origin HEAD", warning: "this clone has no remote" };
  const merge = branch ? await configValue(root, `branch.${branch}.merge`) : undefined;
  const target = merge?.replace(/^refs\/heads\//, "") ?? branch;
  const remoteHead = await runGit(root, ["symbolic-ref", "--quiet", "--short", `refs/remotes/${remote}/HEAD`]);
  const defaultBranch = remoteHead.code === 0 ? remoteHead.stdout.trim().slice(remote.length + 1) : undefined;
  const command = target === undefined ? `git push ${remote} HEAD:<branch>` : `git push ${remote} HEAD:${target}`;
  const warning =
    defaultBranch !== undefined && target !== defaultBranch
      ? `the pipeline reads ${defaultBranch}, and this commit is for ${target ?? "a detached HEAD"}`
      : undefined;
  return { command, ...(warning ? { warning } : {}) };
}

/**
 * The CLI's `ControlStore.submit`: reads the control file from the working tree, applies the same pure
 * edit the app applies, writes it with the pipeline's serialisation and, with `commit`, makes one local
 * commit holding only that file, with the message the app builds (`commitMessage`). On a git failure the
 * file is put back as it was.
 */
export async function applyControlEdit(
  ws: Workspace,
  path: string,
  edit: ControlEdit,
  options: { now: Date; audit: readonly string[]; commit: boolean },
): Promise<LocalEditResult> {
  if (ws.ref !== undefined) throw usageError("--ref reads an old commit; a change is always made on the working tree");
  if (options.commit && !ws.isGit) throw usageError(`${ws.root} is not a git clone, so nothing can be committed`);
  if (options.commit) await assertClean(ws, path);
  const read = await readControl(ws, path);
  const outcome = edit(read.control, options.now);
  if (!outcome.changed) return { kind: outcome.refused ? "refused" : "unchanged", note: outcome.note };
  const text = serializeControlFile(outcome.next);
  if (text === read.text) return { kind: "unchanged", note: outcome.note };
  const message = commitMessage(outcome, options.audit);
  if (!options.commit) {
    await writeFile(join(ws.root, path), text);
    return { kind: "written", note: outcome.note, subject: outcome.subject, message };
  }
  const committed = await writeAndCommit(ws, path, { before: read.text, after: text, message });
  return { kind: "committed", note: outcome.note, subject: outcome.subject, message, ...committed };
}

/**
 * Writes `after` and makes one local commit holding only that file, with exactly `message` (the caller
 * checked the file was clean). On a git failure the file and the index entry are put back as they were.
 */
export async function writeAndCommit(ws: Workspace, path: string, change: { before: string | null; after: string; message: string }): Promise<{ sha: string; push: PushHint }> {
  const file = join(ws.root, path);
  await writeFile(file, change.after);
  try {
    await git(ws.root, ["add", "--", path]);
    // verbatim: git would otherwise strip the trailing space of an empty `incident_url: `; hooks are
    // skipped because a commit-msg hook could rewrite the message the app would have written.
    await git(ws.root, ["commit", "--quiet", "--no-verify", "--cleanup=verbatim", "--only", "-F", "-", "--", path], { input: change.message });
    const sha = (await git(ws.root, ["rev-parse", "HEAD"])).trim();
    return { sha, push: await pushHint(ws.root) };
  } catch (error) {
    if (change.before === null) await rm(file, { force: true });
    else await writeFile(file, change.before);
    await runGit(ws.root, ["reset", "--quiet", "--", path]).catch(() => undefined);
    const detail = error instanceof GitError ? error.message : String(error);
    throw new CliError(`the commit failed, and ${path} was put back as it was: ${detail}`, EXIT.failed);
  }
}
