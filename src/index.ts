import type { ApplicationFunction, Probot } from "probot";
import type { AppDeps } from "./deps.js";
import { handleCommentCommands } from "./handlers/comment-commands.js";
import { handleDriftWorkflowRun } from "./handlers/workflow-run-drift.js";
import { handleSecurityIssueOpened } from "./handlers/issues-opened-security.js";
import { handlePushTamper } from "./handlers/push-tamper.js";
import { handleSeedingReviewClosed } from "./handlers/seeding-review-closed.js";
import { handleSeedingRunCompleted } from "./handlers/seeding-run-completed.js";
import { appIdentityFrom } from "./github/app-identity.js";
import { ControlStore } from "./services/control-store.js";
import { MemoryDeliveryDedupe } from "./services/delivery-dedupe.js";
import type { RedisCoordinator } from "./redis/coordinator.js";
import { RedisDeliveryDedupe } from "./redis/delivery-dedupe.js";
import { MemoryLease, RedisLease } from "./redis/lease.js";
import { RedisRepoLock } from "./redis/repo-lock.js";
import { healthRoute } from "./http/health-route.js";
import { addRoute } from "./http/add-route.js";
import { registerHttpRoutes } from "./http/register.js";
import { instrumentWebhooks } from "./metrics/webhook-metrics.js";
import { observabilityDeps } from "./metrics/observability.js";
import { handleBatchWorkflowRun } from "./handlers/workflow-run-batch.js";
import { scheduleSettingsFromEnv } from "./schedule/settings.js";
import { startSchedule } from "./schedule/start.js";

/** In-process coordination, or Redis-backed when a coordinator is given (REDIS_URL). */
export function defaultDeps(redis?: RedisCoordinator): AppDeps {
  const { events, ...observed } = observabilityDeps();
  const schedule = scheduleSettingsFromEnv();
  if (!redis) return { store: new ControlStore({ events }), dedupe: new MemoryDeliveryDedupe(), clock: () => new Date(), lease: new MemoryLease(), ...observed, ...(schedule ? { schedule } : {}) };
  return {
    store: new ControlStore({ lock: new RedisRepoLock(redis), events }),
    dedupe: new RedisDeliveryDedupe(redis),
    clock: () => new Date(),
    lease: new RedisLease(redis),
    redis,
    ...observed,
    ...(schedule ? { schedule } : {}),
  };
}

/** The app: wires events and routes to handlers, nothing else. */
export function createApp(deps: AppDeps = defaultDeps()): ApplicationFunction {
  return (app: Probot, options) => {
    addRoute(options, healthRoute(deps));
    if (deps.metrics) instrumentWebhooks(app, deps.metrics);
    registerHttpRoutes(app, options, deps);
    app.on(["issue_comment.created", "issue_comment.edited"], (context) => handleCommentCommands(context, deps));
    // Commands and the seeding handlers recognise the issues this app opened; asked once, on first use.
    deps.appIdentity ??= appIdentityFrom(app);
    app.on("workflow_run.completed", (context) => handleSeedingRunCompleted(context, deps));
    app.on("issues.closed", (context) => handleSeedingReviewClosed(context, deps));
    app.on("workflow_run.completed", (context) => handleBatchWorkflowRun(context, deps));
    app.on("workflow_run.completed", (context) => handleDriftWorkflowRun(context, deps));
    app.on("issues.opened", (context) => handleSecurityIssueOpened(context, deps));
    app.on("push", (context) => handlePushTamper(context, deps));
    startSchedule(app, options, deps);
  };
}

export default createApp();
