import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RollbackPlan } from "./plan.js";
import { git } from "../cli/git.js";

const ZERO = "0".repeat(40);

/**
 * One commit on a new branch from `baseSha`, made without touching the working tree or the index: a
 * scratch index gets the base tree, the deletions and the restored blobs, then `commit-tree` and an
 * `update-ref` that only creates (it fails if the branch appeared meanwhile).
 */
export async function createRollbackBranch(root: string, plan: RollbackPlan, baseSha: string, branch: string, message: string): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), "batch-ops-rollback-"));
  const env = { GIT_INDEX_FILE: join(scratch, "index") };
  try {
    await git(root, ["read-tree", baseSha], { env });
    const records = [...plan.deletes.map((d) => `0 ${ZERO}\t${d.path}`), ...plan.restores.map((r) => `${r.mode} ${r.sha}\t${r.path}`)];
    await git(root, ["update-index", "-z", "--index-info"], { env, input: records.map((r) => `${r}\0`).join("") });
    const tree = (await git(root, ["write-tree"], { env })).trim();
    const commit = (await git(root, ["commit-tree", tree, "-p", baseSha, "-F", "-"], { env, input: message })).trim();
    await git(root, ["update-ref", "-m", "batch-ops rollback", `refs/heads/${branch}`, commit, ZERO]);
    return commit;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
