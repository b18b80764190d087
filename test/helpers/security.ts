import nock from "nock";
import { API, examplePayload, mockInstallationToken, OWNER, REPO, REPO_PATH } from "./index.js";
import { mockConfig } from "./batch-run.js";
import { APP_ID, APP_SLUG } from "./seeding.js";

export const HTML = `https://github.com/${OWNER}/${REPO}`;
export const BOT_LOGIN = `${APP_SLUG}[bot]`;

/**
 * GET /app (the identity, asked once per Probot), the token (cached by a Probot after its first event),
 * and the config, persisted because every handler of an event reads it (none, or this YAML).
 */
export function securityScope(options: { config?: string; identity?: boolean; token?: boolean } = {}): nock.Scope {
  const scope = nock(API);
  if (options.identity !== false) scope.get("/app").reply(200, { id: APP_ID, slug: APP_SLUG, name: "batch-ops" });
  if (options.token !== false) mockInstallationToken(scope);
  mockConfig(scope, options.config ?? "");
  return scope;
}

/**
 * Records every request that would revert or rewrite anything (file writes and deletions, git data
 * writes, ref moves) and refuses it. `except` lets the one file the test expects written through.
 */
export function forbidRewrites(except: string[] = []): { requests: string[]; scope: nock.Scope } {
  const requests: string[] = [];
  const allowed = (uri: string) => except.some((path) => uri.startsWith(`${REPO_PATH}/contents/${encodeURIComponent(path)}`));
  const scope = nock(API).persist();
  const refuse = (method: string) => (uri: string) => {
    requests.push(`${method} ${uri}`);
    return [500, { message: "this test forbids rewriting anything" }] as [number, unknown];
  };
  scope.put((uri) => uri.startsWith(`${REPO_PATH}/contents/`) && !allowed(uri)).reply(refuse("PUT"));
  scope.delete((uri) => uri.startsWith(`${REPO_PATH}/contents/`)).reply(refuse("DELETE"));
  scope.post((uri) => uri.startsWith(`${REPO_PATH}/git/`)).reply(refuse("POST"));
  scope.patch((uri) => uri.startsWith(`${REPO_PATH}/git/`)).reply(refuse("PATCH"));
  scope.delete((uri) => uri.startsWith(`${REPO_PATH}/git/`)).reply(refuse("DELETE"));
  scope.post((uri) => uri.startsWith(`${REPO_PATH}/merges`) || uri.startsWith(`${REPO_PATH}/pulls`)).reply(refuse("POST"));
  return { requests, scope };
}

function ours(payload: any): any {
  payload.repository.id = 1296269;
  payload.repository.name = REPO;
  payload.repository.full_name = `${OWNER}/${REPO}`;
  payload.repository.owner.login = OWNER;
  payload.repository.html_url = HTML;
  payload.repository.default_branch = "main";
  payload.installation = { id: 2, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMg==" };
  return payload;
}

/** An `issues.opened` payload (GitHub's example, made ours). */
export function issueOpenedPayload(issue: { number: number; title: string; body: string; labels: string[]; author?: string }): any {
  const payload = ours(examplePayload("issues", "opened"));
  const author = issue.author ?? "github-actions[bot]";
  payload.issue = {
    ...payload.issue,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    html_url: `${HTML}/issues/${issue.number}`,
    created_at: "2026-11-27T09:59:30Z",
    labels: issue.labels.map((name, i) => ({ id: i + 1, name })),
    user: { ...payload.issue.user, login: author, type: author.endsWith("[bot]") ? "Bot" : "User" },
  };
  payload.sender = { ...payload.sender, login: author, type: author.endsWith("[bot]") ? "Bot" : "User" };
  return payload;
}

/** A `workflow_run.completed` payload of a drift workflow. */
export function driftRunPayload(options: { id?: number; conclusion?: string; file?: string; branch?: string } = {}): any {
  const payload = ours(examplePayload("workflow_run", "completed"));
  const id = options.id ?? 4242;
  const run = payload.workflow_run;
  run.id = id;
  run.run_number = 31;
  run.status = "completed";
  run.conclusion = options.conclusion ?? "failure";
  run.path = `.github/workflows/${options.file ?? "checksum-drift.yaml"}`;
  run.html_url = `${HTML}/actions/runs/${id}`;
  run.head_branch = options.branch ?? "main";
  run.updated_at = "2026-11-27T09:59:00Z";
  run.head_repository = { ...run.head_repository, id: 1296269, full_name: `${OWNER}/${REPO}` };
  return payload;
}

export interface TestCommit {
  sha: string;
  message: string;
  added?: string[];
  modified?: string[];
  removed?: string[];
  author?: { name: string; email: string; username?: string };
}

/** A `push` payload (GitHub's example shape) to `ref` by `sender`. */
export function pushPayload(commits: TestCommit[], sender: { login: string; type: string }, ref = "refs/heads/main"): any {
  const payload = ours(examplePayload("push"));
  payload.ref = ref;
  payload.before = "0".repeat(39) + "1";
  payload.after = commits.at(-1)?.sha ?? payload.before;
  payload.created = false;
  payload.deleted = false;
  payload.forced = false;
  payload.sender = { ...payload.sender, login: sender.login, type: sender.type };
  payload.pusher = { name: sender.login, email: `${sender.login}@example.com` };
  payload.commits = commits.map((c) => {
    const author = c.author ?? { name: sender.login, email: `${sender.login}@example.com`, username: sender.login };
    return {
      id: c.sha,
      tree_id: "f".repeat(40),
      distinct: true,
      message: c.message,
      timestamp: "2026-11-27T09:30:00Z",
      url: `${HTML}/commit/${c.sha}`,
      author,
      committer: author,
      added: c.added ?? [],
      removed: c.removed ?? [],
      modified: c.modified ?? [],
    };
  });
  payload.head_commit = payload.commits.at(-1) ?? null;
  return payload;
}

/** The contents API for one file at one ref (404 when `text` is null). */
export function mockFileAt(scope: nock.Scope, path: string, ref: string, text: string | null): nock.Scope {
  const route = scope.get(`${REPO_PATH}/contents/${encodeURIComponent(path)}`).query({ ref });
  if (text === null) return route.reply(404, { message: "Not Found" });
  return route.reply(200, {
    type: "file",
    encoding: "base64",
    size: Buffer.byteLength(text),
    sha: "b".repeat(40),
    content: Buffer.from(text).toString("base64"),
    path,
  });
}

/** GET /git/commits/{sha}: its parents. */
export function mockParents(scope: nock.Scope, sha: string, parents: string[]): nock.Scope {
  return scope
    .get(`${REPO_PATH}/git/commits/${sha}`)
    .reply(200, { sha, message: "m", parents: parents.map((p) => ({ sha: p })), tree: { sha: "t".repeat(40) }, html_url: `${HTML}/commit/${sha}` });
}

/** A pull request as the pulls API returns it. */
export function apiPull(options: {
  number: number;
  head: string;
  merged: boolean;
  mergeSha?: string | null;
  base?: string;
  fork?: boolean;
}): Record<string, unknown> {
  return {
    number: options.number,
    html_url: `${HTML}/pull/${options.number}`,
    title: `pull ${options.number}`,
    state: options.merged ? "closed" : "open",
    head: { ref: options.head, repo: { full_name: options.fork ? "evil/fork" : `${OWNER}/${REPO}` } },
    base: { ref: options.base ?? "main" },
    merged_at: options.merged ? "2026-11-27T09:30:00Z" : null,
    merge_commit_sha: options.mergeSha ?? null,
    created_at: "2026-11-27T08:00:00Z",
  };
}

/** GET /repos/{o}/{r}/commits/{sha}/pulls. */
export function mockCommitPulls(scope: nock.Scope, sha: string, pulls: Record<string, unknown>[]): nock.Scope {
  return scope.get(`${REPO_PATH}/commits/${sha}/pulls`).query({ per_page: "100" }).reply(200, pulls);
}

/** The body tsuku's `checksum-drift.yaml` builds with `gh issue create` (its exact lines). */
export function driftIssueBody(recipes: { name: string; version: string; recipe: string; url: string; expected: string; actual: string }[]): string {
  let body = "## Checksum Drift Detected\n\nThe scheduled checksum drift monitor found changes in upstream checksums.\n";
  body += "This may indicate a supply chain compromise, upstream rebuild, or mirror inconsistency.\n\n### Affected Recipes\n\n";
  for (const r of recipes) {
    body += `#### ${r.name} v${r.version}\n\n- **Recipe**: \`${r.recipe}\`\n- **Checksum URL**: ${r.url}\n- **Expected**: \`${r.expected}\`\n- **Actual**: \`${r.actual}\`\n\n`;
  }
  body +=
    "### Next Steps\n\n1. Verify the upstream source has not been compromised\n2. If legitimate rebuild, update the stored baseline in `data/checksums/`\n3. If suspicious, investigate further and consider removing the recipe";
  return body;
}
