import type { ApplicationFunction, Probot } from "probot";
import type { AppDeps } from "./deps.js";
import { handleCommentCommands } from "./handlers/comment-commands.js";
import { ControlStore } from "./services/control-store.js";
import { MemoryDeliveryDedupe } from "./services/delivery-dedupe.js";
import type { RedisCoordinator } from "./redis/coordinator.js";
import { RedisDeliveryDedupe } from "./redis/delivery-dedupe.js";
import { MemoryLease, RedisLease } from "./redis/lease.js";
import { RedisRepoLock } from "./redis/repo-lock.js";
import { healthRoute } from "./http/health-route.js";
import { addRoute } from "./http/add-route.js";

/** In-process coordination, or Redis-backed when a coordinator is given (REDIS_URL). */
export function defaultDeps(redis?: RedisCoordinator): AppDeps {
  if (!redis) return { store: new ControlStore(), dedupe: new MemoryDeliveryDedupe(), clock: () => new Date(), lease: new MemoryLease() };
  return {
    store: new ControlStore({ lock: new RedisRepoLock(redis) }),
    dedupe: new RedisDeliveryDedupe(redis),
    clock: () => new Date(),
    lease: new RedisLease(redis),
    redis,
  };
}

/** The app: wires events and routes to handlers, nothing else. */
export function createApp(deps: AppDeps = defaultDeps()): ApplicationFunction {
  return (app: Probot, options) => {
    addRoute(options, healthRoute(deps));
    app.on(["issue_comment.created", "issue_comment.edited"], (context) => handleCommentCommands(context, deps));
  };
}

export default createApp();
