import { readEnv } from "../env.js";
import type { ControlStoreEvents } from "../services/control-store.js";
import { AppMetrics } from "./app-metrics.js";

/**
 * The metrics, the control store's commit and retry events feeding them, and the dashboard settings
 * from the environment (already validated by the server; an invalid one here just means defaults).
 */
export function observabilityDeps(source: Record<string, string | undefined> = process.env): {
  metrics: AppMetrics;
  events: ControlStoreEvents;
  dashboard: { token?: string; cacheSeconds: number };
} {
  const metrics = new AppMetrics();
  const env = readEnv(source);
  return {
    metrics,
    events: { onCommit: (repo, changes) => metrics.commit(repo, changes), onConflict: (repo) => metrics.conflict(repo) },
    dashboard: {
      ...(env.ok && env.env.DASHBOARD_TOKEN ? { token: env.env.DASHBOARD_TOKEN } : {}),
      cacheSeconds: env.ok ? env.env.BATCH_OPS_DASHBOARD_CACHE_SECONDS : 60,
    },
  };
}
