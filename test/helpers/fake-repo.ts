import { createHash } from "node:crypto";
import nock from "nock";
import { API, REPO_PATH } from "./index.js";

export function blobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

export interface FakeCommit {
  sha: string;
  message: string;
  text: string;
}

/**
 * A stateful GitHub contents API for one file, on nock: GET returns the current blob, PUT is a real
 * compare-and-swap (409 when the sha is stale). `beforeWrite` can change the file behind the writer's
 * back to force conflicts, like another replica or a person pushing.
 */
export class FakeFile {
  text: string | null;
  readonly commits: FakeCommit[] = [];
  conflicts = 0;
  reads = 0;
  beforeWrite?: (file: FakeFile) => void;

  constructor(
    readonly path: string,
    initial: string | null,
    readonly scope: nock.Scope = nock(API),
    /** Simulated GitHub latency per call (benchmarks). */
    latencyMs = 0,
  ) {
    this.text = initial;
    const route = `${REPO_PATH}/contents/${encodeURIComponent(path)}`;
    scope
      .persist()
      .get((uri) => uri.startsWith(route) && (uri === route || uri.startsWith(`${route}?`)))
      .delay(latencyMs)
      .reply(() => {
        this.reads++;
        if (this.text === null) return [404, { message: "Not Found" }];
        return [200, { type: "file", encoding: "base64", size: Buffer.byteLength(this.text), sha: blobSha(this.text), content: Buffer.from(this.text).toString("base64"), path }];
      });
    scope
      .persist()
      .put(route)
      .delay(latencyMs)
      .reply((_uri, body) => {
        this.beforeWrite?.(this);
        const request = body as { message: string; content: string; sha?: string; branch: string };
        const current = this.text === null ? undefined : blobSha(this.text);
        if (request.sha !== current) {
          this.conflicts++;
          return [409, { message: `${path} does not match ${request.sha ?? "(none)"}` }];
        }
        this.text = Buffer.from(request.content, "base64").toString("utf8");
        const sha = createHash("sha1").update(`commit ${this.commits.length} ${request.message}`).digest("hex");
        this.commits.push({ sha, message: request.message, text: this.text });
        return [200, { content: { sha: blobSha(this.text) }, commit: { sha, html_url: `https://github.com/x/y/commit/${sha}` } }];
      });
  }

  /** Another writer commits behind our back. */
  externalWrite(text: string): void {
    this.text = text;
  }
}
