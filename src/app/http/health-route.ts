import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppDeps } from "../../core/deps.js";

/**
 * `GET /health`: liveness plus the state of the coordination backend, for load balancers and people.
 * Redis being down is reported but is not a failure: the replica keeps serving with in-process
 * coordination. With the catch-up wired (the server), the redelivery pass's counters are shown too.
 * Once shutdown has begun (SIGTERM) it answers 503 "shutting down": a load balancer stops sending work.
 */
export function healthRoute(deps: Pick<AppDeps, "redis" | "catchup" | "inFlight">) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || path !== "/health") return false;
    const redis = deps.redis?.state ?? "disabled";
    const stopping = deps.inFlight?.stopping === true;
    res.writeHead(stopping ? 503 : 200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(
      JSON.stringify({
        status: stopping ? "shutting down" : "ok",
        ...(stopping ? { shutting_down_since: deps.inFlight?.since, in_flight: deps.inFlight?.pending } : {}),
        redis,
        coordination: redis === "connected" ? "redis" : "in-process",
        ...(deps.catchup ? { redelivery: deps.catchup.status } : {}),
      }),
    );
    return true;
  };
}
