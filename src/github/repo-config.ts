import { CONFIG_PATH } from "../config/schema.js";
import { validateRepoConfig, type ConfigResult } from "../config/validate.js";
import { messageOf, type GitHub, type RepoRef } from "./types.js";

/**
 * `.github/batch-ops.yml` from the default branch, outside a webhook: the same lookup as Probot's
 * `context.config` (the owner's `.github` repository as fallback, `_extends`), then validated.
 */
export async function readRepoConfig(github: GitHub, repo: Pick<RepoRef, "owner" | "repo">): Promise<ConfigResult> {
  let raw: unknown = null;
  try {
    const { config, files } = await github.config.get({ owner: repo.owner, repo: repo.repo, path: CONFIG_PATH });
    if (files.some((file) => file.config !== null)) raw = config;
  } catch (error) {
    return { ok: false, errors: [`${CONFIG_PATH} → cannot be read: ${messageOf(error).split("\n")[0]}`] };
  }
  return validateRepoConfig(raw);
}
