import type { CommandEnv } from "./types.js";

/** The audit trailer every commit made for a command carries. */
export function auditTrailer(env: Pick<CommandEnv, "actor" | "commentUrl">): string[] {
  return [`requested_by: ${env.actor}`, `comment: ${env.commentUrl}`];
}
