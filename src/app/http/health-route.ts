import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppDeps } from "../../core/deps.js";

/**
 * `GET /health`: liveness plus the state of the coordination backend, for load balancers and people.
 * Redis being down is reported but is not a failure: the replica keeps serving with in-process
 * coordination. With the catch-up wired (the server), the redelivery pass's counters are shown too.
 */
export function healthRoute(deps: Pick<AppDeps, "redis" | "catchup">) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || path !== "/health") return false;
    const redis = deps.redis?.state ?? "disabled";
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(
      JSON.stringify({
        status: "ok",
        redis,
        coordination: redis === "connected" ? "redis" : "in-process",
        ...(deps.catchup ? { redelivery: deps.catchup.status } : {}),
      }),
    );
    return true;
  };
}
