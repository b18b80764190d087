import type { AppDeps } from "./deps.js";
import type { AppEnv } from "./env.js";
import { AppMetrics } from "./metrics/app-metrics.js";
import type { RedisCoordinator } from "./redis/coordinator.js";
import { RedisDeliveryDedupe } from "./redis/delivery-dedupe.js";
import { MemoryLease, RedisLease } from "./redis/lease.js";
import { RedisRepoLock } from "./redis/repo-lock.js";
import { scheduleSettingsFrom } from "./schedule/settings.js";
import { ControlStore, type ControlStoreEvents } from "./services/control-store.js";
import { MemoryDeliveryDedupe } from "./services/delivery-dedupe.js";
import { Exclusive } from "./services/exclusive.js";

type DepsEnv = Pick<AppEnv, "DASHBOARD_TOKEN" | "BATCH_OPS_DASHBOARD_CACHE_SECONDS" | "BATCH_OPS_SCHEDULE_INTERVAL_SECONDS" | "SCHEDULE_TRIGGER_TOKEN">;

/**
 * The composition root: every shared service, built once from the validated environment. Coordination
 * is in-process, or Redis-backed when a coordinator is given (REDIS_URL).
 */
export function buildDeps(env: DepsEnv, redis?: RedisCoordinator): AppDeps {
  const metrics = new AppMetrics();
  const events: ControlStoreEvents = { onCommit: (repo, changes) => metrics.commit(repo, changes), onConflict: (repo) => metrics.conflict(repo) };
  const shared = {
    clock: () => new Date(),
    metrics,
    dashboard: { ...(env.DASHBOARD_TOKEN ? { token: env.DASHBOARD_TOKEN } : {}), cacheSeconds: env.BATCH_OPS_DASHBOARD_CACHE_SECONDS },
    schedule: scheduleSettingsFrom(env),
  };
  if (!redis) return { ...shared, store: new ControlStore({ events }), dedupe: new MemoryDeliveryDedupe(), lease: new MemoryLease(), exclusive: new Exclusive() };
  const lock = new RedisRepoLock(redis);
  return {
    ...shared,
    store: new ControlStore({ lock, events }),
    exclusive: new Exclusive(lock),
    dedupe: new RedisDeliveryDedupe(redis),
    lease: new RedisLease(redis),
    redis,
  };
}
