import { fitBody } from "./body-limit.js";
import type { GitHub, RepoRef } from "./types.js";

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
