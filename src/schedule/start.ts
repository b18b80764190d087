import type { ApplicationFunctionOptions, Probot } from "probot";
import type { AppDeps } from "../deps.js";
import { addRoute } from "../http/add-route.js";
import { scheduleRoute } from "../http/schedule-route.js";
import { ScheduleRunner } from "./runner.js";
import { leaseTtlMs } from "./settings.js";
import { scheduledTasks } from "./tasks.js";
import { ScheduleTimer } from "./timer.js";

/**
 * Wires the schedule into the app: the tick runner (Probot's `app.auth` for installations), the HTTP
 * trigger, and the in-process timer when `deps.schedule` asks for one. Returns what it built so the
 * caller (and tests) can run a tick or stop the timer.
 */
export function startSchedule(app: Probot, options: Partial<ApplicationFunctionOptions> | undefined, deps: AppDeps): { runner: ScheduleRunner; timer?: ScheduleTimer } {
  const settings = deps.schedule;
  const runner = new ScheduleRunner({
    auth: (installationId) => app.auth(installationId),
    store: deps.store,
    clock: deps.clock,
    tasks: scheduledTasks,
    log: app.log,
    ...(deps.lease ? { lease: deps.lease } : {}),
    leaseTtlMs: leaseTtlMs(settings),
  });
  addRoute(options, scheduleRoute({ runner, ...(settings?.triggerToken ? { token: settings.triggerToken } : {}), log: app.log }));
  if (!settings || settings.intervalSeconds <= 0) return { runner };
  const timer = new ScheduleTimer(settings.intervalSeconds * 1000, () => runner.tick(), app.log);
  timer.start();
  app.log.info({ intervalSeconds: settings.intervalSeconds }, "schedule: in-process timer started");
  return { runner, timer };
}
