import { z } from "zod";

const fraction = z.number().positive().max(10);

export const breakerBudgetSection = {
  circuit_breaker: z
    .strictObject({
      failure_threshold: z.number().int().min(1).default(5).describe("Failures of a closed breaker that open it."),
      recovery_minutes: z
        .number()
        .int()
        .min(1)
        .default(60)
        .describe("How long an opened breaker stays open before it may go half-open (`opens_at = now + recovery_minutes`)."),
      outcomes_from: z
        .enum(["jobs", "artifact", "off"])
        .default("jobs")
        .describe(
          "Where a completed run's per-ecosystem outcome comes from: its `jobs`, its `artifact`, or `off` (the pipeline updates breakers itself; the app only accounts the budget).",
        ),
    })
    .prefault({})
    .describe("Per-ecosystem circuit breakers in the control file, updated from each completed batch run."),
  budget: z
    .strictObject({
      macos_minutes_per_week: z.number().positive().default(1000).describe("Weekly macOS CI-minute limit."),
      linux_minutes_per_week: z.number().positive().default(5000).describe("Weekly Linux CI-minute limit."),
      sampling_at: fraction.default(0.8).describe("Use of a weekly limit (1 = 100%) at which sampling is enabled."),
      disable_noncritical_at: fraction.default(0.9).describe("Use at which every ecosystem not in `critical_ecosystems` is disabled."),
      pause_at: fraction.default(1.0).describe("Use at which batch processing is paused until the weekly reset (the design's 95% is `0.95`)."),
      critical_ecosystems: z
        .array(z.string().min(1))
        .default([])
        .describe("Ecosystems the `disable_noncritical_at` step keeps running (aliases apply)."),
      macos_labels: z
        .array(z.string().min(1))
        .default([])
        .describe("Runner labels that mean macOS (case-insensitive); empty: any label containing `macos`."),
    })
    .prefault({})
    .refine((b) => b.sampling_at <= b.disable_noncritical_at && b.disable_noncritical_at <= b.pause_at, {
      message: "thresholds must satisfy sampling_at ≤ disable_noncritical_at ≤ pause_at",
    })
    .describe(
      "The weekly CI-minute budget and the steps taken as it is used up. Thresholds are fractions of the weekly limits and must satisfy `sampling_at ≤ disable_noncritical_at ≤ pause_at`.",
    ),
  staleness_hours: z
    .number()
    .positive()
    .default(2)
    .describe("The watchdog's limit: no completed batch run for longer than this is a stale pipeline."),
  incidents: z
    .strictObject({ auto_stop_on_high: z.boolean().default(true).describe("On a High-severity incident, stop the pipeline as `/stop all` would.") })
    .prefault({})
    .describe("What the app does when it opens an incident."),
};
