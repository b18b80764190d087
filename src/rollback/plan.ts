import { isUnder, type BatchSource, type ChangeStatus } from "./sources.js";

/** A blob in a tree: what a rollback reads from the default branch and from before the batch. */
export interface BlobEntry {
  sha: string;
  mode: string;
}

export type BlobIndex = ReadonlyMap<string, BlobEntry>;

/** What the batch did to one path over all its merged sources, oldest first. */
export interface PathHistory {
  path: string;
  /** The first change decides what was there before the batch (added: nothing). */
  firstStatus: ChangeStatus;
  firstSource: BatchSource;
  /** What the batch left there in the end (null: removed). */
  lastBlob: string | null;
  sources: BatchSource[];
}

export interface PlannedPath {
  path: string;
  sources: BatchSource[];
}

export interface Deletion extends PlannedPath {
  mode: string;
}

/** Back to the blob it had before the batch; the blob already exists, so no content is sent. */
export interface Restore extends PlannedPath {
  sha: string;
  mode: string;
}

export interface Skipped extends PlannedPath {
  why: string;
}

export interface RollbackPlan {
  batchId: string;
  deletes: Deletion[];
  restores: Restore[];
  /** Changed on the default branch after the batch: a person decides. */
  changedSince: Skipped[];
  /** Only in pull requests that never merged into the default branch, and not on it now. */
  notMerged: PlannedPath[];
  /**
   * Only in sources that never merged, yet the default branch has the path now: something else put it
   * there (or the merge could not be found). Never undone silently: each says why, and callers warn.
   */
  notMergedButPresent: Skipped[];
  /** Nothing to undo (already gone, or the batch left it as it was). */
  nothingToDo: Skipped[];
  sources: BatchSource[];
}

/** The runbook's escalation: a rollback of more than this many recipes needs a second operator. */
export const SECOND_REVIEW_ABOVE = 10;

export function changeCount(plan: RollbackPlan): number {
  return plan.deletes.length + plan.restores.length;
}

export function needsSecondReview(plan: RollbackPlan): boolean {
  return changeCount(plan) > SECOND_REVIEW_ABOVE;
}

/** Every path under `dir` any source touched: a history per path for merged sources, the rest listed as not merged. */
export function pathHistories(
  sources: readonly BatchSource[],
  dir: string,
): { merged: Map<string, PathHistory>; notMerged: Map<string, BatchSource[]> } {
  const merged = new Map<string, PathHistory>();
  const ordered = sources.filter((s) => s.merged).sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
  for (const source of ordered) {
    for (const file of source.files) {
      if (!isUnder(file.path, dir)) continue;
      const history = merged.get(file.path);
      if (!history) {
        merged.set(file.path, { path: file.path, firstStatus: file.status, firstSource: source, lastBlob: file.blob, sources: [source] });
        continue;
      }
      history.lastBlob = file.blob;
      if (!history.sources.includes(source)) history.sources.push(source);
    }
  }
  const notMerged = new Map<string, BatchSource[]>();
  for (const source of sources) {
    if (source.merged) continue;
    for (const file of source.files) {
      if (!isUnder(file.path, dir) || merged.has(file.path)) continue;
      const list = notMerged.get(file.path) ?? [];
      if (!list.includes(source)) list.push(source);
      notMerged.set(file.path, list);
    }
  }
  return { merged, notMerged };
}

/**
 * The sources whose "before" tree must be read: the first source of every path. An added path needs it
 * too: when the default branch already had it before the batch landed (another change brought it), the
 * batch did not add it there and must not delete it.
 */
export function sourcesNeedingBefore(histories: ReadonlyMap<string, PathHistory>): BatchSource[] {
  const needed = new Set<BatchSource>();
  for (const history of histories.values()) needed.add(history.firstSource);
  return [...needed];
}

/** Why a path only unmerged sources touched is on the default branch anyway. */
function presentWhy(sources: readonly BatchSource[]): string {
  const labels = sources.map((s) => (s.kind === "pull" ? `#${s.key}` : s.key.slice(0, 7))).join(", ");
  return `on the default branch now, but no merge of this batch brought it (${labels} never merged): another change put it there, or the merge was not found; check by hand`;
}

const byPath = <T extends { path: string }>(a: T, b: T) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * Decides every path. `head` is the default branch now (it must hold the unmerged paths too, to tell
 * which are there anyway); `before` maps a source key to the tree just before that source landed. A
 * path is undone only when the default branch still has exactly what the batch left there (same blob,
 * or still absent); otherwise someone changed it since and a person decides. When the tree before the
 * landing is known it decides what "undo" means, whatever the batch's own diff said (a pull request's
 * "added" recipe may already have been on the default branch when it landed).
 */
export function classify(input: {
  batchId: string;
  sources: BatchSource[];
  histories: { merged: ReadonlyMap<string, PathHistory>; notMerged: ReadonlyMap<string, BatchSource[]> };
  head: BlobIndex;
  before: ReadonlyMap<string, BlobIndex>;
}): RollbackPlan {
  const plan: RollbackPlan = {
    batchId: input.batchId,
    deletes: [],
    restores: [],
    changedSince: [],
    notMerged: [],
    notMergedButPresent: [],
    nothingToDo: [],
    sources: input.sources,
  };
  for (const history of input.histories.merged.values()) {
    const { path, sources } = history;
    const current = input.head.get(path);
    const beforeTree = input.before.get(history.firstSource.key);
    if ((current?.sha ?? null) !== history.lastBlob) {
      if (history.firstStatus === "added" && !current && !beforeTree?.has(path))
        plan.nothingToDo.push({ path, sources, why: "already removed from the default branch after the batch" });
      else if (beforeTree && (beforeTree.get(path)?.sha ?? null) === (current?.sha ?? null))
        plan.nothingToDo.push({ path, sources, why: "already back to its content before the batch" });
      else
        plan.changedSince.push({
          path,
          sources,
          why: current ? "changed on the default branch after the batch" : "deleted from the default branch after the batch",
        });
      continue;
    }
    if (history.firstStatus === "added") {
      const there = beforeTree?.get(path);
      if (!current && there) plan.restores.push({ path, sources, sha: there.sha, mode: there.mode });
      else if (!current) plan.nothingToDo.push({ path, sources, why: "added and removed again by the batch" });
      else if (!there) plan.deletes.push({ path, sources, mode: current.mode });
      else if (there.sha === current.sha)
        plan.nothingToDo.push({ path, sources, why: "already on the default branch with this content before the batch landed" });
      // The default branch had other content there when the batch landed over it: that is what comes back.
      else plan.restores.push({ path, sources, sha: there.sha, mode: there.mode });
      continue;
    }
    const before = beforeTree?.get(path);
    if (!before) {
      plan.changedSince.push({ path, sources, why: "its content before the batch could not be found" });
    } else if (before.sha === current?.sha) {
      plan.nothingToDo.push({ path, sources, why: "the batch left it as it was" });
    } else {
      plan.restores.push({ path, sources, sha: before.sha, mode: before.mode });
    }
  }
  for (const [path, sources] of input.histories.notMerged) {
    if (input.head.has(path)) plan.notMergedButPresent.push({ path, sources, why: presentWhy(sources) });
    else plan.notMerged.push({ path, sources });
  }
  for (const list of [plan.deletes, plan.restores, plan.changedSince, plan.notMerged, plan.notMergedButPresent, plan.nothingToDo] as {
    path: string;
  }[][])
    list.sort(byPath);
  return plan;
}
