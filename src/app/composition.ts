import type { AppDeps, CatchupDeps } from "../core/deps.js";
import type { AppEnv } from "../config/env.js";
import { AppMetrics } from "../core/app-metrics.js";
import type { RedisCoordinator } from "../coordination/redis-coordinator.js";
import { RedisDeliveryDedupe } from "../coordination/redis-delivery-dedupe.js";
import { MemoryLease, RedisLease } from "../coordination/lease.js";
import { RedisRepoLock } from "../coordination/redis-repo-lock.js";
import { scheduleSettingsFrom } from "../config/schedule-settings.js";
import { ControlStore, type ControlStoreEvents } from "../control/store.js";
import { MemoryDeliveryDedupe } from "../coordination/delivery-dedupe.js";
import { Exclusive } from "../coordination/exclusive.js";
import { catchupSettingsFrom } from "../config/catchup-settings.js";
import { RedeliveryStatus } from "../core/redelivery-status.js";
import { MemoryRedeliveryStore, type RedeliveryStore } from "../coordination/redelivery-store.js";
import { RedisRedeliveryStore } from "../coordination/redis-redelivery-store.js";
import { RepeatReads } from "../github/repeat-reads.js";
import { WorkflowTexts } from "../github/workflow-texts.js";
import { InFlight } from "../coordination/in-flight.js";

type CatchupEnv = Pick<
  AppEnv,
  "BATCH_OPS_REDELIVERY" | "BATCH_OPS_REDELIVERY_LOOKBACK_HOURS" | "BATCH_OPS_REDELIVERY_MAX_PER_TICK" | "BATCH_OPS_RECONCILE_MAX_RUNS_PER_TICK"
>;
type DepsEnv = Pick<
  AppEnv,
  "DASHBOARD_TOKEN" | "BATCH_OPS_DASHBOARD_CACHE_SECONDS" | "BATCH_OPS_SCHEDULE_INTERVAL_SECONDS" | "SCHEDULE_TRIGGER_TOKEN"
> &
  CatchupEnv;

/** A seeding run can take minutes (review issues are spaced out): the lock is renewed while held, and waited for. */
const SEEDING_LOCK = { ttlMs: 30_000, waitMs: 15 * 60_000, pollMs: 250, renewEveryMs: 10_000 };

/**
 * The composition root: every shared service, built once from the validated environment. Coordination
 * is in-process, or Redis-backed when a coordinator is given (REDIS_URL).
 */
export function buildDeps(env: DepsEnv, redis?: RedisCoordinator): AppDeps {
  const metrics = new AppMetrics();
  const events: ControlStoreEvents = { onCommit: (repo, changes) => metrics.commit(repo, changes), onConflict: (repo) => metrics.conflict(repo) };
  const settings = catchupSettingsFrom(env);
  const shared = {
    clock: () => new Date(),
    metrics,
    dashboard: { ...(env.DASHBOARD_TOKEN ? { token: env.DASHBOARD_TOKEN } : {}), cacheSeconds: env.BATCH_OPS_DASHBOARD_CACHE_SECONDS },
    schedule: scheduleSettingsFrom(env),
    repeatReads: new RepeatReads(),
    workflowTexts: new WorkflowTexts(),
    inFlight: new InFlight(),
  };
  const catchup = (redeliveries: RedeliveryStore): CatchupDeps => ({
    settings,
    redeliveries,
    status: new RedeliveryStatus(settings.redelivery.enabled),
  });
  if (!redis) {
    return {
      ...shared,
      store: new ControlStore({ events }),
      dedupe: new MemoryDeliveryDedupe(),
      lease: new MemoryLease(),
      exclusive: new Exclusive(),
      seedingLock: new Exclusive(),
      catchup: catchup(new MemoryRedeliveryStore()),
    };
  }
  const lock = new RedisRepoLock(redis);
  return {
    ...shared,
    store: new ControlStore({ lock, events }),
    exclusive: new Exclusive(lock),
    seedingLock: new Exclusive(new RedisRepoLock(redis, SEEDING_LOCK)),
    dedupe: new RedisDeliveryDedupe(redis),
    lease: new RedisLease(redis),
    catchup: catchup(new RedisRedeliveryStore(redis)),
    redis,
  };
}
