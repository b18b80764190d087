import { git, runGit } from "../cli/git.js";

/** A commit on the base branch's first-parent line: what the base branch itself went through. */
export interface BaseCommit {
  sha: string;
  parents: string[];
  /** Committer date (ISO). */
  at: string;
  subject: string;
}

/** How a batch commit's content reached the base branch. */
export type LandingVia =
  /** The batch commit itself is on the base branch's first-parent line. */
  | "self"
  /** A merge commit on the base branch brought it in through its second parent. */
  | "merge"
  /** The squash commit of its pull request: the subject ends with `(#N)`. */
  | "squash"
  /** No pull request names it: the oldest later base commit that wrote the same content to one of its paths. */
  | "content";

/** `(#123)` at the end of a subject: GitHub's squash and rebase commits name their pull request so. */
const SQUASH_SUBJECT = /\(#(\d+)\)\s*$/;
const MERGE_SUBJECT = /^Merge pull request #(\d+) from /;

/** The pull request a base commit's subject names (a squash `(#N)` or `Merge pull request #N`), if any. */
export function pullNamedBy(subject: string): number | undefined {
  const match = SQUASH_SUBJECT.exec(subject) ?? MERGE_SUBJECT.exec(subject);
  return match ? Number(match[1]) : undefined;
}

/**
 * The base branch's first-parent history, read once per command (one `git log`): which commits are on
 * it, and which of them name which pull request. The real pipeline repository has ~7,000 commits, so
 * this is about 1 MB of text.
 */
export class BaseLine {
  private readonly index = new Map<string, number>();
  private readonly byPull = new Map<number, number[]>();

  private constructor(
    readonly root: string,
    readonly baseSha: string,
    /** Newest first. */
    readonly commits: BaseCommit[],
  ) {
    commits.forEach((commit, i) => {
      this.index.set(commit.sha, i);
      const pull = pullNamedBy(commit.subject);
      if (pull !== undefined) this.byPull.set(pull, [...(this.byPull.get(pull) ?? []), i]);
    });
  }

  static async load(root: string, baseSha: string): Promise<BaseLine> {
    const out = await git(root, ["log", "--first-parent", "--format=%H%x1f%P%x1f%cI%x1f%s%x1e", baseSha]);
    const commits = out
      .split("\x1e")
      .map((r) => r.replace(/^\n/, ""))
      .filter((r) => r !== "")
      .map((r) => {
        const [sha = "", parents = "", at = "", subject = ""] = r.split("\x1f");
        return { sha, parents: parents.split(" ").filter((p) => p !== ""), at, subject };
      });
    return new BaseLine(root, baseSha, commits);
  }

  isOnLine(sha: string): boolean {
    return this.index.has(sha);
  }

  get(sha: string): BaseCommit | undefined {
    const i = this.index.get(sha);
    return i === undefined ? undefined : this.commits[i];
  }

  /** The base commits naming pull request `pull`, oldest first. */
  namingPull(pull: number): BaseCommit[] {
    return (this.byPull.get(pull) ?? []).map((i) => this.commits[i]!).reverse();
  }

  /**
   * The first-parent commit that brought `sha` (an ancestor of the base) into the base branch: the commit
   * itself when it is on the line, else the oldest line commit that contains it (a merge). Containment is
   * monotonic along the line, so a binary search asks git ~13 times for 7,000 commits.
   */
  async bringing(sha: string): Promise<BaseCommit | undefined> {
    const own = this.get(sha);
    if (own) return own;
    let newest = 0;
    let oldest = this.commits.length - 1;
    let found: number | undefined;
    while (newest <= oldest) {
      const mid = (newest + oldest) >> 1;
      if (await isAncestor(this.root, sha, this.commits[mid]!.sha)) {
        found = mid;
        newest = mid + 1;
      } else {
        oldest = mid - 1;
      }
    }
    return found === undefined ? undefined : this.commits[found];
  }
}

export async function isAncestor(root: string, ancestor: string, of: string): Promise<boolean> {
  return (await runGit(root, ["merge-base", "--is-ancestor", ancestor, of])).code === 0;
}

/** A pull request's head as the clone has it. */
export interface PullHead {
  number: number;
  sha: string;
  ref: string;
}

/**
 * Pull-request heads the clone has, in either layout: a mirror's `refs/pull/N/head`, or what the
 * README's fetch makes (`refs/remotes/origin/pr/N`; `…/pull/N` and `…/pull/N/head` too).
 */
const PULL_REF = /^refs\/(?:pull\/(\d+)\/head|remotes\/[^/]+\/(?:pr|pull)\/(\d+)(?:\/head)?)$/;

export function pullNumberOfRef(ref: string): number | undefined {
  const match = PULL_REF.exec(ref);
  return match ? Number(match[1] ?? match[2]) : undefined;
}

/** Pull-request heads that contain `sha` (the batch commit, or a maintainer's fix-up on top of it). */
export async function pullHeadsContaining(root: string, sha: string): Promise<PullHead[]> {
  const out = await git(root, ["for-each-ref", "--contains", sha, "--format=%(objectname) %(refname)", "refs/pull", "refs/remotes"]);
  const heads = new Map<number, PullHead>();
  for (const line of out.split("\n")) {
    const [objectSha = "", ref = ""] = line.split(" ");
    const number = pullNumberOfRef(ref);
    if (number !== undefined && !heads.has(number)) heads.set(number, { number, sha: objectSha, ref });
  }
  return [...heads.values()].sort((a, b) => a.number - b.number);
}

/** Whether the clone has any pull-request ref: without them a squash-merged batch cannot be tied to its pull request. */
export async function hasPullRefs(root: string): Promise<boolean> {
  const all = await git(root, ["for-each-ref", "--format=%(refname)", "refs/pull", "refs/remotes"]);
  return all.split("\n").some((ref) => pullNumberOfRef(ref) !== undefined);
}
