import type { ApplicationFunction, Probot } from "probot";
import type { AppDeps } from "../core/deps.js";
import { handleCommentCommands } from "./comment-commands.js";
import { handleSecurityIssueOpened } from "../security/issue-opened-handler.js";
import { handlePushTamper } from "../security/push-handler.js";
import { handleSeedingReviewClosed } from "../seeding/review-closed-handler.js";
import { appIdentityFrom } from "../github/app-identity.js";
import { healthRoute } from "./http/health-route.js";
import { addRoute } from "./http/add-route.js";
import { registerHttpRoutes } from "./http/register.js";
import { instrumentWebhooks } from "./webhook-metrics.js";
import { startSchedule } from "./schedule/start.js";
import { routeWorkflowRun } from "./workflow-run-router.js";
import { releaseClaimsOnFailure } from "./release-failed-delivery.js";
import { issueCommentShape, issuesShape, pushShape, whenShaped, workflowRunShape } from "./payload-shapes.js";
import { guardWebhookReceiver } from "./http/webhook-guard.js";
import { tooLargeRoute } from "./http/body-cap.js";

/** The app: wires events and routes to handlers, nothing else. */
export function createApp(deps: AppDeps): ApplicationFunction {
  return (app: Probot, options) => {
    addRoute(options, healthRoute(deps));
    if (deps.metrics) instrumentWebhooks(app, deps.metrics);
    registerHttpRoutes(app, options, deps);
    // Malformed deliveries are answered cleanly: not-an-object bodies 400, missing fields ignored.
    guardWebhookReceiver(app.webhooks, app.log, deps.inFlight, (event) => deps.metrics?.webhook(event, "rejected"));
    addRoute(options, tooLargeRoute());
    app.on(
      ["issue_comment.created", "issue_comment.edited"],
      whenShaped(issueCommentShape, (context) => handleCommentCommands(context, deps)),
    );
    // Commands and the seeding handlers recognise the issues this app opened; asked once, on first use.
    deps.appIdentity ??= appIdentityFrom(app);
    app.on(
      "workflow_run.completed",
      whenShaped(workflowRunShape, (context) => routeWorkflowRun(context, deps)),
    );
    app.on(
      "issues.closed",
      whenShaped(issuesShape, (context) => handleSeedingReviewClosed(context, deps)),
    );
    app.on(
      "issues.opened",
      whenShaped(issuesShape, (context) => handleSecurityIssueOpened(context, deps)),
    );
    app.on(
      "push",
      whenShaped(pushShape, (context) => handlePushTamper(context, deps)),
    );
    releaseClaimsOnFailure(app, deps.dedupe);
    startSchedule(app, options, deps);
  };
}
