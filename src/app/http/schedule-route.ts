import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { ScheduleRunner, TickReport } from "../schedule/runner.js";
import { tokenMatches } from "./access.js";
import { sendJson, sendText } from "./respond.js";

export const SCHEDULE_PATH = "/batch-ops/schedule";

export interface ScheduleRouteOptions {
  runner: Pick<ScheduleRunner, "tick">;
  /** SCHEDULE_TRIGGER_TOKEN; without it the route answers 404. */
  token?: string;
  log?: Pick<Logger, "info" | "warn">;
}

function json(req: IncomingMessage, res: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): true {
  return sendText(req, res, status, JSON.stringify(value, null, 2) + "\n", "application/json; charset=utf-8", extra);
}

/** What the caller (an external cron) sees: counts, skipped repositories and every failure. */
export function tickSummary(report: TickReport): Record<string, unknown> {
  const skipped: Record<string, number> = {};
  for (const r of report.repos) if (r.skipped) skipped[r.skipped] = (skipped[r.skipped] ?? 0) + 1;
  const failures = [
    ...(report.app ?? []).flatMap((t) => (t.ok ? [] : [{ task: t.name, error: t.error }])),
    ...report.repos.flatMap((r) => [
      ...(r.skipped === "error" || r.skipped === "invalid config" ? [{ repo: r.repo, error: r.detail ?? r.skipped }] : []),
      ...r.tasks.flatMap((t) => (t.ok ? [] : [{ repo: r.repo, task: t.name, error: t.error }])),
    ]),
  ];
  return {
    started_at: report.startedAt,
    installations: report.installations,
    repositories: report.repos.length,
    ticked: report.repos.filter((r) => !r.skipped).length,
    skipped,
    failures,
    errors: report.errors,
    ...(report.app ? { app_tasks: report.app.map((t) => ({ name: t.name, ok: t.ok, ...(t.skipped ? { skipped: t.skipped } : {}) })) } : {}),
  };
}

/**
 * `POST /batch-ops/schedule` with `Authorization: Bearer <SCHEDULE_TRIGGER_TOKEN>`: runs one tick now and
 * answers with its summary. 401 without the token (compared in constant time), 405 for other methods,
 * 409 while a tick is already running, 404 when no token is configured.
 */
export function scheduleRoute(options: ScheduleRouteOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== SCHEDULE_PATH) return false;
    if (!options.token) return sendJson(req, res, 404, { error: "the schedule trigger is disabled: SCHEDULE_TRIGGER_TOKEN is not set" });
    if (req.method !== "POST") return json(req, res, 405, { error: "use POST" }, { allow: "POST" });
    const header = req.headers.authorization;
    const bearer = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    if (!tokenMatches(bearer, options.token)) {
      options.log?.warn({ remote: req.socket.remoteAddress }, "schedule trigger refused: bad or missing token");
      return json(req, res, 401, { error: "a valid bearer token is required" }, { "www-authenticate": 'Bearer realm="batch-ops"' });
    }
    req.resume(); // the body is not used; drain it
    const report = await options.runner.tick();
    if (!report) return json(req, res, 409, { error: "a tick is already running" });
    options.log?.info({ repos: report.repos.length }, "schedule trigger: tick done");
    return sendJson(req, res, 200, tickSummary(report));
  };
}
