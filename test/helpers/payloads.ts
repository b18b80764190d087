import { createRequire } from "node:module";

// The examples are JSON; createRequire loads them the same way under jest and plain node.
const examples: unknown = createRequire(import.meta.url)("@octokit/webhooks-examples");

type Example = { name: string; examples: Record<string, unknown>[] };

/** A real example payload from GitHub's published webhook examples, deep-copied. */
export function examplePayload(event: string, action?: string): any {
  const group = (examples as Example[]).find((e) => e.name === event);
  const found = group?.examples.find((p) => action === undefined || p["action"] === action);
  if (!found) throw new Error(`no example for ${event}.${action}`);
  return structuredClone(found);
}

export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const REPO_PATH = `/repos/${OWNER}/${REPO}`;

/** An `issue_comment` payload (real example shape) with our body, commenter and installation. */
export function commentPayload(body: string, options: { action?: "created" | "edited"; login?: string; type?: string; from?: string } = {}): any {
  const payload = examplePayload("issue_comment", options.action ?? "created");
  payload.comment.body = body;
  payload.comment.user.login = options.login ?? "alice";
  payload.comment.user.type = options.type ?? "User";
  payload.sender.login = options.login ?? "alice";
  payload.sender.type = options.type ?? "User";
  payload.repository.default_branch = "main";
  payload.installation = { id: 2, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMg==" };
  if (options.action === "edited") payload.changes = { body: { from: options.from ?? "" } };
  return payload;
}

export const COMMENT_ID = 492700400;
export const ISSUE_URL = `https://github.com/${OWNER}/${REPO}/issues/1`;
export const COMMENT_URL = `${ISSUE_URL}#issuecomment-${COMMENT_ID}`;
