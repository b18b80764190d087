import { fitBody } from "./body-limit.js";
import type { GitHub, RepoRef } from "../core/github.js";

export type Reaction = "eyes" | "rocket" | "confused" | "+1" | "-1";

/** Best effort: a reaction that fails must not stop the command it decorates. */
export async function reactToComment(github: GitHub, repo: RepoRef, commentId: number, content: Reaction): Promise<void> {
  try {
    await github.rest.reactions.createForIssueComment({ owner: repo.owner, repo: repo.repo, comment_id: commentId, content });
  } catch {
    // Reactions are feedback only; the reply says what happened.
  }
}

export async function replyToIssue(github: GitHub, repo: RepoRef, issueNumber: number, body: string): Promise<{ id: number; url: string }> {
  const { data } = await github.rest.issues.createComment({ owner: repo.owner, repo: repo.repo, issue_number: issueNumber, body: fitBody(body) });
  return { id: data.id, url: data.html_url };
}

type RequestHooks = {
  hook: {
    after: (name: "request", fn: (response: unknown, options: { method: string; url?: string }) => void) => void;
    error: (name: "request", fn: (error: unknown, options: { method: string; url?: string }) => never) => void;
  };
};

/**
 * A reaction that must not delay the event's first write: writes are spaced a second apart per
 * installation (GitHub's advice against secondary rate limits), so a 👀 sent first would hold an
 * emergency commit back by that second. It is sent once this client's first write has been answered,
 * or on `flush` (the work is done and the reply comes next), whichever comes first, and always before
 * the reply.
 */
export function reactAfterFirstWrite(github: GitHub, repo: RepoRef, commentId: number, content: Reaction): { flush: () => Promise<void> } {
  let sent: Promise<void> | undefined;
  const send = () => (sent ??= reactToComment(github, repo, commentId, content));
  // The installation token exchange (`POST /app/installations/…`) is how a request starts, not a write.
  const isWrite = (options: { method: string; url?: string }) =>
    options.method !== "GET" && options.method !== "HEAD" && !options.url?.startsWith("/app/");
  const hooks = (github as unknown as RequestHooks).hook;
  hooks.after("request", (_response, options) => {
    if (isWrite(options)) void send();
  });
  hooks.error("request", (error, options) => {
    if (isWrite(options)) void send();
    throw error;
  });
  return { flush: send };
}
