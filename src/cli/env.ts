import { z } from "zod";

/**
 * The environment variables the CLI reads, parsed in one place. `GITHUB_OUTPUT` is set by GitHub
 * Actions; `CONTROL_FILE` is the variable the pipeline's own scripts honour. Empty strings count as unset.
 */
export const cliEnvSchema = z.object({
  GITHUB_OUTPUT: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Set by GitHub Actions: `breaker` and `preflight` append their outputs to this file. A value with a line break is written in GitHub's multi-line form, so a control file cannot add outputs of its own.",
    ),
  CONTROL_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The control file path, as the pipeline's own scripts read it. `--control-file` wins over it; both win over `control_file` in the config. Must be inside the clone.",
    ),
  BATCH_OPS_NOW: z
    .string()
    .min(1)
    .refine((v) => !Number.isNaN(Date.parse(v)), "must be an ISO-8601 time such as 2026-11-27T10:00:00Z")
    .optional()
    .describe("Pretend it is this ISO-8601 time (tests, or reproducing a past decision). Unset: the clock."),
});

export type CliEnv = z.infer<typeof cliEnvSchema>;

export function readCliEnv(env: NodeJS.ProcessEnv = process.env): { ok: true; env: CliEnv } | { ok: false; errors: string[] } {
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = cliEnvSchema.safeParse(given);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  return { ok: true, env: parsed.data };
}
