import type { ApplicationFunction, Probot } from "probot";
import type { AppDeps } from "./deps.js";
import { handleCommentCommands } from "./handlers/comment-commands.js";
import { ControlStore } from "./services/control-store.js";
import { MemoryDeliveryDedupe } from "./services/delivery-dedupe.js";

export function defaultDeps(): AppDeps {
  return { store: new ControlStore(), dedupe: new MemoryDeliveryDedupe(), clock: () => new Date() };
}

/** The app: wires events and routes to handlers, nothing else. */
export function createApp(deps: AppDeps = defaultDeps()): ApplicationFunction {
  return (app: Probot) => {
    app.on(["issue_comment.created", "issue_comment.edited"], (context) => handleCommentCommands(context, deps));
  };
}

export default createApp();
