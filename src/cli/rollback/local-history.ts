import { isUnder, toSourceFiles, type BatchSource, type SourceFile } from "../../rollback/sources.js";
import { isBatchCommit } from "../../rollback/trailer.js";
import { git, runGit } from "../git.js";

const DAY_MS = 86_400_000;
const GIT_STATUS: Record<string, string> = { A: "added", M: "modified", D: "removed", R: "renamed", C: "copied", T: "changed" };

interface LoggedCommit {
  sha: string;
  parents: string[];
  at: string;
  message: string;
}

/** What was looked at, for the answer when nothing was found. */
export interface LocalSearch {
  phrase: string;
  /** Commits in any ref whose message mentions the phrase. */
  loose: number;
  /** Of those, commits with exactly that line that are not rollbacks. */
  exact: number;
}

function parseLog(out: string): LoggedCommit[] {
  return out
    .split("\x1e")
    .map((record) => record.replace(/^\n/, ""))
    .filter((record) => record !== "")
    .map((record) => {
      const [sha = "", parents = "", at = "", message = ""] = record.split("\x1f");
      return { sha, parents: parents.split(" ").filter((p) => p !== ""), at, message: message.replace(/\n$/, "") };
    });
}

/**
 * The files one commit changed, as git's raw diff against its first parent says (blob shas, renames
 * found), in the shape GitHub's file lists give the app, then through the app's own `toSourceFiles`.
 */
export async function commitSourceFiles(root: string, commit: Pick<LoggedCommit, "sha" | "parents">): Promise<SourceFile[]> {
  const against = commit.parents[0] ? [commit.parents[0], commit.sha] : ["--root", commit.sha];
  const raw = await git(root, ["diff-tree", "-r", "-z", "-M", "--no-commit-id", "--raw", ...against]);
  const fields = raw.split("\0");
  const changed: { path: string; status: string; blob: string | null; previousPath?: string }[] = [];
  for (let i = 0; i < fields.length - 1; ) {
    const meta = fields[i++]!;
    const match = /^:\d+ \d+ [0-9a-f]+ ([0-9a-f]+) ([A-Z])\d*$/.exec(meta);
    if (!match) break;
    const status = GIT_STATUS[match[2]!] ?? "unchanged";
    const first = fields[i++]!;
    const renamed = match[2] === "R" || match[2] === "C";
    const path = renamed ? fields[i++]! : first;
    changed.push({ path, status, blob: status === "removed" ? null : match[1]!, ...(renamed ? { previousPath: first } : {}) });
  }
  return toSourceFiles(changed);
}

/**
 * The commit on `base` that brought a batch commit's recipes in when the commit itself is not on it (a
 * squash merge drops the batch commit and its trailer): the oldest later commit that leaves one of its
 * recipe paths with exactly the blob the batch commit wrote.
 */
async function landingOf(root: string, base: string, commit: LoggedCommit, files: SourceFile[], dir: string): Promise<LoggedCommit | undefined> {
  const recipes = files.filter((f) => f.blob !== null && isUnder(f.path, dir));
  if (recipes.length === 0) return undefined;
  const since = new Date(Date.parse(commit.at) - DAY_MS).toISOString();
  const log = await git(root, ["log", "--format=%H%x1f%P%x1f%cI%x1f%x1e", "--reverse", `--since=${since}`, base, "--", ...recipes.map((f) => f.path)]);
  const wanted = new Map(recipes.map((f) => [f.path, f.blob]));
  for (const candidate of parseLog(log)) {
    const landed = await commitSourceFiles(root, candidate);
    if (landed.some((f) => f.blob !== null && wanted.get(f.path) === f.blob)) return candidate;
  }
  return undefined;
}

function subject(message: string): string {
  return message.split("\n")[0] ?? "";
}

/**
 * Everything batch `batchId` did, from local history in every ref (`git log --all`, like the runbook's
 * script), checked with the app's exact trailer match. A commit on `base` is its own landing; one that is
 * not (a `batch/*` branch, `refs/pull/*`) is merged only when its recipes reached `base` (see `landingOf`).
 */
export async function discoverLocalBatch(root: string, batchId: string, base: string, dir: string, webUrl: string | undefined): Promise<{ sources: BatchSource[]; search: LocalSearch }> {
  const phrase = `batch_id: ${batchId}`;
  const out = await git(root, ["log", "--all", "--fixed-strings", `--grep=${phrase}`, "--format=%H%x1f%P%x1f%cI%x1f%B%x1e"]);
  const loose = parseLog(out);
  const exact = loose.filter((c) => isBatchCommit(c.message, batchId));
  const sources: BatchSource[] = [];
  for (const commit of exact) {
    const files = await commitSourceFiles(root, commit);
    const onBase = (await runGit(root, ["merge-base", "--is-ancestor", commit.sha, base])).code === 0;
    const landing = onBase ? commit : await landingOf(root, base, commit, files, dir);
    sources.push({
      kind: "commit",
      key: commit.sha,
      url: webUrl ? `${webUrl}/commit/${commit.sha}` : commit.sha,
      title: subject(commit.message),
      merged: landing !== undefined,
      landingSha: landing?.sha ?? null,
      beforeSha: landing?.parents[0] ?? null,
      at: landing?.at ?? commit.at,
      files,
    });
  }
  return { sources, search: { phrase, loose: loose.length, exact: exact.length } };
}

/** `https://github.com/owner/repo` for an `origin` on github.com (ssh or https), for links; else undefined. */
export async function webUrlOf(root: string): Promise<string | undefined> {
  const run = await runGit(root, ["config", "--get", "remote.origin.url"]);
  if (run.code !== 0) return undefined;
  const match = /github\.com[:/]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(run.stdout.trim());
  return match ? `https://github.com/${match[1]}/${match[2]}` : undefined;
}
