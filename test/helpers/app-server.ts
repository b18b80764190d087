import { createServer } from "node:net";
import { pino } from "pino";
import type { ProbotOctokit } from "probot";
import { Probot, Server } from "probot";
import type { AppDeps } from "../../src/core/deps.js";
import { createApp } from "../../src/app/index.js";
import { testPrivateKey } from "./keys.js";
import { UnthrottledOctokit } from "./octokit.js";

export const WEBHOOK_SECRET = "test-webhook-secret";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

export interface RunningApp {
  /** `http://127.0.0.1:<port>` */
  base: string;
  stop(): Promise<void>;
}

/**
 * The app on Probot's own HTTP server, in this process, on 127.0.0.1 and a free port: the same handler
 * chain as `npm start` (webhooks, /ping, the app's routes, 404). GitHub is whatever nock says.
 */
export async function startAppServer(deps: AppDeps, options: { Octokit?: typeof ProbotOctokit } = {}): Promise<RunningApp> {
  const log = pino({ level: "silent" });
  const port = await freePort();
  const server = new Server({
    host: "127.0.0.1",
    port,
    log,
    Probot: Probot.defaults({ appId: 1, privateKey: testPrivateKey(), secret: WEBHOOK_SECRET, log, Octokit: options.Octokit ?? UnthrottledOctokit }),
  });
  await server.load(createApp(deps));
  await server.start();
  return { base: `http://127.0.0.1:${port}`, stop: () => server.stop() };
}
