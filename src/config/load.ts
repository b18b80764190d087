import type { Context } from "probot";
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

export function renderConfigErrors(errors: readonly string[]): string {
  return [
    `😕 \`${CONFIG_PATH}\` is invalid, so batch-ops does nothing in this repository until it is fixed:`,
    "",
    ...errors.map((e) => `- ${e.replace(/`/g, "ˋ")}`),
  ].join("\n");
}
