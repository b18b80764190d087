import type { ApplicationFunction, Probot } from "probot";
import type { AppDeps } from "./deps.js";
import { handleCommentCommands } from "./handlers/comment-commands.js";
import { handleDriftWorkflowRun } from "./handlers/workflow-run-drift.js";
import { handleSecurityIssueOpened } from "./handlers/issues-opened-security.js";
import { handlePushTamper } from "./handlers/push-tamper.js";
import { handleSeedingReviewClosed } from "./handlers/seeding-review-closed.js";
import { handleSeedingRunCompleted } from "./handlers/seeding-run-completed.js";
import { appIdentityFrom } from "./github/app-identity.js";
import { healthRoute } from "./http/health-route.js";
import { addRoute } from "./http/add-route.js";
import { registerHttpRoutes } from "./http/register.js";
import { instrumentWebhooks } from "./metrics/webhook-metrics.js";
import { handleBatchWorkflowRun } from "./handlers/workflow-run-batch.js";
import { startSchedule } from "./schedule/start.js";
import { releaseClaimsOnFailure } from "./handlers/release-failed-delivery.js";

/** The app: wires events and routes to handlers, nothing else. */
export function createApp(deps: AppDeps): ApplicationFunction {
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
    releaseClaimsOnFailure(app, deps.dedupe);
    startSchedule(app, options, deps);
  };
}

