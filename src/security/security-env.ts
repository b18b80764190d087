import { webhookRepoEnv } from "../core/repo-env.js";
import type { Context } from "probot";
import type { RepoConfig } from "../config/schema.js";
import type { AppDeps } from "../core/deps.js";
import { botLogin } from "../github/app-identity.js";
import type { RepoRef } from "../core/github.js";
import type { DriftEnv } from "./drift-response.js";

/** Used as `disabled_by` only when GitHub cannot say who the app is: the stop must not wait for it. */
export const FALLBACK_ACTOR = "batch-ops";

/** Security events are claimed apart from other handlers of the same delivery. */
export function securityDeliveryId(deliveryId: string): string {
  return `security:${deliveryId}`;
}

/** The app's bot login, or undefined when it cannot be looked up right now. */
export async function appBotLogin(context: Pick<Context, "log">, deps: AppDeps): Promise<string | undefined> {
  if (!deps.appIdentity) return undefined;
  try {
    return botLogin(await deps.appIdentity());
  } catch (error) {
    context.log.warn({ err: error }, "could not look up the app's identity (GET /app)");
    return undefined;
  }
}

export function securityEnv(context: Context, deps: AppDeps, config: RepoConfig, repo: RepoRef, login: string): DriftEnv {
  // `exclusive`: the drift run, the drift issue and pushes touching the same incident take turns (across replicas with Redis).
  return { ...webhookRepoEnv(context, deps, repo, config), botLogin: login };
}
