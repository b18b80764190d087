import { z } from "zod";

const fraction = z.number().positive().max(10);

export const breakerBudgetSection = {
  circuit_breaker: z
    .strictObject({
      failure_threshold: z.number().int().min(1).default(5),
      recovery_minutes: z.number().int().min(1).default(60),
      outcomes_from: z.enum(["jobs", "artifact", "off"]).default("jobs"),
    })
    .prefault({}),
  budget: z
    .strictObject({
      macos_minutes_per_week: z.number().positive().default(1000),
      linux_minutes_per_week: z.number().positive().default(5000),
      sampling_at: fraction.default(0.8),
      disable_noncritical_at: fraction.default(0.9),
      pause_at: fraction.default(1.0),
      critical_ecosystems: z.array(z.string().min(1)).default([]),
      macos_labels: z.array(z.string().min(1)).default([]),
    })
    .prefault({})
    .refine((b) => b.sampling_at <= b.disable_noncritical_at && b.disable_noncritical_at <= b.pause_at, {
      message: "thresholds must satisfy sampling_at ≤ disable_noncritical_at ≤ pause_at",
    }),
  staleness_hours: z.number().positive().default(2),
  incidents: z.strictObject({ auto_stop_on_high: z.boolean().default(true) }).prefault({}),
};
