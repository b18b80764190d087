import { z } from "zod";
import { regexProblem } from "../../util/safe-regex.js";

/** `YYYY-MM-DD`, `YYYY-MM-DD-NNN` and the legacy `YYYY-MM-DD-<ecosystem>`. */
export const DEFAULT_BATCH_ID_PATTERN = "^\\d{4}-\\d{2}-\\d{2}(-[A-Za-z0-9.]+)?$";

const safePattern = z.string().superRefine((pattern, ctx) => {
  const problem = regexProblem(pattern);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** A directory inside the repository, stored with exactly one trailing slash. */
const repoDirectory = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((p) => !p.startsWith("/") && !p.includes("\\") && !p.split("/").includes(".."), "must be a directory inside the repository")
  .transform((p) => `${p.replace(/\/+$/, "")}/`)
  .refine((p) => p !== "/", "must name a directory, not the repository root");

/** A user (`alice`, `@alice`) or a team of the repository's organisation (`org/team`, `@org/team`). */
export const REVIEWER_PATTERN = /^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9][A-Za-z0-9_.-]{0,99})?$/;

export const rollbackSection = {
  /** Only paths under this directory are rolled back; failure and metrics records stay. */
  recipes_dir: repoDirectory
    .default("recipes/")
    .describe(
      "Only paths under this directory are rolled back (failure and metrics records stay), and the security checks watch it. A directory inside the repository; a trailing `/` is added.",
    ),
  rollback: z
    .strictObject({
      batch_id_pattern: safePattern
        .default(DEFAULT_BATCH_ID_PATTERN)
        .describe(
          "Batch ids `/rollback` accepts (whole match; an id is at most 64 characters), matched with RE2 in linear time. The pattern is at most 200 characters; must compile, use no back-references and repeat (with `*`, `+` or `{n,m}`) no group that itself contains a repetition or `|` (catastrophic backtracking).",
        ),
      batch_branch_prefix: z
        .string()
        .min(1)
        .max(100)
        .regex(/^[A-Za-z0-9._/-]+$/, "must be a branch name prefix such as batch/")
        .default("batch/")
        .describe("Head branches of the pipeline's batch pull requests start with this."),
      second_reviewers: z
        .array(z.string().regex(REVIEWER_PATTERN, "must be a user login (alice) or a team (org/team-slug)"))
        .max(15)
        .default([])
        .describe(
          "Asked to review rollbacks of more than 10 recipes: logins (`alice`, `@alice`) or teams of the repository's organisation (`acme/release-team`). A team needs access to the repository.",
        ),
    })
    .prefault({})
    .describe("Rolling back a batch with `/rollback <batch_id>`: which ids and branches are batches, and who reviews large rollbacks."),
};
