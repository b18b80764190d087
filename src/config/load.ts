import type { Context } from "probot";
import type { RepeatReads } from "../github/repeat-reads.js";
import type { GitHub, RepoRef } from "../core/github.js";
import merge from "deepmerge";
import { CONFIG_FILE, CONFIG_PATH } from "./schema.js";
import { validateRepoConfig, type ConfigResult } from "./validate.js";
import { neutralise } from "../util/sanitize.js";

type ConfigContext = Pick<Context, "config"> & { octokit?: GitHub; payload?: unknown };

function installationOf(context: ConfigContext): number | undefined {
  const id = (context.payload as { installation?: { id?: unknown } } | undefined)?.installation?.id;
  return typeof id === "number" ? id : undefined;
}

/**
 * Reads `.github/batch-ops.yml` from the default branch (Probot's `context.config`, which also honours
 * `_extends`) and validates it. A YAML error is reported like a schema error: path → message. The read,
 * and the delivery's permission reads, are conditional requests (`repeatReads`). Each event route reads
 * it once and hands the result on; a redelivery (same delivery id) reads it afresh.
 */
export function loadRepoConfig(context: ConfigContext, repeatReads: RepeatReads): Promise<ConfigResult> {
  if (context.octokit) repeatReads.install(context.octokit, installationOf(context));
  return readConfig(context);
}

async function readConfig(context: ConfigContext): Promise<ConfigResult> {
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
      // The merge `context.config` applies to an `_extends` chain, so the schedule sees what a comment sees.
      defaults: (configs) => merge.all([{}, ...configs]) as Record<string, unknown>,
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
    ...errors.map((e) => `- ${neutralise(e)}`),
  ].join("\n");
}
