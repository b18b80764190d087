import nock from "nock";
import { API, COMMENT_ID, REPO_PATH, OWNER, mockInstallationToken } from "./index.js";
import { blobSha } from "./fake-repo.js";
import { GATED_WORKFLOW } from "../shared/workflows.js";

/**
 * The calls every handled command comment makes: token, 👀, config (YAML or none), permission.
 * Returns the scope and a list that collects every reply body posted on the issue.
 * `ownerFallbackKnown`: the owner-wide config was found missing less than a minute ago (an earlier
 * delivery in the same test), so the app does not ask for it again. `.github/workflows` answers as a
 * repository whose batch workflow is gated by the pre-flight action (what a `/stop <eco>` lists),
 * unless `workflows: false` (the test answers it itself).
 */
export function commandScope(
  options: { config?: string; permission?: string; role?: string | null; ownerFallbackKnown?: boolean; workflows?: boolean } = {},
) {
  const scope = nock(API);
  mockInstallationToken(scope);
  scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`, { content: "eyes" }).reply(201, {});
  if (options.config === undefined) {
    scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
    if (!options.ownerFallbackKnown) scope.get(`/repos/${OWNER}/.github/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
  } else {
    scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(200, options.config);
  }
  if (options.workflows !== false) workflowsDirectory();
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
      scope
        .post(`${REPO_PATH}/issues/1/comments`, (body: { body: string }) => (replies.push(body.body), true))
        .reply(201, { id: 99, html_url: "https://github.com/c" });
      return this;
    },
    react(content: "rocket" | "confused" | "+1") {
      scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`, { content }).reply(201, {});
      return this;
    },
  };
}

/**
 * `.github/workflows` on the default branch as GitHub answers it, for any number of deliveries (what a
 * stop lists to tell whether it takes effect): the listing with an ETag and 304 to a matching
 * If-None-Match (no rate limit), and each file's contents. By default one batch workflow gated by the
 * pre-flight action, so stops take effect and say nothing more. Returns the answers in order
 * (`list 200`, `list 304`, `read <file>`).
 */
export function workflowsDirectory(files: Record<string, string> = { "batch.yml": GATED_WORKFLOW }, etag = '"wf1"'): string[] {
  const answers: string[] = [];
  const scope = nock(API).persist();
  const listing = Object.entries(files).map(([name, text]) => ({
    type: "file",
    name,
    path: `.github/workflows/${name}`,
    sha: blobSha(text),
    size: Buffer.byteLength(text),
  }));
  scope
    .get(`${REPO_PATH}/contents/.github%2Fworkflows`)
    .query({ ref: "main" })
    .reply(function () {
      const unchanged = this.req.headers["if-none-match"] === etag;
      answers.push(unchanged ? "list 304" : "list 200");
      return unchanged ? [304, ""] : [200, listing, { etag }];
    });
  for (const [name, text] of Object.entries(files)) {
    scope
      .get(`${REPO_PATH}/contents/${encodeURIComponent(`.github/workflows/${name}`)}`)
      .query({ ref: "main" })
      .reply(() => {
        answers.push(`read ${name}`);
        return [
          200,
          {
            type: "file",
            encoding: "base64",
            content: Buffer.from(text).toString("base64"),
            sha: blobSha(text),
            size: Buffer.byteLength(text),
            path: `.github/workflows/${name}`,
          },
        ];
      });
  }
  return answers;
}
