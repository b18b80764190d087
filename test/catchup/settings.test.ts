import { describe, expect, test } from "@jest/globals";
import { envSchema, readEnv } from "../../src/config/env.js";
import { catchupSettingsFrom } from "../../src/config/catchup-settings.js";

describe("catch-up settings from the environment", () => {
  test("defaults: redelivery on, 24 hours back, 25 per tick; 20 runs reconciled per repository and tick", () => {
    expect(catchupSettingsFrom(envSchema.parse({}))).toEqual({
      redelivery: { enabled: true, lookbackHours: 24, maxPerTick: 25 },
      reconcileMaxRunsPerTick: 20,
      tickOnStart: true,
    });
  });

  test("BATCH_OPS_REDELIVERY=off, a 72-hour lookback, reconciling off", () => {
    const env = envSchema.parse({
      BATCH_OPS_REDELIVERY: "off",
      BATCH_OPS_REDELIVERY_LOOKBACK_HOURS: "72",
      BATCH_OPS_REDELIVERY_MAX_PER_TICK: "5",
      BATCH_OPS_RECONCILE_MAX_RUNS_PER_TICK: "0",
    });
    expect(catchupSettingsFrom(env)).toEqual({
      redelivery: { enabled: false, lookbackHours: 72, maxPerTick: 5 },
      reconcileMaxRunsPerTick: 0,
      tickOnStart: true,
    });
  });

  test.each([
    [
      { BATCH_OPS_REDELIVERY_LOOKBACK_HOURS: "73" },
      "BATCH_OPS_REDELIVERY_LOOKBACK_HOURS: must be at most 72 (GitHub keeps webhook deliveries for 3 days)",
    ],
    [{ BATCH_OPS_REDELIVERY_LOOKBACK_HOURS: "0" }, "BATCH_OPS_REDELIVERY_LOOKBACK_HOURS"],
    [{ BATCH_OPS_REDELIVERY_MAX_PER_TICK: "0" }, "BATCH_OPS_REDELIVERY_MAX_PER_TICK"],
    [{ BATCH_OPS_REDELIVERY: "no" }, "BATCH_OPS_REDELIVERY"],
    [{ BATCH_OPS_RECONCILE_MAX_RUNS_PER_TICK: "many" }, "BATCH_OPS_RECONCILE_MAX_RUNS_PER_TICK"],
  ])("refused: %j", (env, message) => {
    const result = readEnv(env);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });
});
