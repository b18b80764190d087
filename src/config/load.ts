import type { Context } from "probot";
import type { GitHub, RepoRef } from "../github/types.js";
import { deepMergeAll } from "./deep-merge.js";
import { CONFIG_FILE, CONFIG_PATH } from "./schema.js";
import { validateRepoConfig, type ConfigResult } from "./validate.js";

/**
 * Reads `.github/batch-ops.yml` from the default branch (Probot's `context.config`, which also honours
 * `_extends`) and validates it. A YAML error is reported like a schema error: path → message.
 */
export async function loadRepoConfig(context: Pick<Context, "config">): Promise<ConfigResult> {
  let raw: unknown;
  try {
    raw = await context.config(CONFIG_FILE);
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, errors: [`${CONFIG_PATH} → cannot be read: ${message}`] };
  }
  return validateRepoConfig(raw);
}

/**
 * The same config outside a webhook (the schedule): Probot's config plugin (`octokit.config.get`, the
 * owner's `.github` repository as fallback, `_extends`) with the merge `context.config` uses.
 */
export async function loadRepoConfigFor(github: GitHub, repo: Pick<RepoRef, "owner" | "repo">): Promise<ConfigResult> {
  let raw: unknown = null;
  try {
    const { config, files } = await github.config.get({
      owner: repo.owner,
      repo: repo.repo,
      path: CONFIG_PATH,
      defaults: (configs) => deepMergeAll(configs) as Record<string, unknown>,
    });
    if (files.some((file) => file.config !== null)) raw = config;
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, errors: [`${CONFIG_PATH} → cannot be read: ${message}`] };
  }
  return validateRepoConfig(raw);
}

export function renderConfigErrors(errors: readonly string[]): string {
  return [
    `😕 \`${CONFIG_PATH}\` is invalid, so batch-ops does nothing in this repository until it is fixed:`,
    "",
    ...errors.map((e) => `- ${e.replace(/`/g, "ˋ")}`),
  ].join("\n");
}
