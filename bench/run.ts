import { mkdirSync, writeFileSync } from "node:fs";
import type { BenchResult } from "./harness.js";
import { benchStop } from "./stop.bench.js";
import { benchBurst, burstFigures } from "./burst.bench.js";
import { benchRollback } from "./rollback.bench.js";
import { benchPipelinePage } from "./pipeline.bench.js";
import { benchSeeding } from "./seeding.bench.js";
import { benchBatchRun } from "./batch-run.bench.js";
import { benchCli } from "./cli.bench.js";
import { benchCatchup } from "./catchup.bench.js";

/** `npm run bench`: every benchmark in turn; results to bench/results.json and a table on stdout. */
const suites: (() => Promise<BenchResult[]>)[] = [benchStop, benchBurst, benchRollback, benchPipelinePage, benchSeeding, benchBatchRun, benchCli, benchCatchup];

const results: BenchResult[] = [];
for (const suite of suites) results.push(...(await suite()));

mkdirSync("bench", { recursive: true });
writeFileSync("bench/results.json", JSON.stringify({ node: process.version, at: new Date().toISOString(), results, burst: burstFigures }, null, 2) + "\n");
for (const r of results) {
  console.log(`\n## ${r.name}`);
  console.log(`API calls per event: ${r.api_calls_total_per_event}`);
  for (const [endpoint, n] of Object.entries(r.api_calls_per_event)) console.log(`  ${n}  ${endpoint}`);
  const t = r.timing;
  console.log(`in-process CPU ms: median ${t.cpu_ms_median}, p99 ${t.cpu_ms_p99} (wall median ${t.wall_ms_median}, p99 ${t.wall_ms_p99}) over ${t.runs} runs; peak RSS ${t.peak_rss_mb} MB`);
  if (r.notes) console.log(`  note: ${r.notes}`);
}
console.log("\n## burst: 50 concurrent commands, 100 ms per GitHub call");
for (const b of burstFigures) {
  console.log(`  ${b.name}: wall ${b.wall_ms} ms, ${b.commits} commits, ${b.conflicts} conflicts, ${b.api_calls} API calls, all landed: ${b.all_landed}`);
}
process.exit(0);
