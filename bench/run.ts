import { mkdirSync, writeFileSync } from "node:fs";
import { arch, availableParallelism, cpus, loadavg, platform, totalmem } from "node:os";
import type { BenchResult } from "./harness.js";
import { benchStop, latencyFigures } from "./stop.bench.js";
import { benchBurst, burstFigures } from "./burst.bench.js";
import { benchRollback } from "./rollback.bench.js";
import { benchPipelinePage } from "./pipeline.bench.js";
import { benchSeeding } from "./seeding.bench.js";
import { benchBatchRun } from "./batch-run.bench.js";
import { benchCli } from "./cli.bench.js";
import { benchExtract, EXTRACT_LIMIT_MS, extractFigures } from "./extract.bench.js";
import { benchLimits } from "./limits.bench.js";
import { benchCatchup } from "./catchup.bench.js";

/** `npm run bench`: every benchmark in turn; results to bench/results.json and a table on stdout. */
const suites: (() => Promise<BenchResult[]>)[] = [
  benchStop,
  benchBurst,
  benchRollback,
  benchPipelinePage,
  benchSeeding,
  benchBatchRun,
  benchCli,
  benchExtract,
  benchLimits,
  benchCatchup,
];

/** Where the figures were taken (docs/performance.md prints it); the load shows whether the machine was shared. */
const machine = {
  cpus: availableParallelism(),
  cpu_model: cpus()[0]?.model.trim() ?? "unknown",
  memory_gb: Math.round(totalmem() / 2 ** 30),
  platform: `${platform()} ${arch()}`,
  load_1m_at_start: Math.round((loadavg()[0] ?? 0) * 100) / 100,
};

const results: BenchResult[] = [];
for (const suite of suites) results.push(...(await suite()));

mkdirSync("bench", { recursive: true });
writeFileSync(
  "bench/results.json",
  JSON.stringify(
    {
      node: process.version,
      at: new Date().toISOString(),
      machine,
      results,
      burst: burstFigures,
      extract_commands: extractFigures,
      latency: latencyFigures,
    },
    null,
    2,
  ) + "\n",
);
for (const r of results) {
  console.log(`\n## ${r.name}`);
  console.log(`API calls per event: ${r.api_calls_total_per_event} (${r.rate_limited_calls_per_event} count against the rate limit)`);
  for (const [endpoint, n] of Object.entries(r.api_calls_per_event)) console.log(`  ${n}  ${endpoint}`);
  const t = r.timing;
  console.log(
    `in-process CPU ms: median ${t.cpu_ms_median}, p99 ${t.cpu_ms_p99} (wall median ${t.wall_ms_median}, p99 ${t.wall_ms_p99}) over ${t.runs} runs; peak RSS ${t.peak_rss_mb} MB`,
  );
  if (r.notes) console.log(`  note: ${r.notes}`);
}
console.log("\n## burst: 50 concurrent commands, 100 ms per GitHub call");
for (const b of burstFigures) {
  console.log(
    `  ${b.name}: wall ${b.wall_ms} ms, ${b.commits} commits, ${b.conflicts} conflicts, ${b.api_calls} API calls, all landed: ${b.all_landed}`,
  );
}
console.log(`\n## command extraction, adversarial ${65_536}-character bodies (limit ${EXTRACT_LIMIT_MS} ms per body)`);
for (const e of extractFigures)
  console.log(`  ${e.name}: CPU max ${e.cpu_max_ms} ms; wall max ${e.max_ms} ms, median ${e.median_ms} ms (${e.commands} commands)`);
console.log("\n## delivery → commit (production client: retries, throttling, 1 s between writes)");
for (const l of latencyFigures) {
  console.log(
    `  ${l.name}, ${l.latency_ms_per_call} ms per call: median ${l.delivery_to_commit_ms_median} ms, max ${l.delivery_to_commit_ms_max} ms (bound ${l.bound_ms} ms); reply ${l.delivery_to_reply_ms_median} ms; writes: ${l.write_order.join(" → ")}`,
  );
}
process.exit(0);
