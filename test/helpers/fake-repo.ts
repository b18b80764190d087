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

/** How a server words a 409 for a stale blob: GitHub.com, a race inside GitHub, older Enterprise servers. */
export type ConflictWording = "does-not-match" | "is-at" | "expected-to-be-at";

/**
 * A stateful GitHub contents API for one file on branch `main`, on nock: GET returns the current blob,
 * PUT is a real compare-and-swap (409 when the sha is stale), and after a rejected write `GET
 * git/ref/heads/main` gives the branch head, which every commit moves (the file's, or `externalCommitElsewhere`'s to another file).
 * `beforeWrite` can change the file behind the writer's back to force conflicts, like another replica
 * or a person pushing; `duringWrite` runs after GitHub checked the sha and before it moves the branch,
 * so a commit made there fails the write with `is at <new> but expected <old>`, as GitHub does.
 */
export class FakeFile {
  text: string | null;
  readonly commits: FakeCommit[] = [];
  conflicts = 0;
  reads = 0;
  headReads = 0;
  /** The branch head: the last commit, whoever made it. */
  head = createHash("sha1").update("initial").digest("hex");
  /** Commits to other files (by `externalCommitElsewhere`). */
  elsewhere = 0;
  wording: ConflictWording = "does-not-match";
  beforeWrite?: (file: FakeFile) => void;
  duringWrite?: (file: FakeFile) => void;
  /** Set: every PUT gets this answer and nothing moves (a ruleset, a protected branch). */
  refusal?: { status: number; message: string };
  private headRoute = false;

  constructor(
    readonly path: string,
    initial: string | null,
    readonly scope: nock.Scope = nock(API),
    /** Simulated GitHub latency per call (benchmarks). */
    readonly latencyMs = 0,
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
        return [
          200,
          {
            type: "file",
            encoding: "base64",
            size: Buffer.byteLength(this.text),
            sha: blobSha(this.text),
            content: Buffer.from(this.text).toString("base64"),
            path,
          },
        ];
      });
    scope
      .persist()
      .put(route)
      .delay(latencyMs)
      .reply((_uri, body) => {
        this.beforeWrite?.(this);
        if (this.refusal) return this.rejected(this.refusal.status, this.refusal.message);
        const request = body as { message: string; content: string; sha?: string; branch: string };
        const current = this.text === null ? undefined : blobSha(this.text);
        if (request.sha !== current) {
          this.conflicts++;
          if (request.sha === undefined) return this.rejected(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
          return this.rejected(409, this.staleMessage(request.sha));
        }
        const parent = this.head;
        this.duringWrite?.(this);
        if (this.head !== parent) {
          this.conflicts++;
          return this.rejected(409, `is at ${this.head} but expected ${parent}`);
        }
        this.text = Buffer.from(request.content, "base64").toString("utf8");
        const sha = createHash("sha1").update(`commit ${this.commits.length} ${request.message}`).digest("hex");
        this.head = sha;
        this.commits.push({ sha, message: request.message, text: this.text });
        return [200, { content: { sha: blobSha(this.text) }, commit: { sha, html_url: `https://github.com/x/y/commit/${sha}` } }];
      });
  }

  /**
   * A rejected write, and from then on the branch head to read (registered only now, so a test that
   * mocks the ref itself and never sees a rejection keeps its own answer).
   */
  private rejected(status: number, message: string): [number, { message: string }] {
    if (!this.headRoute) {
      this.headRoute = true;
      this.scope
        .persist()
        .get(`${REPO_PATH}/git/ref/${encodeURIComponent("heads/main")}`)
        .optionally()
        .delay(this.latencyMs)
        .reply(() => {
          this.headReads++;
          return [200, { ref: "refs/heads/main", object: { sha: this.head, type: "commit" } }];
        });
    }
    return [status, { message }];
  }

  private staleMessage(sent: string): string {
    if (this.wording === "is-at") return `is at ${this.head} but expected ${createHash("sha1").update(`before ${this.head}`).digest("hex")}`;
    if (this.wording === "expected-to-be-at")
      return `refs/heads/main expected to be at ${createHash("sha1").update(`before ${this.head}`).digest("hex")}`;
    return `${this.path} does not match ${sent}`;
  }

  /** Another writer commits this file behind our back. */
  externalWrite(text: string): void {
    this.text = text;
    this.head = createHash("sha1").update(`external ${this.head} ${text}`).digest("hex");
  }

  /** Another writer commits a different file: the branch moves, this file does not. */
  externalCommitElsewhere(): void {
    this.elsewhere++;
    this.head = createHash("sha1").update(`elsewhere ${this.head} ${this.elsewhere}`).digest("hex");
  }
}
