import { statusOf, type GitHub, type RepoRef } from "../core/github.js";

/** A file as GitHub's commit and pull-request file lists report it. */
export interface ChangedFile {
  path: string;
  /** GitHub's word: added, removed, modified, renamed, copied, changed, unchanged. */
  status: string;
  /** The blob at `path` after the change (GitHub's `sha`); null when it was removed. */
  blob: string | null;
  previousPath?: string;
}

export interface TreeEntry {
  sha: string;
  mode: string;
}

export interface BlobsRead {
  /** The root tree of the commit read (the base for a new tree). */
  treeSha: string;
  /** Blobs under the directory, by full path. */
  blobs: Map<string, TreeEntry>;
}

interface RawTree {
  sha: string;
  truncated: boolean;
  tree: { path?: string; mode?: string; type?: string; sha?: string }[];
}

export function toChangedFile(file: { filename: string; status: string; sha?: string | null; previous_filename?: string }): ChangedFile {
  return {
    path: file.filename,
    status: file.status,
    blob: file.status === "removed" ? null : (file.sha ?? null),
    ...(file.previous_filename ? { previousPath: file.previous_filename } : {}),
  };
}

async function getTree(github: GitHub, repo: RepoRef, treeish: string, recursive: boolean): Promise<RawTree> {
  const { data } = await github.rest.git.getTree({ owner: repo.owner, repo: repo.repo, tree_sha: treeish, ...(recursive ? { recursive: "1" } : {}) });
  return data;
}

function collect(tree: RawTree, prefix: string, dir: string, into: Map<string, TreeEntry>): void {
  for (const entry of tree.tree) {
    if (entry.type !== "blob" || !entry.path || !entry.sha || !entry.mode) continue;
    const path = prefix + entry.path;
    if (path.startsWith(dir)) into.set(path, { sha: entry.sha, mode: entry.mode });
  }
}

/**
 * Every blob under `dir` at a commit (or tree), with one recursive tree read: one call however many
 * files. When GitHub truncates the answer (over 100,000 entries or 7 MB), walks down to `dir` and
 * reads only that subtree.
 */
export async function readBlobsUnder(github: GitHub, repo: RepoRef, commitish: string, dir: string): Promise<BlobsRead> {
  const whole = await getTree(github, repo, commitish, true);
  const blobs = new Map<string, TreeEntry>();
  if (!whole.truncated) {
    collect(whole, "", dir, blobs);
    return { treeSha: whole.sha, blobs };
  }
  let treeSha = whole.sha;
  let prefix = "";
  for (const segment of dir.split("/").filter(Boolean)) {
    const level = await getTree(github, repo, treeSha, false);
    const next = level.tree.find((e) => e.type === "tree" && e.path === segment);
    if (!next?.sha) return { treeSha: whole.sha, blobs };
    treeSha = next.sha;
    prefix += `${segment}/`;
  }
  const sub = await getTree(github, repo, treeSha, true);
  if (sub.truncated) throw new Error(`${dir} has too many files to read through the API in one request`);
  collect(sub, prefix, dir, blobs);
  return { treeSha: whole.sha, blobs };
}

export interface GitCommit {
  sha: string;
  message: string;
  parents: string[];
  treeSha: string;
  url: string;
}

export async function getGitCommit(github: GitHub, repo: RepoRef, sha: string): Promise<GitCommit> {
  const { data } = await github.rest.git.getCommit({ owner: repo.owner, repo: repo.repo, commit_sha: sha });
  return { sha: data.sha, message: data.message, parents: data.parents.map((p) => p.sha), treeSha: data.tree.sha, url: data.html_url };
}

/**
 * GitHub lists at most this many changed files of a commit or a pull request, and says nothing when it
 * stops: a list this long may be cut.
 */
export const MAX_LISTED_FILES = 3000;

/** Files a commit changed against its first parent. GitHub pages them 300 at a time, up to 3000. */
export async function commitFiles(github: GitHub, repo: RepoRef, sha: string): Promise<ChangedFile[]> {
  const files: ChangedFile[] = [];
  for (let page = 1; page <= 10; page++) {
    const response = await github.rest.repos.getCommit({ owner: repo.owner, repo: repo.repo, ref: sha, per_page: 300, page });
    for (const file of response.data.files ?? []) files.push(toChangedFile(file));
    if (!/rel="next"/.test(response.headers.link ?? "")) break;
  }
  return files;
}

/** The commit a branch points at, or null when there is no such branch. */
export async function branchSha(github: GitHub, repo: RepoRef, branch: string): Promise<string | null> {
  try {
    const { data } = await github.rest.git.getRef({ owner: repo.owner, repo: repo.repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/** One tree entry to write: a blob sha (existing content, nothing uploaded) or null to delete the path. */
export interface TreeChange {
  path: string;
  mode: string;
  sha: string | null;
}

/**
 * One commit holding every change, however many files: one tree on top of `baseTree`, one commit on
 * `parent`. Blobs are referred to by sha, so no file content is downloaded or uploaded.
 */
export async function commitTreeChanges(
  github: GitHub,
  repo: RepoRef,
  change: { baseTree: string; parent: string; message: string; changes: readonly TreeChange[] },
): Promise<{ sha: string; url: string }> {
  const { data: tree } = await github.rest.git.createTree({
    owner: repo.owner,
    repo: repo.repo,
    base_tree: change.baseTree,
    tree: change.changes.map((c) => ({ path: c.path, mode: c.mode as "100644", type: "blob" as const, sha: c.sha })),
  });
  const { data: commit } = await github.rest.git.createCommit({
    owner: repo.owner,
    repo: repo.repo,
    message: change.message,
    tree: tree.sha,
    parents: [change.parent],
  });
  return { sha: commit.sha, url: commit.html_url };
}

/**
 * Creates a branch at `sha`; false when it already exists (another attempt got there first). A rejected
 * create (409 or 422) is told apart by reading the branch, never by GitHub's wording: there now means
 * someone else made it; still absent means GitHub refused this create (a rule, a bad sha), and the
 * error stands.
 */
export async function createBranch(github: GitHub, repo: RepoRef, branch: string, sha: string): Promise<boolean> {
  try {
    await github.rest.git.createRef({ owner: repo.owner, repo: repo.repo, ref: `refs/heads/${branch}`, sha });
    return true;
  } catch (error) {
    const status = statusOf(error);
    if ((status === 409 || status === 422) && (await branchSha(github, repo, branch)) !== null) return false;
    throw error;
  }
}
