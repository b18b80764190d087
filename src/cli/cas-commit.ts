import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backoffDelay, sleep, type BackoffOptions } from "../util/backoff.js";
import { refusal } from "./exit-codes.js";
import { git, GitError, runGit } from "./git.js";

const ZERO = "0".repeat(40);
const REGULAR = new Set(["100644", "100755"]);

/** Local races are short (another git process committing in the same clone): small waits, a few tries. */
export const LOCAL_BACKOFF: BackoffOptions = { attempts: 6, baseMs: 50, maxMs: 1000 };

/** The file as the commit HEAD points at has it. */
export interface FileAtHead {
  /** The commit HEAD points at, or null on a branch with no commit yet. */
  head: string | null;
  /** Null when the file is not in that commit. */
  text: string | null;
  mode: string;
}

export interface LocalCasResult<T> {
  /** The commit made and the blob written, or null when `decide` found nothing to write. */
  commit: { sha: string; blob: string; mode: string; text: string } | null;
  /** What `decide` was given last. */
  base: FileAtHead;
  decision: T;
}

/** The commit HEAD points at, or null on a branch with no commit yet. */
async function headCommit(root: string): Promise<string | null> {
  const rev = await runGit(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]);
  return rev.code === 0 ? rev.stdout.trim() : null;
}

/** HEAD's commit and the file in it; a path that is not a regular file there is refused. */
export async function readAtHead(root: string, path: string): Promise<FileAtHead> {
  const head = await headCommit(root);
  if (head === null) return { head, text: null, mode: "100644" };
  const listed = await git(root, ["ls-tree", "-z", "--full-tree", head, "--", path]);
  const entry = listed.split("\0").find((e) => e.endsWith(`\t${path}`));
  if (entry === undefined) return { head, text: null, mode: "100644" };
  const [mode, type, blob] = entry.slice(0, entry.indexOf("\t")).split(" ");
  if (type !== "blob" || !REGULAR.has(mode!))
    throw refusal(`${path} is not a regular file in ${head.slice(0, 7)}; batch-ops writes only regular files. Nothing was changed.`);
  return { head, text: await git(root, ["cat-file", "blob", blob!]), mode: mode! };
}

/** One commit on `parent` (none on an unborn branch) that changes only `path`, made without touching the index or the working tree. */
async function commitOnto(
  root: string,
  base: FileAtHead,
  path: string,
  change: { text: string; message: string },
): Promise<{ sha: string; blob: string }> {
  const blob = (await git(root, ["hash-object", "-w", "--stdin"], { input: change.text })).trim();
  const scratch = await mkdtemp(join(tmpdir(), "batch-ops-commit-"));
  const env = { GIT_INDEX_FILE: join(scratch, "index") };
  try {
    await git(root, base.head === null ? ["read-tree", "--empty"] : ["read-tree", base.head], { env });
    await git(root, ["update-index", "--add", "--cacheinfo", `${base.mode},${blob},${path}`], { env });
    const tree = (await git(root, ["write-tree"], { env })).trim();
    // commit-tree ignores commit.gpgSign (git commit honours it), so it is passed on; the message is used verbatim.
    const sign = (await runGit(root, ["config", "--bool", "commit.gpgSign"])).stdout.trim() === "true";
    const parents = base.head === null ? [] : ["-p", base.head];
    const sha = (await git(root, ["commit-tree", tree, ...parents, ...(sign ? ["-S"] : []), "-F", "-"], { input: change.message })).trim();
    return { sha, blob };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The CLI's compare-and-swap commit, like the app's `casUpdate`: read the file at HEAD, decide, build the
 * commit on that HEAD, and move the branch only if it still points there (`git update-ref HEAD <new>
 * <old>`). Another process committing in the same clone meanwhile (a second CLI run, the pipeline's job,
 * a person) makes the ref update fail: the file is then read again at the new HEAD and decided again,
 * with a short jittered backoff, so its commit is kept and nothing is lost. A failure with HEAD where it
 * was is retried once (a lock held for a moment); a second one is a real failure and is thrown.
 * `decide` must be pure; it may throw to stop without writing. The index and working tree are not touched.
 */
export async function casCommit<T>(
  root: string,
  path: string,
  decide: (file: FileAtHead) => { change: { text: string; message: string } | null; decision: T },
  backoff: BackoffOptions = LOCAL_BACKOFF,
): Promise<LocalCasResult<T>> {
  let failedWithHeadAt: string | null | undefined;
  for (let attempt = 0; ; attempt++) {
    const base = await readAtHead(root, path);
    const { change, decision } = decide(base);
    if (change === null || change.text === base.text) return { commit: null, base, decision };
    const made = await commitOnto(root, base, path, change);
    const subject = change.message.split("\n")[0] ?? "";
    const moved = await runGit(root, ["update-ref", "-m", `commit: ${subject}`, "HEAD", made.sha, base.head ?? ZERO]);
    if (moved.code === 0) return { commit: { ...made, mode: base.mode, text: change.text }, base, decision };
    const stillThere = (await headCommit(root)) === base.head;
    if ((stillThere && failedWithHeadAt === base.head) || attempt + 1 >= backoff.attempts) {
      throw new GitError(["update-ref", "HEAD"], moved.code, stillThere ? moved.stderr : `HEAD kept moving: gave up after ${attempt + 1} attempts`);
    }
    if (stillThere) failedWithHeadAt = base.head;
    await (backoff.sleep ?? sleep)(backoffDelay(attempt, backoff));
  }
}
