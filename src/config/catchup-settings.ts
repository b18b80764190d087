import type { AppEnv } from "./env.js";

/** How failed webhook deliveries are redelivered (App-wide, one replica per tick). */
export interface RedeliverySettings {
  /** BATCH_OPS_REDELIVERY: `off` turns the pass off. */
  enabled: boolean;
  /** BATCH_OPS_REDELIVERY_LOOKBACK_HOURS: how far back a pass pages without a checkpoint (GitHub keeps 3 days). */
  lookbackHours: number;
  /** BATCH_OPS_REDELIVERY_MAX_PER_TICK: redeliveries asked for per tick at most; the rest wait for the next tick. */
  maxPerTick: number;
}

/** What the app catches up after being down: failed deliveries, and runs whose events never arrived. */
export interface CatchupSettings {
  redelivery: RedeliverySettings;
  /** BATCH_OPS_RECONCILE_MAX_RUNS_PER_TICK: batch runs applied from the API per repository and tick (0: off). */
  reconcileMaxRunsPerTick: number;
  /** Run one tick right after start when the in-process timer is on (catching up after a restart). */
  tickOnStart: boolean;
}

export const DEFAULT_CATCHUP: CatchupSettings = {
  redelivery: { enabled: true, lookbackHours: 24, maxPerTick: 25 },
  reconcileMaxRunsPerTick: 20,
  tickOnStart: true,
};

type CatchupEnv = Pick<
  AppEnv,
  "BATCH_OPS_REDELIVERY" | "BATCH_OPS_REDELIVERY_LOOKBACK_HOURS" | "BATCH_OPS_REDELIVERY_MAX_PER_TICK" | "BATCH_OPS_RECONCILE_MAX_RUNS_PER_TICK"
>;

export function catchupSettingsFrom(env: CatchupEnv): CatchupSettings {
  return {
    redelivery: {
      enabled: env.BATCH_OPS_REDELIVERY !== "off",
      lookbackHours: env.BATCH_OPS_REDELIVERY_LOOKBACK_HOURS,
      maxPerTick: env.BATCH_OPS_REDELIVERY_MAX_PER_TICK,
    },
    reconcileMaxRunsPerTick: env.BATCH_OPS_RECONCILE_MAX_RUNS_PER_TICK,
    tickOnStart: true,
  };
}
