import type { AppEnv } from "./env.js";

/** How the schedule runs: the in-process timer and the HTTP trigger. */
export interface ScheduleSettings {
  /** BATCH_OPS_SCHEDULE_INTERVAL_SECONDS: seconds between in-process ticks; 0 disables the timer. */
  intervalSeconds: number;
  /** SCHEDULE_TRIGGER_TOKEN: bearer token of `POST /batch-ops/schedule`; absent, the trigger answers 404. */
  triggerToken?: string;
}

export function scheduleSettingsFrom(env: Pick<AppEnv, "BATCH_OPS_SCHEDULE_INTERVAL_SECONDS" | "SCHEDULE_TRIGGER_TOKEN">): ScheduleSettings {
  return {
    intervalSeconds: env.BATCH_OPS_SCHEDULE_INTERVAL_SECONDS,
    ...(env.SCHEDULE_TRIGGER_TOKEN ? { triggerToken: env.SCHEDULE_TRIGGER_TOKEN } : {}),
  };
}

/** A repository's lease lasts a little less than the interval, so the next tick can claim it again. */
export function leaseTtlMs(settings: ScheduleSettings | undefined): number {
  const interval = (settings?.intervalSeconds ?? 0) * 1000;
  return interval > 0 ? Math.max(30_000, interval - 10_000) : 240_000;
}
