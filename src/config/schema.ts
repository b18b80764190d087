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
export const repoConfigSchema = z
  .strictObject({
    ...coreSection,
    ...breakerBudgetSection,
    ...seedingSection,
    ...rollbackSection,
    ...securitySection,
  })
  .superRefine((config, ctx) => {
    // A completed run is one kind of run: a workflow cannot be both a batch run and a seeding run.
    if (config.batch_workflows.includes(config.seeding.workflow)) {
      ctx.addIssue({
        code: "custom",
        path: ["seeding", "workflow"],
        message: `${config.seeding.workflow} is also in batch_workflows; a workflow's runs are either batch runs or seeding runs`,
      });
    }
  });

export type RepoConfig = z.infer<typeof repoConfigSchema>;

export const CONFIG_FILE = "batch-ops.yml";
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;
