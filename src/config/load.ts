import type { Context } from "probot";
import { clearRepeatReads, useConditionalRepeatReads } from "../github/repeat-reads.js";
import type { GitHub, RepoRef } from "../core/github.js";
import merge from "deepmerge";
import { CONFIG_FILE, CONFIG_PATH } from "./schema.js";
import { validateRepoConfig, type ConfigResult } from "./validate.js";
import { neutralise } from "../util/sanitize.js";

type ConfigContext = Pick<Context, "config"> & { id?: string; payload?: unknown };

/**
 * Several handlers answer one delivery (a completed run is looked at by the breaker, seeding and drift
 * handlers): the config is read once per delivery and repository, not once per handler.
 */
const perDelivery = new Map<string, { at: number; result: Promise<ConfigResult> }>();
const PER_DELIVERY_MS = 60_000;

function installationOf(context: ConfigContext): number | undefined {
  const id = (context.payload as { installation?: { id?: unknown } } | undefined)?.installation?.id;
  return typeof id === "number" ? id : undefined;
}

function deliveryKey(context: ConfigContext): string | undefined {
  const repository = (context.payload as { repository?: { full_name?: string } } | undefined)?.repository?.full_name;
  return context.id && repository ? `${context.id}:${repository}` : undefined;
}

/**
 * Reads `.github/batch-ops.yml` from the default branch (Probot's `context.config`, which also honours
 * `_extends`) and validates it. A YAML error is reported like a schema error: path → message. The read,
 * and the delivery's permission reads, are conditional requests (`useConditionalRepeatReads`).
 */
export function loadRepoConfig(context: ConfigContext): Promise<ConfigResult> {
  const github = (context as { octokit?: GitHub }).octokit;
  if (github) useConditionalRepeatReads(github, installationOf(context));
  const key = deliveryKey(context);
  if (!key) return readConfig(context);
  const now = Date.now();
  for (const [k, v] of perDelivery) if (now - v.at > PER_DELIVERY_MS) perDelivery.delete(k);
  const cached = perDelivery.get(key);
  if (cached) return cached.result;
  const result = readConfig(context);
  perDelivery.set(key, { at: now, result });
  return result;
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

/** Forgets the per-delivery config reads (tests reuse delivery ids across cases). */
export function clearConfigCache(): void {
  perDelivery.clear();
  clearRepeatReads();
}
