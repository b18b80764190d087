import { classify, pathHistories, sourcesNeedingBefore, type BlobIndex, type RollbackPlan } from "./plan.js";
import type { BatchSource } from "./sources.js";
import { git } from "../cli/git.js";

/** Every blob under `dir` at a commit (`git ls-tree`), as the app reads a tree through the API. */
export async function blobsUnder(root: string, commit: string, dir: string): Promise<BlobIndex> {
  const out = await git(root, ["ls-tree", "-r", "-z", "--full-tree", commit, "--", dir]);
  const blobs = new Map<string, { sha: string; mode: string }>();
  for (const record of out.split("\0")) {
    const match = /^(\d+) blob ([0-9a-f]+)\t([\s\S]+)$/.exec(record);
    if (match && match[3]!.startsWith(dir)) blobs.set(match[3]!, { sha: match[2]!, mode: match[1]! });
  }
  return blobs;
}

/**
 * The app's rollback plan (`pathHistories` → `classify`) with the trees read from the local clone: the
 * base branch now (also for unmerged recipes, to tell which are there anyway), and the tree just
 * before each source that first touched a recipe landed.
 */
export async function planLocalRollback(
  root: string,
  batchId: string,
  sources: BatchSource[],
  dir: string,
  baseSha: string,
): Promise<{ plan: RollbackPlan; touched: number }> {
  const histories = pathHistories(sources, dir);
  const touched = histories.merged.size + histories.notMerged.size;
  if (touched === 0) return { plan: classify({ batchId, sources, histories, head: new Map(), before: new Map() }), touched };
  const head = await blobsUnder(root, baseSha, dir);
  const before = new Map<string, BlobIndex>();
  for (const source of sourcesNeedingBefore(histories.merged)) {
    if (source.beforeSha) before.set(source.key, await blobsUnder(root, source.beforeSha, dir));
  }
  return { plan: classify({ batchId, sources, histories, head, before }), touched };
}
