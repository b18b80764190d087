import type { Probot } from "probot";
import type { AppMetrics } from "../core/app-metrics.js";

function eventName(event: { name?: unknown; payload?: unknown } | undefined): string {
  if (!event || typeof event.name !== "string") return "unknown";
  const action = (event.payload as { action?: unknown } | undefined)?.action;
  return typeof action === "string" ? `${event.name}.${action}` : event.name;
}

/**
 * Counts deliveries as they arrive, and again as `failed` when a handler threw (the webhooks library
 * runs handlers side by side and reports only failures, so success is received minus failed). A bad
 * signature is counted as `rejected` by the receiver guard (`http/webhook-guard.ts`), which verifies it.
 */
export function instrumentWebhooks(app: Pick<Probot, "onAny" | "onError">, metrics: AppMetrics): void {
  app.onAny((context) => metrics.webhook(eventName(context), "received"));
  app.onError((error) => metrics.webhook(eventName((error as { event?: { name?: unknown; payload?: unknown } }).event), "failed"));
}
