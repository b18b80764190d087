import { z } from "zod";
import { permissionLevelSchema } from "../../core/permission-level.js";

const workflowFile = z.string().regex(/^[\w.-]+\.ya?ml$/, "must be a workflow file name such as batch-generate.yml");

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
    .default("batch-control.json")
    .describe("Path of the control file, inside the repository (no leading `/`, no `..`)."),
  ecosystems: z
    .array(z.string().min(1).max(64))
    .default(DEFAULT_ECOSYSTEMS)
    .describe("Known ecosystem names. Every key already under `circuit_breaker` in the control file is known too."),
  ecosystem_aliases: z
    .record(z.string().min(1), z.string().min(1))
    .default({ cargo: "crates.io" })
    .describe("Other names people type, each mapped to an ecosystem. Names are case-insensitive."),
  permissions: z
    .record(z.string(), permissionLevelSchema)
    .default({})
    .transform((given) => ({ ...DEFAULT_PERMISSIONS, ...given }))
    .describe(
      "Minimum repository role per command key, e.g. `{stop: maintain}`; the keys given replace their defaults, the others keep them. A key missing from the defaults needs `write`. Levels: `read` < `triage` < `write` < `maintain` < `admin`; the keys are listed with the commands.",
    ),
  /** Most commands one comment may run; over it, the comment is refused whole (one reply, nothing run). */
  max_commands_per_comment: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(10)
    .describe("Most commands one comment may run; over it, the comment is refused whole (one reply, nothing run)."),
  stop_workflows: z
    .array(workflowFile)
    .default([])
    .describe(
      "Workflow files that `/stop all` disables through the Actions API and `/resume all` enables again. A pipeline that does not read `enabled` is only really stopped this way.",
    ),
  batch_workflows: z
    .array(workflowFile)
    .default(["batch-operations.yml"])
    .describe(
      "Workflow files whose runs are batch runs (the real tsuku pipeline's is `batch-generate.yml`). Never the seeding workflow: the config is refused if `seeding.workflow` is listed here.",
    ),
};
export { workflowFile };
