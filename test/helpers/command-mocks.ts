import nock from "nock";
import { API, COMMENT_ID, REPO_PATH, OWNER, mockInstallationToken } from "./index.js";

/**
 * The calls every handled command comment makes: token, 👀, config (YAML or none), permission.
 * Returns the scope and a list that collects every reply body posted on the issue.
 */
export function commandScope(options: { config?: string; permission?: string; role?: string | null } = {}) {
  const scope = nock(API);
  mockInstallationToken(scope);
  scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`, { content: "eyes" }).reply(201, {});
  if (options.config === undefined) {
    scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
    scope.get(`/repos/${OWNER}/.github/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
  } else {
    scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(200, options.config);
  }
  const replies: string[] = [];
  const permission = options.permission ?? "write";
  return {
    scope,
    replies,
    permission() {
      const role = options.role === undefined ? permission : options.role;
      scope.get(`${REPO_PATH}/collaborators/alice/permission`).reply(200, { permission, ...(role === null ? {} : { role_name: role }) });
      return this;
    },
    reply() {
      scope.post(`${REPO_PATH}/issues/1/comments`, (body: { body: string }) => (replies.push(body.body), true)).reply(201, { id: 99, html_url: "https://github.com/c" });
      return this;
    },
    react(content: "rocket" | "confused" | "+1") {
      scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`, { content }).reply(201, {});
      return this;
    },
  };
}
