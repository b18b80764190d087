import type { RedeliverySettings } from "../config/catchup-settings.js";
import type { AppMetrics } from "../core/app-metrics.js";
import { runRedeliveryPass } from "./redelivery-pass.js";
import type { RedeliveryStatus } from "../core/redelivery-status.js";
import type { RedeliveryStore } from "../coordination/redelivery-store.js";
import type { AppTask } from "../core/scheduled-task.js";

export interface RedeliveryTaskDeps {
  settings: RedeliverySettings;
  store: RedeliveryStore;
  status?: RedeliveryStatus;
  metrics?: AppMetrics;
  clock: () => Date;
}

/** Each tick (one replica): redeliver the webhooks that failed, e.g. while the app was down or deploying. */
export function redeliveryTask(deps: RedeliveryTaskDeps): AppTask {
  return {
    name: "redelivery",
    async run(tick) {
      if (!deps.settings.enabled) return;
      const report = await runRedeliveryPass(tick.github, { settings: deps.settings, store: deps.store, clock: deps.clock, log: tick.log });
      deps.status?.record(report);
      deps.metrics?.redeliveries(report);
      if (report.redelivered + report.failed > 0 || report.stopped) {
        tick.log.info(
          { redelivered: report.redelivered, failed: report.failed, skipped: report.skipped, stopped: report.stopped },
          "redelivery: pass done",
        );
      }
      if (report.stopped === "listing failed") throw new Error(`webhook deliveries cannot be listed: ${report.error ?? "unknown error"}`);
    },
  };
}
