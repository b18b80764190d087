import { CONFIG_PATH } from "../config/schema.js";
import { EtagCache, useConditionalRequests } from "./conditional-requests.js";
import type { GitHub } from "../core/github.js";

const CONFIG_FILE_URL = `/contents/${encodeURIComponent(CONFIG_PATH)}`;
const PERMISSION_URL = /\/collaborators\/[^/?]+\/permission(\?|$)/;
/** The owner-wide fallback Probot reads when a repository has no config of its own. */
const OWNER_FALLBACK_URL = new RegExp(`/repos/[^/]+/\\.github${CONFIG_FILE_URL.replace(/\./g, "\\.")}(\\?|$)`);

const MISSING_FALLBACK_MS = 60_000;
const MAX_STORED_CHARS = 64 * 1024;

const isRepeatRead = (url: string) => PERMISSION_URL.test(url) || url.includes(CONFIG_FILE_URL);

type RequestOptions = { method: string; url: string; [key: string]: unknown };
type Hooked = {
  hook: { wrap: (name: "request", fn: (request: (o: RequestOptions) => Promise<unknown>, options: RequestOptions) => Promise<unknown>) => void };
  request: { endpoint: { parse: (options: never) => { url: string } } };
};

/**
 * Every command reads the repository's config and the commenter's permission again, and both rarely
 * change. Those reads are made ETag-conditional: GitHub answers an unchanged one 304 Not Modified, which
 * costs no rate limit, and the answer is still GitHub's current one, so a user demoted a second ago is
 * refused at once (a cache with a lifetime would let them act until it expired). A missing owner-wide
 * fallback (`<owner>/.github`) is a 404, which carries no ETag: that one answer is remembered for a
 * minute instead, per installation (an owner-wide config added meanwhile applies within that minute).
 * The repository's own config is always asked for. One instance per app (the composition root builds it).
 */
export class RepeatReads {
  private readonly etags = new EtagCache(1000);
  /** Owner-wide fallbacks found missing, by installation and URL: the time the answer stops counting. */
  private readonly missingFallbacks = new Map<string, number>();
  private readonly wrapped = new WeakSet<object>();

  /** Makes `github`'s config and permission reads conditional (once per client). */
  install(github: GitHub, installationId: number | undefined): void {
    if (this.wrapped.has(github)) return;
    this.wrapped.add(github);
    const scope = `installation:${installationId ?? "none"}`;
    const hooked = github as unknown as Hooked;
    // Wrapped first, so the conditional request below runs inside it.
    hooked.hook.wrap("request", async (request, options) => {
      if (options.method !== "GET") return request(options);
      const url = hooked.request.endpoint.parse(options as never).url;
      if (!OWNER_FALLBACK_URL.test(url)) return request(options);
      return this.fallbackRead(`${scope} ${url}`, url, () => request(options));
    });
    useConditionalRequests(github, this.etags, scope, { only: isRepeatRead, maxStoredChars: MAX_STORED_CHARS });
  }

  private async fallbackRead(key: string, url: string, read: () => Promise<unknown>): Promise<unknown> {
    const until = this.missingFallbacks.get(key);
    if (until !== undefined && until > Date.now())
      throw Object.assign(new Error("Not Found"), { status: 404, response: { status: 404, url, headers: {}, data: { message: "Not Found" } } });
    this.missingFallbacks.delete(key);
    try {
      return await read();
    } catch (error) {
      if ((error as { status?: unknown }).status === 404) {
        if (this.missingFallbacks.size >= 1000) this.missingFallbacks.clear();
        this.missingFallbacks.set(key, Date.now() + MISSING_FALLBACK_MS);
      }
      throw error;
    }
  }
}
