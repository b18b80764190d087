import { z } from "zod";
import { workflowFile } from "./core.js";

const repoPath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith("/") && !p.split("/").includes(".."), "must be a path inside the repository");

/** A file or artifact name: no directories, nothing that could escape a path. */
const plainName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w.-]+$/, "must be a plain name (letters, digits, . _ -)");

/** The seeding review loop (runbook §6 and the review part of §7). Accept/reject permissions live in `permissions`. */
export const seedingSection = {
  seeding: z
    .strictObject({
      workflow: workflowFile.default("seed-queue.yml"),
      artifact: plainName.default("seeding-summary"),
      summary_file: plainName.default("seeding-summary.json"),
      max_artifact_mb: z.number().positive().max(500).default(20),
      max_issues_per_run: z.number().int().min(1).max(100).default(20),
      queue_file: repoPath.default("data/queues/priority-queue.json"),
      audit_dir: repoPath.default("data/disambiguations/audit"),
      failing_runs_to_escalate: z.number().int().min(2).max(52).default(3),
      curated_invalid_limit: z.number().int().min(0).default(10),
    })
    .prefault({}),
};

export type SeedingConfig = z.infer<(typeof seedingSection)["seeding"]>;
