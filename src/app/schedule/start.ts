import type { ApplicationFunctionOptions, Probot } from "probot";
import type { AppDeps } from "../../core/deps.js";
import { EtagCache } from "../../github/conditional-requests.js";
import { addRoute } from "../http/add-route.js";
import { scheduleRoute } from "../http/schedule-route.js";
import { redeliveryTask } from "../../catchup/redelivery-task.js";
import { ScheduleRunner } from "./runner.js";
import { leaseTtlMs } from "../../config/schedule-settings.js";
import { scheduledTasks } from "./tasks.js";
import { ScheduleTimer } from "./timer.js";

/** The start-up tick waits this long, so the server is listening when redelivered webhooks arrive. */
export const START_TICK_DELAY_MS = 2000;

/**
 * Wires the schedule into the app: the tick runner (Probot's `app.auth` for installations, conditional
 * GETs so a quiet tick costs little rate limit), the App-wide redelivery pass, the HTTP trigger, and the
 * in-process timer when `deps.schedule` asks for one (with a first tick right after start, to catch up
 * on what happened while the app was down). Returns what it built so the caller (and tests) can run a
 * tick or stop the timer.
 */
export function startSchedule(
  app: Probot,
  options: Partial<ApplicationFunctionOptions> | undefined,
  deps: AppDeps,
): { runner: ScheduleRunner; timer?: ScheduleTimer } {
  const settings = deps.schedule;
  const catchup = deps.catchup;
  const runner = new ScheduleRunner({
    auth: (installationId) => app.auth(installationId),
    store: deps.store,
    clock: deps.clock,
    tasks: scheduledTasks(),
    log: app.log,
    ...(deps.lease ? { lease: deps.lease } : {}),
    ...(deps.inFlight ? { inFlight: deps.inFlight } : {}),
    leaseTtlMs: leaseTtlMs(settings),
    // A few entries per repository (config, control file, runs, issue lists).
    etags: new EtagCache(5000),
    ...(catchup
      ? {
          appTasks: [
            redeliveryTask({
              settings: catchup.settings.redelivery,
              store: catchup.redeliveries,
              status: catchup.status,
              clock: deps.clock,
              ...(deps.metrics ? { metrics: deps.metrics } : {}),
            }),
          ],
        }
      : {}),
    services: {
      exclusive: deps.exclusive,
      seedingLock: deps.seedingLock,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      ...(catchup ? { reconcileMaxRunsPerTick: catchup.settings.reconcileMaxRunsPerTick } : {}),
    },
  });
  addRoute(options, scheduleRoute({ runner, ...(settings?.triggerToken ? { token: settings.triggerToken } : {}), log: app.log }));
  if (!settings || settings.intervalSeconds <= 0) return { runner };
  const timer = new ScheduleTimer(
    settings.intervalSeconds * 1000,
    () => runner.tick(),
    app.log,
    catchup?.settings.tickOnStart ? START_TICK_DELAY_MS : undefined,
  );
  timer.start();
  app.log.info({ intervalSeconds: settings.intervalSeconds }, "schedule: in-process timer started");
  return { runner, timer };
}
