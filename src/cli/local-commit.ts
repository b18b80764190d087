import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { serializeControlFile } from "../control/codec.js";
import { commitMessage } from "../control/commit-message.js";
import type { ControlEdit, EditOutcome } from "../control/edit.js";
import { CliError, EXIT, refusal, usageError } from "./exit-codes.js";
import { backoffDelay, sleep } from "../util/backoff.js";
import { casCommit, LOCAL_BACKOFF } from "./cas-commit.js";
import { git, GitError, runGit } from "./git.js";
import { controlFromText, readControl, readRepoText, type Workspace } from "./workspace.js";

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

/**
 * Refuses when the file has uncommitted changes (or is untracked): the commit must hold this change only.
 * Another batch-ops run committing in the same clone shows the file as changed for a moment (its commit
 * is in, its index entry or file not yet): only a change still there after a few looks is refused.
 */
export async function assertClean(ws: Workspace, path: string): Promise<void> {
  for (let look = 0; ; look++) {
    const status = await git(ws.root, ["status", "--porcelain=v1", "--untracked-files=all", "--", path]);
    if (status.trim() === "") return;
    if (look >= 2) throw refusal(`${path} has uncommitted changes; commit or discard them first (git diff -- ${path}). Nothing was changed.`);
    await sleep(100);
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

/** What a committed local change left: the commit, and the command to push it. */
export interface LocalCommit<T> {
  /** Null when `decide` found nothing to write (on the first read or after another commit). */
  commit: { sha: string; push: PushHint } | null;
  decision: T;
}

/**
 * One local commit holding only `path`, made as a compare-and-swap on HEAD (`casCommit`: a commit that
 * lands meanwhile is kept and the change decided again on top of it), then the index entry and the
 * working-tree file follow the commit. The caller checked the file was clean. Nothing is written to
 * the working tree or the index before the branch moved, so a failure leaves everything as it was.
 */
export async function commitFileChange<T>(
  ws: Workspace,
  path: string,
  decide: (text: string | null) => { change: { text: string; message: string } | null; decision: T },
): Promise<LocalCommit<T>> {
  let result;
  try {
    result = await casCommit(ws.root, path, (file) => decide(file.text));
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    throw new CliError(`the commit failed, and ${path} was put back as it was: ${error.message}`, EXIT.failed);
  }
  if (result.commit === null) return { commit: null, decision: result.decision };
  const { sha, blob, mode, text } = result.commit;
  await followCommit(ws, path, { before: result.base.text, after: text, blob, mode, sha });
  return { commit: { sha, push: await pushHint(ws.root) }, decision: result.decision };
}

/**
 * The index entry and the working-tree file catch up with a commit made without them. A working-tree
 * file someone changed meanwhile is left alone (it then shows as a change against the new commit).
 * The index may be locked for a moment by another git process: retried, then reported.
 */
async function followCommit(
  ws: Workspace,
  path: string,
  commit: { before: string | null; after: string; blob: string; mode: string; sha: string },
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const run = await runGit(ws.root, ["update-index", "--add", "--cacheinfo", `${commit.mode},${commit.blob},${path}`]);
    if (run.code === 0) break;
    if (attempt + 1 >= LOCAL_BACKOFF.attempts) {
      throw new CliError(
        `commit ${commit.sha.slice(0, 7)} was made, but the index could not be updated (${run.stderr.trim().split("\n")[0]}); run git reset -q -- ${path}`,
        EXIT.failed,
      );
    }
    await sleep(backoffDelay(attempt, LOCAL_BACKOFF));
  }
  const current = await readRepoText(ws, path).catch(() => undefined);
  if (current !== commit.before) return;
  // Replaced in one step (write aside, rename over): another run reading it never sees half a file.
  const file = join(ws.root, path);
  const aside = `${file}.batch-ops-${process.pid}`;
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(aside, commit.after, { mode: commit.mode === "100755" ? 0o755 : 0o644 });
    await rename(aside, file);
  } finally {
    await rm(aside, { force: true });
  }
}

/**
 * The CLI's `ControlStore.submit`: reads the control file, applies the same pure edit the app applies,
 * and writes it with the pipeline's serialisation; with `commit`, as one local commit holding only that
 * file, with the message the app builds (`commitMessage`), made as a compare-and-swap on HEAD.
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
  if (options.commit) return commitControlEdit(ws, path, edit, options);
  const outcome = edit(read.control, options.now);
  if (!outcome.changed) return { kind: outcome.refused ? "refused" : "unchanged", note: outcome.note };
  const text = serializeControlFile(outcome.next);
  if (text === read.text) return { kind: "unchanged", note: outcome.note };
  await writeFile(join(ws.root, path), text);
  return { kind: "written", note: outcome.note, subject: outcome.subject, message: commitMessage(outcome, options.audit) };
}

/** The edit decided on the file at HEAD (the same as the clean working tree), again after any commit that lands meanwhile. */
async function commitControlEdit(
  ws: Workspace,
  path: string,
  edit: ControlEdit,
  options: { now: Date; audit: readonly string[] },
): Promise<LocalEditResult> {
  const { commit, decision: outcome } = await commitFileChange<EditOutcome>(ws, path, (text) => {
    const outcome = edit(controlFromText(path, text).control, options.now);
    if (!outcome.changed) return { change: null, decision: outcome };
    return { change: { text: serializeControlFile(outcome.next), message: commitMessage(outcome, options.audit) }, decision: outcome };
  });
  if (!outcome.changed) return { kind: outcome.refused ? "refused" : "unchanged", note: outcome.note };
  if (commit === null) return { kind: "unchanged", note: outcome.note };
  return { kind: "committed", note: outcome.note, subject: outcome.subject, message: commitMessage(outcome, options.audit), ...commit };
}
