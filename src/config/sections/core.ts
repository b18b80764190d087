import { z } from "zod";
import { permissionLevelSchema } from "../permission-level.js";

const workflowFile = z
  .string()
  .regex(/^[\w.-]+\.ya?ml$/, "must be a workflow file name such as batch-generate.yml");

export const DEFAULT_ECOSYSTEMS = ["homebrew", "crates.io", "npm", "pypi", "rubygems", "github", "go", "cpan", "cask", "nix"];

/** The minimum repository permission per command; a command missing here falls back to `write`. */
export const DEFAULT_PERMISSIONS = {
  status: "read",
  help: "read",
  stop: "write",
  resume: "write",
  breaker: "read",
  "breaker reset": "maintain",
  budget: "read",
  "budget sampling": "write",
  "budget reset": "maintain",
  rollback: "write",
  accept: "write",
  reject: "write",
} as const;

export const coreSection = {
  control_file: z
    .string()
    .min(1)
    .refine((p) => !p.startsWith("/") && !p.split("/").includes(".."), "must be a path inside the repository")
    .default("batch-control.json"),
  ecosystems: z.array(z.string().min(1).max(64)).default(DEFAULT_ECOSYSTEMS),
  ecosystem_aliases: z.record(z.string().min(1), z.string().min(1)).default({ cargo: "crates.io" }),
  permissions: z
    .record(z.string(), permissionLevelSchema)
    .default({})
    .transform((given) => ({ ...DEFAULT_PERMISSIONS, ...given }) as Record<string, z.infer<typeof permissionLevelSchema>>),
  /** Most commands one comment may run; over it, the comment is refused whole (one reply, nothing run). */
  max_commands_per_comment: z.number().int().min(1).max(50).default(10),
  stop_workflows: z.array(workflowFile).default([]),
  batch_workflows: z.array(workflowFile).default(["batch-operations.yml"]),
};
export { workflowFile };
