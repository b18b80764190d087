import { getGitCommit, readBlobsUnder } from "../github/git-data.js";
import { defaultBranchHead } from "../github/commits.js";
import type { GitHub, RepoRef } from "../core/github.js";
import { classify, pathHistories, sourcesNeedingBefore, type BlobIndex, type RollbackPlan } from "./plan.js";
import type { BatchSource } from "./sources.js";
import { mapLimit } from "../util/map-limit.js";

export interface PlannedRollback {
  plan: RollbackPlan;
  /** Recipe paths the batch touched at all (merged or not). */
  touched: number;
  /** The default branch the plan was made against; absent when nothing merged needed reading. */
  head?: { sha: string; treeSha: string };
}

/** The default branch just before a source landed: known for commits, the merge commit's first parent for pull requests. */
async function beforeCommit(github: GitHub, repo: RepoRef, source: BatchSource): Promise<string | null> {
  if (source.beforeSha) return source.beforeSha;
  if (!source.landingSha) return null;
  return (await getGitCommit(github, repo, source.landingSha)).parents[0] ?? null;
}

/**
 * Reads what the plan needs and decides it: one recursive tree read of the default branch head, and
 * one of the default branch just before each source that first touched a recipe landed (plus its
 * merge commit, for a pull request). Blob shas are compared; no file content is fetched.
 */
export async function planRollback(github: GitHub, repo: RepoRef, batchId: string, sources: BatchSource[], dir: string): Promise<PlannedRollback> {
  const histories = pathHistories(sources, dir);
  const touched = histories.merged.size + histories.notMerged.size;
  if (touched === 0) {
    return { plan: classify({ batchId, sources, histories, head: new Map(), before: new Map() }), touched };
  }
  // Read even when nothing merged: an unmerged recipe that is on the default branch anyway is reported.
  const headSha = await defaultBranchHead(github, repo);
  const head = await readBlobsUnder(github, repo, headSha, dir);
  const before = new Map<string, BlobIndex>();
  await mapLimit(sourcesNeedingBefore(histories.merged), 4, async (source) => {
    const sha = await beforeCommit(github, repo, source);
    if (sha) before.set(source.key, (await readBlobsUnder(github, repo, sha, dir)).blobs);
  });
  return {
    plan: classify({ batchId, sources, histories, head: head.blobs, before }),
    touched,
    head: { sha: headSha, treeSha: head.treeSha },
  };
}
