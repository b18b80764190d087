import { isUnder, toSourceFiles, type BatchSource, type SourceFile } from "./sources.js";
import { isBatchCommit } from "./trailer.js";
import { git, runGit } from "../cli/git.js";
import {
  BaseLine,
  hasPullRefs,
  isAncestor,
  pullHeadsContaining,
  pullNamedBy,
  type BaseCommit,
  type LandingVia,
  type PullHead,
} from "./local-landing.js";

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
  /** The clone has pull-request refs (`refs/pull/N/head` or `refs/remotes/<remote>/pr/N`). */
  pullRefs: boolean;
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
 * What changed between two commits (or what `to` changed against its first parent), as git's raw diff
 * says (blob shas, renames found), in the shape GitHub's file lists give the app, then through the
 * app's own `toSourceFiles`.
 */
async function diffSourceFiles(root: string, from: string | null, to: string): Promise<SourceFile[]> {
  const against = from ? [from, to] : ["--root", to];
  const raw = await git(root, ["diff-tree", "-r", "-z", "-M", "--no-commit-id", "--raw", ...against]);
  const fields = raw.split("\0");
  const changed: { path: string; status: string; blob: string | null; previousPath?: string }[] = [];
  for (let i = 0; i < fields.length - 1;) {
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

/** The files one commit changed against its first parent. */
export async function commitSourceFiles(root: string, commit: Pick<LoggedCommit, "sha" | "parents">): Promise<SourceFile[]> {
  return diffSourceFiles(root, commit.parents[0] ?? null, commit.sha);
}

/** Blob shas of `paths` at a commit (absent paths are missing from the map). */
async function blobsAt(root: string, commit: string, paths: readonly string[]): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  if (paths.length === 0) return blobs;
  const out = await git(root, ["ls-tree", "-r", "-z", "--full-tree", commit, "--", ...paths]);
  for (const record of out.split("\0")) {
    const match = /^\d+ blob ([0-9a-f]+)\t([\s\S]+)$/.exec(record);
    if (match) blobs.set(match[2]!, match[1]!);
  }
  return blobs;
}

/** Where a batch commit's content reached the base branch, and the branch tip that carried it there. */
interface Landing {
  commit: BaseCommit;
  via: LandingVia;
  /** The pull request it landed through, when known. */
  pull?: number;
  /** The last commit of the work that landed (the pull request's head with its fix-ups, or the merged branch). */
  tip: string;
}

/**
 * Decides "merged" from the pull request, not from the batch commit's own blobs, which maintainers'
 * fix-up commits may have changed before the merge:
 * 1. the commit is on the base branch: itself (first-parent line) or the merge that brought it in;
 * 2. a pull request whose head contains it was squash-merged: the base commit whose subject ends `(#N)`;
 * 3. otherwise (no `(#N)` in the subject, or no pull-request refs fetched): the oldest later base commit
 *    that wrote the content of the pull request's head (else the commit's own) to one of its recipe
 *    paths, never one whose subject names another pull request.
 */
async function landingOf(
  root: string,
  line: BaseLine,
  commit: LoggedCommit,
  files: SourceFile[],
  pulls: PullHead[],
  dir: string,
): Promise<Landing | undefined> {
  if (line.isOnLine(commit.sha)) return { commit: line.get(commit.sha)!, via: "self", tip: commit.sha };
  if (await isAncestor(root, commit.sha, line.baseSha)) {
    const merge = await line.bringing(commit.sha);
    if (merge) {
      let tip = commit.sha;
      for (const parent of merge.parents.slice(1)) if (await isAncestor(root, commit.sha, parent)) tip = parent;
      const pull = pullNamedBy(merge.subject);
      return { commit: merge, via: "merge", tip, ...(pull !== undefined ? { pull } : {}) };
    }
  }
  const since = Date.parse(commit.at) - DAY_MS;
  const squashes = pulls
    .flatMap((pull) =>
      line
        .namingPull(pull.number)
        .filter((c) => Date.parse(c.at) >= since)
        .map((c) => ({ pull, c })),
    )
    .sort((a, b) => a.c.at.localeCompare(b.c.at));
  const squash = squashes[0];
  if (squash) return { commit: squash.c, via: "squash", pull: squash.pull.number, tip: squash.pull.sha };

  const ours = new Set(pulls.map((p) => p.number));
  const tips: { sha: string; pull?: number }[] = [...pulls.map((p) => ({ sha: p.sha, pull: p.number })), { sha: commit.sha }];
  for (const tip of tips) {
    const paths = await carriedPaths(root, commit, files, tip.sha);
    const recipes = paths.filter((p) => isUnder(p, dir));
    if (recipes.length === 0) continue;
    const wanted = await blobsAt(root, tip.sha, recipes);
    if (wanted.size === 0) continue;
    const log = await git(root, [
      "log",
      "--first-parent",
      "--reverse",
      "--format=%H%x1f%P%x1f%cI%x1f%s%x1e",
      `--since=${new Date(since).toISOString()}`,
      line.baseSha,
      "--",
      ...wanted.keys(),
    ]);
    for (const candidate of parseLog(log)) {
      const named = pullNamedBy(candidate.message);
      if (named !== undefined && ours.size > 0 && !ours.has(named)) continue; // another pull request's merge
      const landed = await commitSourceFiles(root, candidate);
      if (landed.some((f) => f.blob !== null && wanted.get(f.path) === f.blob)) {
        const landedCommit = { sha: candidate.sha, parents: candidate.parents, at: candidate.at, subject: candidate.message };
        return { commit: landedCommit, via: "content", tip: tip.sha, ...(tip.pull !== undefined ? { pull: tip.pull } : {}) };
      }
    }
  }
  return undefined;
}

/** The batch commit's paths plus whatever the commits after it up to `tip` (fix-ups) changed. */
async function carriedPaths(root: string, commit: LoggedCommit, files: SourceFile[], tip: string): Promise<string[]> {
  const paths = new Set(files.map((f) => f.path));
  if (tip !== commit.sha) for (const f of await diffSourceFiles(root, commit.sha, tip)) paths.add(f.path);
  return [...paths];
}

/**
 * What the batch left on the base branch: every path it (or the fix-ups on its pull request) touched,
 * with the blob the landing commit has there and the status the landing gave it (else the batch
 * commit's own). A path the landing did not change was already there as it landed; the plan sees that
 * from the tree before the landing.
 */
async function landedFiles(root: string, commit: LoggedCommit, files: SourceFile[], landing: Landing): Promise<SourceFile[]> {
  if (landing.via === "self") return files;
  const paths = await carriedPaths(root, commit, files, landing.tip);
  const changedByLanding = new Map((await commitSourceFiles(root, landing.commit)).map((f) => [f.path, f.status]));
  const own = new Map(files.map((f) => [f.path, f.status]));
  const blobs = await blobsAt(root, landing.commit.sha, paths);
  return paths.map((path) => ({ path, status: changedByLanding.get(path) ?? own.get(path) ?? "modified", blob: blobs.get(path) ?? null }));
}

function subject(message: string): string {
  return message.split("\n")[0] ?? "";
}

const VIA_NOTE: Record<LandingVia, string> = {
  self: "on the base branch",
  merge: "merged as",
  squash: "squash-merged as",
  content: "landed as",
};

/** How a source is shown: `squash-merged as 1e5f071 (#2382)`, `never merged (#2087 not merged)`. */
function landingNote(landing: Landing | undefined, pulls: PullHead[]): string {
  if (!landing) {
    const named = pulls.map((p) => `#${p.number}`).join(", ");
    return named ? `never merged (pull request ${named} not merged into the base branch)` : "never merged";
  }
  if (landing.via === "self") return VIA_NOTE.self;
  const sha = landing.commit.sha.slice(0, 7);
  if (landing.via !== "content") return `${VIA_NOTE[landing.via]} ${sha}${landing.pull !== undefined ? ` (#${landing.pull})` : ""}`;
  return landing.pull !== undefined
    ? `${VIA_NOTE.content} ${sha} (#${landing.pull}; matched by content, its subject names no pull request)`
    : `${VIA_NOTE.content} ${sha} (matched by content; fetch pull-request refs to tie it to its pull request)`;
}

/** The fetch that makes pull-request heads visible to `git log --all` and to the landing search. */
export const PULL_REFS_FETCH = "git fetch origin '+refs/pull/*/head:refs/remotes/origin/pr/*'";

/**
 * Everything batch `batchId` did, from local history in every ref (`git log --all`, like the runbook's
 * script), checked with the app's exact trailer match. Each batch commit's landing on `base` is found
 * from its pull request when the clone has pull-request refs (see `landingOf`); its files are what
 * that landing left, fix-ups included.
 */
export async function discoverLocalBatch(
  root: string,
  batchId: string,
  base: string,
  dir: string,
  webUrl: string | undefined,
): Promise<{ sources: BatchSource[]; search: LocalSearch }> {
  const phrase = `batch_id: ${batchId}`;
  const out = await git(root, ["log", "--all", "--fixed-strings", `--grep=${phrase}`, "--format=%H%x1f%P%x1f%cI%x1f%B%x1e"]);
  const loose = parseLog(out);
  const exact = loose.filter((c) => isBatchCommit(c.message, batchId));
  const sources: BatchSource[] = [];
  const line = exact.length > 0 ? await BaseLine.load(root, base) : undefined;
  for (const commit of exact) {
    const files = await commitSourceFiles(root, commit);
    const pulls = line!.isOnLine(commit.sha) ? [] : await pullHeadsContaining(root, commit.sha);
    const landing = await landingOf(root, line!, commit, files, pulls, dir);
    const pull = landing?.pull ?? (pulls.length === 1 ? pulls[0]!.number : undefined);
    sources.push({
      kind: "commit",
      key: commit.sha,
      url: webUrl ? `${webUrl}/commit/${commit.sha}` : commit.sha,
      title: subject(commit.message),
      merged: landing !== undefined,
      landingSha: landing?.commit.sha ?? null,
      beforeSha: landing?.commit.parents[0] ?? null,
      at: landing?.commit.at ?? commit.at,
      files: landing ? await landedFiles(root, commit, files, landing) : files,
      ...(pull !== undefined ? { pullNumber: pull } : {}),
      landingNote: landingNote(landing, pulls),
    });
  }
  return { sources, search: { phrase, loose: loose.length, exact: exact.length, pullRefs: await hasPullRefs(root) } };
}

/** `https://github.com/owner/repo` for an `origin` on github.com (ssh or https), for links; else undefined. */
export async function webUrlOf(root: string): Promise<string | undefined> {
  const run = await runGit(root, ["config", "--get", "remote.origin.url"]);
  if (run.code !== 0) return undefined;
  const match = /github\.com[:/]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(run.stdout.trim());
  return match ? `https://github.com/${match[1]}/${match[2]}` : undefined;
}
