import { z } from "zod";
import { coreSection } from "./sections/core.js";
import { breakerBudgetSection } from "./sections/breaker-budget.js";
import { seedingSection } from "./sections/seeding.js";
import { rollbackSection } from "./sections/rollback.js";
import { securitySection } from "./sections/security.js";

/**
 * `.github/batch-ops.yml`: the single source of every key, its default and its validation.
 * Unknown keys are refused so a typo never silently falls back to a default.
 */
export const repoConfigSchema = z.strictObject({
  ...coreSection,
  ...breakerBudgetSection,
  ...seedingSection,
  ...rollbackSection,
  ...securitySection,
});

export type RepoConfig = z.infer<typeof repoConfigSchema>;

export const CONFIG_FILE = "batch-ops.yml";
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;
