import { afterAll, beforeAll } from "@jest/globals";
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { freePort } from "./free-port.js";
import type { FakeGitHubServer } from "./fake-github-server.js";
import { testPrivateKey } from "./keys.js";

export const WEBHOOK_SECRET = "test-webhook-secret";

/** The built app (`node dist/app/server.js`, as `npm start` runs it) as a child process. */
export class AppProcess {
  private child?: ChildProcess;
  output = "";
  base = "";

  constructor(
    private readonly env: Record<string, string>,
    /** The built server to run: `npm start`'s by default; the benchmarks run their own build of it. */
    private readonly script = "dist/app/server.js",
  ) {}

  /** The child's process id (for /proc readings in benchmarks). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    this.child = spawn(process.execPath, [this.script], {
      env: {
        PATH: process.env["PATH"] ?? "",
        APP_ID: "1",
        PRIVATE_KEY: testPrivateKey(),
        WEBHOOK_SECRET,
        PORT: String(port),
        HOST: "127.0.0.1",
        GHE_PROTOCOL: "http",
        LOG_LEVEL: "warn",
        LOG_FORMAT: "json",
        BATCH_OPS_SCHEDULE_INTERVAL_SECONDS: "0",
        ...this.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout!.on("data", (d) => (this.output += d));
    this.child.stderr!.on("data", (d) => (this.output += d));
    for (let i = 0; i < 150; i++) {
      try {
        if ((await fetch(`${this.base}/ping`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`app did not start:\n${this.output}`);
  }

  stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const kill = setTimeout(() => child.kill("SIGKILL"), 3000);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill("SIGTERM");
    });
  }

  /** Resolves once the process has written a line matching `pattern` to its output. */
  async waitForOutput(pattern: RegExp): Promise<void> {
    while (!pattern.test(this.output)) await new Promise((r) => setTimeout(r, 20));
  }

  /** Sends SIGTERM (docker stop, Kubernetes) and resolves how the process ended, however long it takes. */
  terminate(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) throw new Error("the app is not running");
    return new Promise((resolve) => {
      child.once("exit", (code, signal) => resolve({ code, signal }));
      child.kill("SIGTERM");
    });
  }

  /** Ends the process at once (SIGKILL), as a crash or an OOM kill would: nothing after this point runs. */
  kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }

  /** Posts a signed webhook delivery, as GitHub does. */
  deliver(event: string, id: string, payload: unknown, secret = WEBHOOK_SECRET): Promise<Response> {
    const body = JSON.stringify(payload);
    return fetch(`${this.base}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": id,
        "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
      },
      body,
    });
  }
}

/**
 * The built app against `github` for every test of the file (writes not spaced): started before the
 * first test, stopped with the fake after the last. Returns the running app.
 */
export function useAppAgainst(github: FakeGitHubServer, env: Record<string, string> = {}): () => AppProcess {
  let app: AppProcess | undefined;
  beforeAll(async () => {
    app = new AppProcess({ GHE_HOST: await github.start(), BATCH_OPS_WRITE_SPACING_MS: "0", ...env });
    await app.start();
  }, 30_000);
  afterAll(async () => {
    await app?.stop();
    await github.stop();
  });
  return () => app!;
}
