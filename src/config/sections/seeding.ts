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
      workflow: workflowFile.default("seed-queue.yml").describe("The seeding workflow's file name."),
      artifact: plainName.default("seeding-summary").describe("Name of the artifact the seeding workflow uploads."),
      summary_file: plainName
        .default("seeding-summary.json")
        .describe("The JSON summary file in that artifact (matched by path, or by name in a folder)."),
      max_artifact_mb: z.number().positive().max(500).default(20).describe("Largest artifact (and inflated summary file) read, in MB."),
      max_issues_per_run: z
        .number()
        .int()
        .min(1)
        .max(100)
        .default(20)
        .describe("New issues (review and escalation issues together) opened per run and per scheduled tick; the rest wait for the next tick."),
      queue_file: repoPath
        .default("data/queues/priority-queue.json")
        .describe("The priority queue that accepted changes edit; a path inside the repository."),
      audit_dir: repoPath
        .default("data/disambiguations/audit")
        .describe("Where the audit log linked from each review issue lives; a path inside the repository."),
      failing_runs_to_escalate: z
        .number()
        .int()
        .min(2)
        .max(52)
        .default(3)
        .describe("Consecutive runs with the same failed ecosystem before an investigate issue is opened."),
      curated_invalid_limit: z.number().int().min(0).default(10).describe("More `curated_invalid` entries than this asks for a curation review."),
    })
    .prefault({})
    .describe(
      "The seeding review loop (runbook §6 and the review part of §7): review issues from each seeding run, a digest, escalations. Who may accept or reject is set in `permissions`.",
    ),
};

export type SeedingConfig = z.infer<(typeof seedingSection)["seeding"]>;
