import type { Probot } from "probot";
import type { AppMetrics } from "../core/app-metrics.js";

function eventName(event: { name?: unknown; payload?: unknown } | undefined): string {
  if (!event || typeof event.name !== "string") return "unknown";
  const action = (event.payload as { action?: unknown } | undefined)?.action;
  return typeof action === "string" ? `${event.name}.${action}` : event.name;
}

/**
 * Counts deliveries as they arrive, again as `failed` when a handler threw (the webhooks library runs
 * handlers side by side and reports only failures, so success is received minus failed), and as
 * `rejected` when the signature did not verify (no handler ran).
 */
export function instrumentWebhooks(app: Pick<Probot, "onAny" | "onError">, metrics: AppMetrics): void {
  app.onAny((context) => metrics.webhook(eventName(context), "received"));
  app.onError((error) => {
    const failed = (error as { event?: unknown }).event;
    // A bad signature arrives as an error whose own `event` is the raw delivery.
    if (failed instanceof Error) metrics.webhook(eventName((failed as { event?: { name?: unknown } }).event), "rejected");
    else metrics.webhook(eventName(failed as { name?: unknown; payload?: unknown } | undefined), "failed");
  });
}
