import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  /** Request headers, lower-case names. */
  headers: Record<string, string | undefined>;
  /** When it arrived (performance.now()). */
  at: number;
}

export type RouteAnswer = { status: number; body?: unknown; raw?: string; delayMs?: number; contentType?: string; headers?: Record<string, string> };
type Route = (req: RecordedRequest) => RouteAnswer | undefined;

/**
 * A real HTTP server standing in for a GitHub Enterprise API (`/api/v3`), for tests that run the app
 * as a separate process where nock cannot reach. Records every request.
 */
export class FakeGitHubServer {
  readonly requests: RecordedRequest[] = [];
  private server?: Server;
  private waiters: { predicate: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];

  constructor(private readonly route: Route) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Resolves when a request matching `predicate` arrives (or has already arrived). */
  waitFor(predicate: (r: RecordedRequest) => boolean): Promise<RecordedRequest> {
    const seen = this.requests.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // keep the raw text
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]));
    const recorded = { method: req.method ?? "GET", path: (req.url ?? "").replace(/^\/api\/v3/, ""), body, headers, at: performance.now() };
    this.requests.push(recorded);
    const answer = this.route(recorded) ?? { status: 404, body: { message: "Not Found" } };
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    res.writeHead(answer.status, {
      "content-type": answer.contentType ?? (answer.raw !== undefined ? "text/plain" : "application/json"),
      ...answer.headers,
    });
    res.end(answer.raw ?? (answer.body === undefined ? "" : JSON.stringify(answer.body)));
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(recorded)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(recorded);
      }
    }
  }
}

import { createHash } from "node:crypto";
import { blobSha, type ConflictWording } from "./fake-repo.js";
import { GATED_WORKFLOW } from "../shared/workflows.js";

/** The repository state `commandRoutes` serves; tests read what was committed and steer the other writers. */
export interface CommandState {
  file: string;
  config?: string;
  /** Commit messages of the app's commits to the control file, in order. */
  commits: string[];
  putDelayMs?: number;
  /** The default branch head; every commit moves it (the app's, `outsideCommit`'s, `outsideCommitElsewhere`'s). */
  head?: string;
  /** Rejected writes (409/422) answered so far. */
  conflicts?: number;
  /** Commits to other files by `outsideCommitElsewhere`. */
  elsewhere?: number;
  /** How a stale blob is worded (GitHub.com, a race inside GitHub, older servers). */
  wording?: ConflictWording;
  /** Another writer, called when a control-file write arrives, before its sha is checked. */
  beforeWrite?: (state: CommandState) => void;
  /** Called after the sha matched, before the branch moves: a commit made here fails the write with `is at X but expected Y`. */
  duringWrite?: (state: CommandState) => void;
  /** Every control-file write gets this answer and nothing moves (a ruleset). */
  refusal?: { status: number; message: string };
  /** Answer config, permission and `.github/workflows` reads with ETags and honour If-None-Match with 304, as GitHub does. */
  etags?: boolean;
  /** Conditional reads answered 304 so far. */
  notModified?: number;
  /**
   * `.github/workflows` on the default branch, file name → text (what a stop lists to tell whether it
   * takes effect); null for a repository without the directory. Default: one batch workflow gated by
   * the pre-flight action, so stops take effect.
   */
  workflows?: Record<string, string> | null;
}

const nextSha = (seed: string) => createHash("sha1").update(seed).digest("hex");

/** Another writer commits the control file (the pipeline's own job, a person). */
export function outsideCommit(state: CommandState, text: string): void {
  state.file = text;
  state.head = nextSha(`outside ${state.head} ${text}`);
}

/** Another writer commits a different file: the branch moves, the control file does not. */
export function outsideCommitElsewhere(state: CommandState): void {
  state.elsewhere = (state.elsewhere ?? 0) + 1;
  state.head = nextSha(`elsewhere ${state.head} ${state.elsewhere}`);
}

/** A 200 with an ETag, or 304 when the request already holds that ETag. */
function conditional(request: RecordedRequest, state: CommandState, answer: RouteAnswer): RouteAnswer {
  if (!state.etags) return answer;
  const etag = `"${nextSha(JSON.stringify(answer.body ?? answer.raw)).slice(0, 16)}"`;
  if (request.headers["if-none-match"] === etag) {
    state.notModified = (state.notModified ?? 0) + 1;
    return { status: 304, headers: { etag } };
  }
  return { ...answer, headers: { ...answer.headers, etag } };
}

const DEFAULT_WORKFLOWS: Record<string, string> = { "batch.yml": GATED_WORKFLOW };

/** `.github/workflows` (a conditional listing, as GitHub answers it) or one file in it. */
function workflowsAnswer(request: RecordedRequest, state: CommandState, path: string): RouteAnswer {
  const files = state.workflows === undefined ? DEFAULT_WORKFLOWS : state.workflows;
  if (files === null) return { status: 404, body: { message: "Not Found" } };
  const entry = (name: string, text: string) => ({
    type: "file",
    name,
    path: `.github/workflows/${name}`,
    sha: blobSha(text),
    size: Buffer.byteLength(text),
  });
  if (path === ".github/workflows")
    return conditional(request, state, { status: 200, body: Object.entries(files).map(([name, text]) => entry(name, text)) });
  const text = files[path.slice(".github/workflows/".length)];
  if (text === undefined) return { status: 404, body: { message: "Not Found" } };
  return { status: 200, body: { ...entry(path.split("/").pop()!, text), encoding: "base64", content: Buffer.from(text).toString("base64") } };
}

/**
 * The GitHub side of a command on one repository: token, reactions, config (raw YAML or none),
 * permission, a control file with real compare-and-swap on the blob and the branch head, the branch
 * head itself, and replies. `state` is shared so tests can read what was committed and add writers.
 */
export function commandRoutes(state: CommandState, repo = "/repos/Codertocat/Hello-World") {
  let commitNo = 0;
  state.head ??= nextSha("initial");
  const rejected = (status: number, message: string): RouteAnswer => {
    state.conflicts = (state.conflicts ?? 0) + 1;
    return { status, body: { message } };
  };
  return (request: RecordedRequest): RouteAnswer | undefined => {
    const { method, path, body } = request;
    if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path))
      return { status: 201, body: { token: "t", expires_at: "2099-01-01T00:00:00Z", permissions: {} } };
    if (method === "POST" && path.endsWith("/reactions")) return { status: 201, body: {} };
    if (path.startsWith(`${repo}/contents/.github%2Fbatch-ops.yml`) && state.config !== undefined)
      return conditional(request, state, { status: 200, raw: state.config });
    if (path.includes("batch-ops.yml")) return { status: 404, body: { message: "Not Found" } };
    if (/\/collaborators\/[^/]+\/permission$/.test(path))
      return conditional(request, state, { status: 200, body: { permission: "write", role_name: "write" } });
    if (method === "GET" && path.startsWith(`${repo}/contents/.github%2Fworkflows`))
      return workflowsAnswer(request, state, decodeURIComponent(path.slice(`${repo}/contents/`.length).split("?")[0]!));
    if (method === "GET" && path === `${repo}/git/ref/heads%2Fmain`)
      return { status: 200, body: { ref: "refs/heads/main", object: { sha: state.head, type: "commit" } } };
    if (method === "GET" && path.startsWith(`${repo}/contents/batch-control.json`)) {
      return {
        status: 200,
        body: { type: "file", encoding: "base64", sha: blobSha(state.file), content: Buffer.from(state.file).toString("base64") },
      };
    }
    if (method === "PUT" && path === `${repo}/contents/batch-control.json`) {
      state.beforeWrite?.(state);
      if (state.refusal) return rejected(state.refusal.status, state.refusal.message);
      const request = body as { sha?: string; content: string; message: string };
      if (request.sha !== blobSha(state.file)) {
        const before = nextSha(`before ${state.head}`);
        if (state.wording === "is-at") return rejected(409, `is at ${state.head} but expected ${before}`);
        if (state.wording === "expected-to-be-at") return rejected(409, `refs/heads/main expected to be at ${before}`);
        return rejected(409, `batch-control.json does not match ${request.sha ?? ""}`);
      }
      const parent = state.head;
      state.duringWrite?.(state);
      if (state.head !== parent) return rejected(409, `is at ${state.head} but expected ${parent}`);
      state.file = Buffer.from(request.content, "base64").toString("utf8");
      state.commits.push(request.message);
      const sha = `c${++commitNo}`.padEnd(40, "0");
      state.head = sha;
      return {
        status: 200,
        body: { commit: { sha, html_url: `http://x/commit/${sha}` } },
        ...(state.putDelayMs ? { delayMs: state.putDelayMs } : {}),
      };
    }
    if (method === "POST" && /\/issues\/\d+\/comments$/.test(path)) return { status: 201, body: { id: 1, html_url: "http://x" } };
    // What a scheduled tick lists: one installation that can reach this one repository.
    if (method === "GET" && path.startsWith("/app/installations")) return { status: 200, body: [{ id: 2, suspended_at: null }] };
    if (method === "GET" && path.startsWith("/installation/repositories")) {
      const [, owner, name] = repo.split("/").slice(1);
      return {
        status: 200,
        body: {
          total_count: 1,
          repositories: [
            {
              name,
              owner: { login: owner },
              default_branch: "main",
              html_url: `https://github.com/${owner}/${name}`,
              archived: false,
              disabled: false,
              private: false,
            },
          ],
        },
      };
    }
    return undefined;
  };
}
