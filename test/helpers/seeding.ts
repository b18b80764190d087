import nock from "nock";
import { zipSync, strToU8 } from "fflate";
import { createHash } from "node:crypto";
import { API, OWNER, REPO, REPO_PATH } from "./index.js";
import { UnthrottledOctokit } from "./octokit.js";
import type { GitHub, RepoRef } from "../../src/core/github.js";

/** Where GitHub redirects artifact downloads: another host, which must never see the token. */
export const STORAGE = "https://productionresultssa0.blob.core.windows.net";

export const repoRef: RepoRef = { owner: OWNER, repo: REPO, defaultBranch: "main", htmlUrl: `https://github.com/${OWNER}/${REPO}` };

/** An installation-token client without retries or throttling, for service-level tests. */
export function tokenOctokit(): GitHub {
  return new UnthrottledOctokit({ auth: { token: "test-token" } });
}

/** A real zip, built the way actions/upload-artifact packs files. */
export function zipOf(files: Record<string, string | Uint8Array>): Buffer {
  return Buffer.from(
    zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, typeof data === "string" ? strToU8(data) : data]))),
  );
}

/**
 * Mocks a run's artifact list and the download: the API answers 302 to the storage host, which
 * serves the zip and refuses any request carrying an Authorization header.
 */
export function mockRunArtifact(
  scope: nock.Scope,
  runId: number,
  zip: Buffer | null,
  options: { name?: string; artifactId?: number; expired?: boolean; size?: number; download?: boolean } = {},
): nock.Scope | undefined {
  const name = options.name ?? "seeding-summary";
  const artifactId = options.artifactId ?? runId * 10;
  const artifacts = zip === null ? [] : [{ id: artifactId, name, size_in_bytes: options.size ?? zip.length, expired: options.expired ?? false }];
  scope.get(`${REPO_PATH}/actions/runs/${runId}/artifacts`).query({ name, per_page: "100" }).reply(200, { total_count: artifacts.length, artifacts });
  if (zip === null || options.expired || options.download === false) return undefined;
  scope
    .get(`${REPO_PATH}/actions/artifacts/${artifactId}/zip`)
    .reply(302, "", { Location: `${STORAGE}/actions-results/${artifactId}.zip?sig=abc&se=2026` });
  return nock(STORAGE, { badheaders: ["authorization"] })
    .get(`/actions-results/${artifactId}.zip`)
    .query({ sig: "abc", se: "2026" })
    .reply(200, zip, { "Content-Type": "application/zip", "Content-Length": String(zip.length) });
}

function blobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/**
 * A stateful file over 1 MB as GitHub serves it: the contents API returns no content (encoding
 * "none"), the blob API returns it, and PUT is a compare-and-swap on the blob sha.
 */
export class FakeLargeFile {
  readonly commits: { sha: string; message: string; text: string }[] = [];
  blobReads = 0;
  /** Makes writes fail with this status (a server error, say). */
  failWritesWith?: number;
  /** Runs before each write is judged: another writer can commit behind the app's back here. */
  beforeWrite?: (file: FakeLargeFile) => void;

  constructor(
    readonly path: string,
    public text: string | null,
    readonly scope: nock.Scope = nock(API),
  ) {
    const route = `${REPO_PATH}/contents/${encodeURIComponent(path)}`;
    const file = this;
    scope
      .persist()
      .get((uri) => uri === route || uri.startsWith(`${route}?`))
      .reply(() => {
        if (this.text === null) return [404, { message: "Not Found" }];
        return [200, { type: "file", encoding: "none", content: "", size: Buffer.byteLength(this.text), sha: blobSha(this.text), path }];
      });
    scope
      .persist()
      .get((uri) => uri.startsWith(`${REPO_PATH}/git/blobs/`))
      .reply(function (this: nock.ReplyFnContext, uri: string) {
        file.blobReads++;
        if (file.text === null || !uri.endsWith(blobSha(file.text))) return [404, { message: "Not Found" }];
        // As GitHub: the raw bytes for the raw media type, else the JSON blob with base64 content.
        if (String(this.req.headers["accept"] ?? "").includes("application/vnd.github.raw"))
          return [200, file.text, { "content-type": "application/vnd.github.raw+json" }];
        return [
          200,
          { sha: blobSha(file.text), encoding: "base64", content: Buffer.from(file.text).toString("base64"), size: Buffer.byteLength(file.text) },
        ];
      });
    scope
      .persist()
      .put(route)
      .reply((_uri, body) => {
        if (this.failWritesWith) return [this.failWritesWith, { message: "Server Error" }];
        this.beforeWrite?.(this);
        const request = body as { message: string; content: string; sha?: string };
        const current = this.text === null ? undefined : blobSha(this.text);
        if (request.sha !== current) return [409, { message: `${path} does not match ${request.sha ?? "(none)"}` }];
        this.text = Buffer.from(request.content, "base64").toString("utf8");
        const sha = createHash("sha1").update(`commit ${this.commits.length} ${request.message}`).digest("hex");
        this.commits.push({ sha, message: request.message, text: this.text });
        return [200, { content: { sha: blobSha(this.text) }, commit: { sha, html_url: `https://github.com/${OWNER}/${REPO}/commit/${sha}` } }];
      });
  }
}

export const APP_SLUG = "batch-ops";
export const APP_ID = 1;
export const BOT = { login: `${APP_SLUG}[bot]`, id: 9001, type: "Bot" };

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  state_reason: string | null;
  labels: string[];
  user: { login: string; id: number; type: string };
  performed_via_github_app: { id: number; slug: string } | null;
  html_url: string;
  closed_at?: string | null;
}

/**
 * A stateful issues API on nock (labels, issues, comments) for the seeding loop: what the app
 * creates is stored, listed and updated like GitHub would. Every request is recorded in `calls`.
 */
export class FakeIssues {
  readonly labels = new Map<string, { color: string; description: string }>();
  readonly issues: FakeIssue[] = [];
  readonly comments: { issue: number; body: string }[] = [];
  readonly calls: string[] = [];
  /** Makes creating issues with this label fail with this status (a secondary rate limit, say). */
  failCreates?: { label: string; status: number };
  /** The time an issue closed through the API is stamped with. */
  clock: () => Date = () => new Date();

  constructor(readonly scope: nock.Scope = nock(API)) {
    const record = (method: string, uri: string) => this.calls.push(`${method} ${uri.replace(REPO_PATH, "").split("?")[0]}`);
    scope
      .persist()
      .get((uri) => uri.startsWith(`${REPO_PATH}/labels/`))
      .reply((uri) => {
        record("GET", uri);
        const name = decodeURIComponent(uri.slice(`${REPO_PATH}/labels/`.length));
        return this.labels.has(name) ? [200, { name, ...this.labels.get(name) }] : [404, { message: "Not Found" }];
      });
    scope
      .persist()
      .post(`${REPO_PATH}/labels`)
      .reply((uri, body) => {
        record("POST", uri);
        const label = body as { name: string; color: string; description: string };
        if (this.labels.has(label.name)) return [422, { message: "Validation Failed", errors: [{ code: "already_exists" }] }];
        this.labels.set(label.name, { color: label.color, description: label.description });
        return [201, label];
      });
    scope
      .persist()
      .get((uri) => uri.startsWith(`${REPO_PATH}/issues?`))
      .reply((uri) => {
        record("GET", uri);
        const query = new URL(uri, API).searchParams;
        const wanted = (query.get("labels") ?? "").split(",").filter(Boolean);
        const state = query.get("state") ?? "open";
        const found = this.issues
          .filter((i) => (state === "all" || i.state === state) && wanted.every((l) => i.labels.includes(l)))
          .sort((a, b) => b.number - a.number)
          .slice(0, Number(query.get("per_page") ?? 30));
        return [200, found.map((i) => this.wire(i))];
      });
    scope
      .persist()
      .get((uri) => /\/issues\/\d+$/.test(uri) && uri.startsWith(REPO_PATH))
      .reply((uri) => {
        record("GET", uri);
        const issue = this.issue(Number(uri.split("/").pop()));
        return issue ? [200, this.wire(issue)] : [404, { message: "Not Found" }];
      });
    scope
      .persist()
      .post(`${REPO_PATH}/issues`)
      .reply((uri, body) => {
        record("POST", uri);
        const request = body as { title: string; body: string; labels: string[] };
        if (this.failCreates && request.labels.includes(this.failCreates.label))
          return [this.failCreates.status, { message: "You have exceeded a secondary rate limit" }];
        const issue = this.add({ title: request.title, body: request.body, labels: request.labels });
        return [201, this.wire(issue)];
      });
    scope
      .persist()
      .patch((uri) => /\/issues\/\d+$/.test(uri))
      .reply((uri, body) => {
        record("PATCH", uri);
        const issue = this.issue(Number(uri.split("/").pop()));
        if (!issue) return [404, { message: "Not Found" }];
        const update = body as Partial<FakeIssue>;
        if (update.body !== undefined) issue.body = update.body;
        if (update.title !== undefined) issue.title = update.title;
        if (update.state !== undefined) {
          issue.state = update.state;
          issue.state_reason = update.state === "open" ? "reopened" : (update.state_reason ?? "completed");
          issue.closed_at = update.state === "closed" ? this.clock().toISOString() : null;
        }
        return [200, this.wire(issue)];
      });
    scope
      .persist()
      .post((uri) => /\/issues\/\d+\/comments$/.test(uri))
      .reply((uri, body) => {
        record("POST", uri);
        const issue = Number(uri.split("/").slice(-2)[0]);
        this.comments.push({ issue, body: (body as { body: string }).body });
        return [
          201,
          { id: this.comments.length, html_url: `https://github.com/${OWNER}/${REPO}/issues/${issue}#issuecomment-${this.comments.length}` },
        ];
      });
    scope
      .persist()
      .post((uri) => /\/issues\/\d+\/labels$/.test(uri))
      .reply((uri, body) => {
        record("POST", uri);
        const issue = this.issue(Number(uri.split("/").slice(-2)[0]))!;
        for (const label of (body as { labels: string[] }).labels) if (!issue.labels.includes(label)) issue.labels.push(label);
        return [200, issue.labels.map((name) => ({ name }))];
      });
  }

  /** Adds an issue as if the app (or `user`) had opened it. */
  add(issue: { title: string; body: string; labels: string[]; user?: FakeIssue["user"]; state?: "open" | "closed"; closed_at?: string }): FakeIssue {
    const number = this.issues.length + 1;
    const byApp = issue.user === undefined;
    const created: FakeIssue = {
      number,
      title: issue.title,
      body: issue.body,
      state: issue.state ?? "open",
      state_reason: null,
      labels: [...issue.labels],
      user: issue.user ?? BOT,
      performed_via_github_app: byApp ? { id: APP_ID, slug: APP_SLUG } : null,
      html_url: `https://github.com/${OWNER}/${REPO}/issues/${number}`,
      closed_at: issue.closed_at ?? null,
    };
    this.issues.push(created);
    return created;
  }

  issue(number: number): FakeIssue | undefined {
    return this.issues.find((i) => i.number === number);
  }

  withLabel(label: string): FakeIssue[] {
    return this.issues.filter((i) => i.labels.includes(label));
  }

  private wire(issue: FakeIssue) {
    return { ...issue, closed_at: issue.closed_at ?? null, labels: issue.labels.map((name) => ({ name })) };
  }
}
