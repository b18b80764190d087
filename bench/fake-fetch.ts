import type { RecordedRequest, RouteAnswer } from "../test/helpers/fake-github-server.js";

export interface FakeFetchOptions {
  /** Emulated GitHub latency per call, the whole round trip. */
  latencyMs?: number;
  /** Called when an answer is handed back (after the latency). */
  onAnswer?: (request: RecordedRequest, answer: RouteAnswer, at: number) => void;
}

/**
 * An in-process GitHub for Octokit's `request.fetch`, answering from the same routes the process tests'
 * FakeGitHubServer serves. The CPU it takes per call is a few microseconds of routing, where nock's
 * interception of Node's fetch costs about 1.4 ms a call: measured through nock, a command's own CPU is
 * mostly nock's.
 */
export function fakeFetch(route: (request: RecordedRequest) => RouteAnswer | undefined, options: FakeFetchOptions = {}): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries((init?.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = v;
    const text = typeof init?.body === "string" ? init.body : undefined;
    const request: RecordedRequest = {
      method: init?.method ?? "GET",
      path: url.pathname + url.search,
      body: text ? JSON.parse(text) : undefined,
      headers,
      at: performance.now(),
    };
    const answer = route(request) ?? { status: 404, body: { message: "Not Found" } };
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    options.onAnswer?.(request, answer, performance.now());
    const raw = answer.raw !== undefined;
    const body = answer.status === 304 || answer.status === 204 ? null : raw ? answer.raw! : JSON.stringify(answer.body ?? {});
    return new Response(body, {
      status: answer.status,
      headers: { "content-type": raw ? "text/plain" : "application/json; charset=utf-8", ...answer.headers },
    });
  };
}
