import type { ApplicationFunctionOptions, Probot } from "probot";
import type { AppDeps } from "../../core/deps.js";
import { HealthSource } from "../../health-page/health-source.js";
import { addRoute } from "./add-route.js";
import { metricsRoute } from "./metrics-route.js";
import { pipelineRoutes } from "./pipeline-routes.js";

export const DEFAULT_DASHBOARD_CACHE_SECONDS = 60;

/**
 * The app's own HTTP routes on Probot's server: the pipeline health pages and `/metrics`. A Probot
 * loaded without a server (tests that only deliver webhooks) has no routes, and that is fine.
 */
export function registerHttpRoutes(app: Probot, options: Partial<ApplicationFunctionOptions> | undefined, deps: AppDeps): void {
  if (!options?.addHandler) return;
  const settings = deps.dashboard ?? {};
  const source = new HealthSource({
    auth: (id?: number) => app.auth(id),
    clock: deps.clock,
    ttlMs: (settings.cacheSeconds ?? DEFAULT_DASHBOARD_CACHE_SECONDS) * 1000,
    log: app.log,
  });
  addRoute(options, pipelineRoutes({ source, dashboardToken: settings.token, clock: deps.clock, log: app.log }));
  if (deps.metrics) addRoute(options, metricsRoute({ metrics: deps.metrics, source, dashboardToken: settings.token, log: app.log }));
}
