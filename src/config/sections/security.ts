import { z } from "zod";
import { workflowFile } from "./core.js";

/** A GitHub label name: 1–50 characters, no commas (the issues API splits label filters on them). */
const labelName = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[^,]+$/, "must be a label name without commas");

/** Security incidents (runbook §5): checksum-drift signals and tampering checks on the default branch. */
export const securitySection = {
  security: z
    .strictObject({
      /** A completed run of one of these with conclusion `failure` is a drift signal. */
      drift_workflows: z
        .array(workflowFile)
        .max(20)
        .default(["checksum-drift.yml", "checksum-drift.yaml"])
        .describe("A completed run of one of these workflows (default branch, not a fork) with conclusion `failure` is a drift signal."),
      /** An issue opened with `drift_label` whose title starts with one of these is a drift signal. */
      drift_titles: z
        .array(z.string().trim().min(3).max(200))
        .max(20)
        .default(["Checksum drift detected"])
        .describe("An issue opened with `drift_label` whose title starts with one of these (case-insensitive) is a drift signal."),
      drift_label: labelName.default("security").describe("The label a drift issue must be opened with."),
      /** How many recent commits to `recipes_dir` the incident lists, each classified. */
      recent_recipe_commits: z
        .number()
        .int()
        .min(0)
        .max(50)
        .default(20)
        .describe("How many recent commits to `recipes_dir` the incident lists, each classified (each costs one or two API calls)."),
      /** Tampering checks on pushes to the default branch (recipe files and the control file). */
      check_pushes: z.boolean().default(true).describe("Tampering checks on pushes to the default branch (recipe files and the control file)."),
    })
    .prefault({})
    .describe("Security incidents (runbook §5): checksum-drift signals, and tampering checks on the default branch."),
};

export type SecurityConfig = z.infer<(typeof securitySection)["security"]>;
