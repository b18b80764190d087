import { statusOf } from "../core/github.js";

interface StoredResponse {
  status: number;
  url: string;
  headers: Record<string, unknown>;
  data: unknown;
}

/**
 * ETags of GET responses, with the response they belong to. A request repeated with `If-None-Match`
 * that GitHub answers `304 Not Modified` costs no rate limit, and the stored response is replayed.
 * Keys include a scope (the installation) because the same URL answers differently per installation.
 */
export class EtagCache {
  private readonly entries = new Map<string, { etag: string; response: StoredResponse }>();
  notModified = 0;
  stored = 0;

  constructor(private readonly maxEntries = 2000) {}

  get(key: string): { etag: string; response: StoredResponse } | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, etag: string, response: StoredResponse): void {
    this.stored++;
    this.entries.delete(key);
    this.entries.set(key, { etag, response });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

type RequestOptions = { method: string; url: string; headers: Record<string, string | undefined>; [key: string]: unknown };
type HookedOctokit = {
  hook: {
    wrap: (
      name: "request",
      fn: (request: (o: RequestOptions) => Promise<StoredResponse>, options: RequestOptions) => Promise<StoredResponse>,
    ) => void;
  };
  request: { endpoint: { parse: (options: never) => { url: string } } };
};

/** Marks an Octokit already made conditional: wrapping it twice would ask twice. */
const CONDITIONAL = Symbol("batch-ops.conditional-requests");

export interface ConditionalOptions {
  /** Only GETs of these URLs are made conditional (default: every GET). */
  only?: (url: string) => boolean;
  /** Answers larger than this (characters of JSON or text) are not kept (default: no limit). */
  maxStoredChars?: number;
}

function sizeOf(data: unknown): number {
  return typeof data === "string" ? data.length : (JSON.stringify(data) ?? "").length;
}

/**
 * Makes every GET of this Octokit conditional on the ETag of its last answer. Responses are stored
 * and replayed as copies: Octokit's paginate rewrites the response objects it is given.
 */
export function useConditionalRequests(octokit: object, cache: EtagCache, scope: string, conditionalOptions: ConditionalOptions = {}): void {
  const marked = octokit as { [CONDITIONAL]?: true };
  if (marked[CONDITIONAL]) return;
  marked[CONDITIONAL] = true;
  const hooked = octokit as unknown as HookedOctokit;
  const { only, maxStoredChars } = conditionalOptions;
  hooked.hook.wrap("request", async (request, options) => {
    if (options.method !== "GET") return request(options);
    const url = hooked.request.endpoint.parse(options as never).url;
    if (only && !only(url)) return request(options);
    const key = `${scope} ${options.headers["accept"] ?? ""} ${url}`;
    const known = cache.get(key);
    if (known) options.headers = { ...options.headers, "if-none-match": known.etag };
    try {
      const response = await request(options);
      const etag = response.headers["etag"];
      if (typeof etag === "string" && etag !== "" && (maxStoredChars === undefined || sizeOf(response.data) <= maxStoredChars)) {
        cache.set(key, etag, { status: response.status, url: response.url, headers: { ...response.headers }, data: structuredClone(response.data) });
      }
      return response;
    } catch (error) {
      if (known && statusOf(error) === 304) {
        cache.notModified++;
        const stored = known.response;
        return { status: stored.status, url: stored.url, headers: { ...stored.headers }, data: structuredClone(stored.data) };
      }
      throw error;
    }
  });
}
