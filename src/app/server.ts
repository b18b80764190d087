import "dotenv/config";
import { setFlagsFromString } from "node:v8";
import { run } from "probot";
import { readEnv } from "../config/env.js";
import { createOctokitClass } from "../github/octokit.js";
import { buildDeps } from "./composition.js";
import { createApp } from "./index.js";
import { RedisCoordinator } from "../coordination/redis-coordinator.js";
import { SharedRateLimitPause } from "../coordination/rate-limit-pause.js";
import { stopScheduleTimers } from "./schedule/timer.js";
import { capWebhookBodies } from "./http/body-cap.js";

/** How long SIGTERM waits for deliveries and a tick in progress (Kubernetes kills after 30 s by default). */
const SHUTDOWN_GRACE_MS = 25_000;

/** `npm start`: validate the environment, then run the app on Probot's server (setup flow without credentials). */
const result = readEnv();
if (!result.ok) {
  console.error(result.message);
  process.exit(1);
}
const { REDIS_URL, BATCH_OPS_WRITE_SPACING_MS, BATCH_OPS_MEMORY_SAVER, WEBHOOK_PATH } = result.env;

// A webhook app idles between deliveries; a few (a queue accept) handle megabytes. V8's memory-saving
// collection frees those at once instead of letting the heap grow: peak RSS over 30 accepts of the
// real 1.4 MB queue is ~130 MB instead of ~200 MB, for ~50 ms more CPU per accept (bench/queue-accept).
// Set as the process starts, before any request; BATCH_OPS_MEMORY_SAVER=off keeps V8's defaults.
if (BATCH_OPS_MEMORY_SAVER === "on") setFlagsFromString("--optimize-for-size");

// batch-ops coordinates replicas on Redis itself, with in-process fallbacks. REDIS_URL is therefore not
// handed to Probot, whose Redis-clustered Bottleneck would stall every API call while Redis is down.
const probotEnv = { ...process.env };
delete probotEnv["REDIS_URL"];

// A webhook body larger than GitHub's 25 MB cap is refused (413) before Probot would buffer it whole.
capWebhookBodies(WEBHOOK_PATH);

const redis = REDIS_URL ? new RedisCoordinator(REDIS_URL, console) : undefined;
const deps = buildDeps(result.env, redis);
deps.metrics?.collectProcessMetrics();
const server = await run(createApp(deps), {
  env: probotEnv,
  Octokit: createOctokitClass({
    pause: new SharedRateLimitPause(redis),
    writeSpacingMs: BATCH_OPS_WRITE_SPACING_MS,
    onResponse: (status) => deps.metrics?.githubRequest(status),
  }),
});

// SIGTERM (docker stop, Kubernetes, systemd): stop taking new work (webhooks and /health answer 503, no
// new tick), let the deliveries and the tick in progress finish their writes, then exit. A delivery
// refused meanwhile is marked failed by GitHub and redelivered by the catch-up.
const inFlight = deps.inFlight;
process.once("SIGTERM", () => {
  if (!inFlight) process.exit(0);
  inFlight.beginShutdown();
  stopScheduleTimers();
  console.info(`batch-ops: SIGTERM, shutting down after ${inFlight.pending} piece(s) of work in progress`);
  void (async () => {
    const drained = await inFlight.drain(SHUTDOWN_GRACE_MS);
    if (!drained) console.error(`batch-ops: ${inFlight.pending} piece(s) of work still running after ${SHUTDOWN_GRACE_MS / 1000} s; exiting anyway`);
    await Promise.race([server.stop().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    await redis?.close().catch(() => undefined);
    process.exit(0);
  })();
});
