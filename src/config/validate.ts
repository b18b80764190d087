import { repoConfigSchema, type RepoConfig } from "./schema.js";
import { formatIssues } from "../util/zod-issues.js";

export type ConfigResult = { ok: true; config: RepoConfig } | { ok: false; errors: string[] };

/** Validates the raw config object (null when the repository has no config file: all defaults). */
export function validateRepoConfig(raw: unknown): ConfigResult {
  const parsed = repoConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, errors: formatIssues(parsed.error.issues) };
  return { ok: true, config: parsed.data };
}

/** The config every repository gets when it has no `.github/batch-ops.yml`. */
export function defaultRepoConfig(): RepoConfig {
  return repoConfigSchema.parse({});
}
