import "dotenv/config";
import { setFlagsFromString } from "node:v8";
import { run } from "probot";
import { readEnv } from "../config/env.js";
import { createOctokitClass } from "../github/octokit.js";
import { buildDeps } from "./composition.js";
import { createApp } from "./index.js";
import { RedisCoordinator } from "../coordination/redis-coordinator.js";
import { SharedRateLimitPause } from "../coordination/rate-limit-pause.js";

/** `npm start`: validate the environment, then run the app on Probot's server (setup flow without credentials). */
const result = readEnv();
if (!result.ok) {
  console.error(result.message);
  process.exit(1);
}
const { REDIS_URL, BATCH_OPS_WRITE_SPACING_MS, BATCH_OPS_MEMORY_SAVER } = result.env;

// A webhook app idles between deliveries; a few (a queue accept) handle megabytes. V8's memory-saving
// collection frees those at once instead of letting the heap grow: peak RSS over 30 accepts of the
// real 1.4 MB queue is ~130 MB instead of ~200 MB, for ~50 ms more CPU per accept (bench/queue-accept).
// Set as the process starts, before any request; BATCH_OPS_MEMORY_SAVER=off keeps V8's defaults.
if (BATCH_OPS_MEMORY_SAVER === "on") setFlagsFromString("--optimize-for-size");

// batch-ops coordinates replicas on Redis itself, with in-process fallbacks. REDIS_URL is therefore not
// handed to Probot, whose Redis-clustered Bottleneck would stall every API call while Redis is down.
const probotEnv = { ...process.env };
delete probotEnv["REDIS_URL"];

const redis = REDIS_URL ? new RedisCoordinator(REDIS_URL, console) : undefined;
const deps = buildDeps(result.env, redis);
deps.metrics?.collectProcessMetrics();
await run(createApp(deps), {
  env: probotEnv,
  Octokit: createOctokitClass({
    pause: new SharedRateLimitPause(redis),
    writeSpacingMs: BATCH_OPS_WRITE_SPACING_MS,
    onResponse: (status) => deps.metrics?.githubRequest(status),
  }),
});
