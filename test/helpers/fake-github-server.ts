import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

export type RouteAnswer = { status: number; body?: unknown; raw?: string; delayMs?: number; headers?: Record<string, string> };
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
    return `127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
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
    const recorded = { method: req.method ?? "GET", path: (req.url ?? "").replace(/^\/api\/v3/, ""), body };
    this.requests.push(recorded);
    const answer = this.route(recorded) ?? { status: 404, body: { message: "Not Found" } };
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    res.writeHead(answer.status, { "content-type": answer.raw !== undefined ? "text/plain" : "application/json", ...answer.headers });
    res.end(answer.raw ?? (answer.body === undefined ? "" : JSON.stringify(answer.body)));
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(recorded)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(recorded);
      }
    }
  }
}

import { blobSha } from "./fake-repo.js";

/**
 * The GitHub side of a command on one repository: token, reactions, config (raw YAML or none),
 * permission, a control file with real compare-and-swap, and replies. `state` is shared so tests
 * can read what was committed.
 */
export function commandRoutes(state: { file: string; config?: string; commits: string[]; putDelayMs?: number }, repo = "/repos/Codertocat/Hello-World") {
  let commitNo = 0;
  return ({ method, path, body }: RecordedRequest): RouteAnswer | undefined => {
    if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) return { status: 201, body: { token: "t", expires_at: "2099-01-01T00:00:00Z", permissions: {} } };
    if (method === "POST" && path.endsWith("/reactions")) return { status: 201, body: {} };
    if (path.startsWith(`${repo}/contents/.github%2Fbatch-ops.yml`) && state.config !== undefined) return { status: 200, raw: state.config };
    if (path.includes("batch-ops.yml")) return { status: 404, body: { message: "Not Found" } };
    if (/\/collaborators\/[^/]+\/permission$/.test(path)) return { status: 200, body: { permission: "write", role_name: "write" } };
    if (method === "GET" && path.startsWith(`${repo}/contents/batch-control.json`)) {
      return { status: 200, body: { type: "file", encoding: "base64", sha: blobSha(state.file), content: Buffer.from(state.file).toString("base64") } };
    }
    if (method === "PUT" && path === `${repo}/contents/batch-control.json`) {
      const request = body as { sha: string; content: string; message: string };
      if (request.sha !== blobSha(state.file)) return { status: 409, body: { message: "batch-control.json does not match" } };
      state.file = Buffer.from(request.content, "base64").toString("utf8");
      state.commits.push(request.message);
      const sha = `c${++commitNo}`.padEnd(40, "0");
      return { status: 200, body: { commit: { sha, html_url: `http://x/commit/${sha}` } }, ...(state.putDelayMs ? { delayMs: state.putDelayMs } : {}) };
    }
    if (method === "POST" && /\/issues\/\d+\/comments$/.test(path)) return { status: 201, body: { id: 1, html_url: "http://x" } };
    // What a scheduled tick lists: one installation that can reach this one repository.
    if (method === "GET" && path.startsWith("/app/installations")) return { status: 200, body: [{ id: 2, suspended_at: null }] };
    if (method === "GET" && path.startsWith("/installation/repositories")) {
      const [, owner, name] = repo.split("/").slice(1);
      return { status: 200, body: { total_count: 1, repositories: [{ name, owner: { login: owner }, default_branch: "main", html_url: `https://github.com/${owner}/${name}`, archived: false, disabled: false, private: false }] } };
    }
    return undefined;
  };
}
