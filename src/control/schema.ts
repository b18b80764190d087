import { z } from "zod";

/**
 * The runbook's `batch-control.json` schema. Every key is optional (missing keys take the runbook's
 * defaults, see `defaults.ts`) and unknown keys are allowed and kept, so a pipeline that adds its own
 * fields never loses them to this app.
 */
export const breakerStateSchema = z.enum(["closed", "open", "half-open"]);

const stamp = z.string();

export const breakerSchema = z.looseObject({
  state: breakerStateSchema,
  failures: z.number().int().nonnegative(),
  last_failure: stamp.optional(),
  opens_at: stamp.optional(),
});

export const budgetSchema = z.looseObject({
  macos_minutes_used: z.number().nonnegative().optional(),
  linux_minutes_used: z.number().nonnegative().optional(),
  week_start: z.string().optional(),
  sampling_active: z.boolean().optional(),
});

export const controlFileSchema = z.looseObject({
  enabled: z.boolean().optional(),
  disabled_ecosystems: z.array(z.string().min(1)).optional(),
  reason: z.string().optional(),
  incident_url: z.string().optional(),
  disabled_by: z.string().optional(),
  disabled_at: z.string().optional(),
  expected_resume: z.string().optional(),
  circuit_breaker: z.record(z.string().min(1), breakerSchema).optional(),
  budget: budgetSchema.optional(),
});

export type BreakerState = z.infer<typeof breakerStateSchema>;
export type Breaker = z.infer<typeof breakerSchema>;
export type Budget = z.infer<typeof budgetSchema>;
/** The control file as parsed: the original object, key order and unknown keys intact. */
export type ControlFile = z.infer<typeof controlFileSchema>;
