import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { PipelineHealth } from "../../health-page/pipeline-health.js";
import type { AppMetrics } from "../../core/app-metrics.js";
import type { HealthSource } from "../../health-page/health-source.js";
import { tokenMatches } from "./access.js";
import { refuseMethod, sendText } from "./respond.js";

export interface MetricsRouteOptions {
  metrics: AppMetrics;
  source?: HealthSource;
  /** With a dashboard token set, `/metrics` needs it too (it names private repositories). */
  dashboardToken?: string;
  log?: Pick<Logger, "warn">;
}

/**
 * The pipeline gauges come from the same cached health data as the page: a scrape costs at most one
 * refresh per repository per interval. Without a token configured only public repositories appear.
 */
async function healthOfVisibleRepositories(
  source: HealthSource,
  includePrivate: boolean,
  metrics: AppMetrics,
  log?: Pick<Logger, "warn">,
): Promise<PipelineHealth[]> {
  const healths: PipelineHealth[] = [];
  let repositories;
  try {
    repositories = (await source.repositories()).filter((r) => includePrivate || !r.private);
  } catch (error) {
    metrics.healthReadError();
    log?.warn({ err: error }, "installed repositories cannot be listed for /metrics");
    return healths;
  }
  for (const repository of repositories) {
    try {
      healths.push(await source.health(repository));
    } catch (error) {
      metrics.healthReadError();
      log?.warn({ err: error, repository: repository.fullName }, "health cannot be read for /metrics");
    }
  }
  return healths;
}

/** `GET /metrics`: Prometheus text format from the app's own registry. */
export function metricsRoute(options: MetricsRouteOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/metrics") return false;
    if (refuseMethod(req, res)) return true;
    if (options.dashboardToken) {
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
      if (!tokenMatches(bearer, options.dashboardToken)) {
        return sendText(req, res, 401, "The dashboard token is required: Authorization: Bearer <DASHBOARD_TOKEN>\n", undefined, {
          "www-authenticate": 'Bearer realm="batch-ops"',
        });
      }
    }
    if (options.source) {
      options.metrics.setPipelineHealth(
        await healthOfVisibleRepositories(options.source, Boolean(options.dashboardToken), options.metrics, options.log),
      );
    }
    return sendText(req, res, 200, await options.metrics.registry.metrics(), options.metrics.registry.contentType);
  };
}
