import { z } from "zod";
import { isRecord } from "./json-schema.js";
import { code, generatedNote, page, plain, table } from "./markdown.js";

/** `bench/results.json` as `bench/run.ts` writes it; fields added later are rendered too, by name. */
const benchFileSchema = z.looseObject({
  results: z.array(
    z.looseObject({
      name: z.string(),
      api_calls_per_event: z.record(z.string(), z.number()).optional(),
      timing: z.record(z.string(), z.number()).optional(),
      notes: z.string().optional(),
    }),
  ),
});

type BenchResult = z.infer<typeof benchFileSchema>["results"][number];

const LABELS: Record<string, string> = {
  node: "Node.js",
  at: "Measured at",
  machine: "Machine",
  cpus: "CPUs",
  cpu_model: "CPU",
  memory_gb: "memory (GB)",
  load_1m_at_start: "load average (1 min) at start",
  api_calls_total_per_event: "API calls per event",
  rate_limited_calls_per_event: "Counted against the rate limit",
  runs: "Runs",
  cpu_ms_median: "CPU median (ms)",
  cpu_ms_p99: "CPU p99 (ms)",
  wall_ms_median: "Wall median (ms)",
  wall_ms_p99: "Wall p99 (ms)",
  peak_rss_mb: "Peak RSS (MB)",
  peak_heap_mb: "Peak heap (MB)",
  burst: "Burst: many commands at once",
  api_calls: "API calls",
  latency_ms_per_call: "Latency per call (ms)",
  wall_ms: "Wall (ms)",
  latency: "Latency: delivery to commit",
  extract_commands: "Reading commands from worst-case comments",
  chars: "Characters",
  max_ms: "Wall max (ms)",
  median_ms: "Wall median (ms)",
  cpu_max_ms: "CPU max (ms)",
  delivery_to_commit_ms_median: "Delivery → commit, median (ms)",
  delivery_to_commit_ms_max: "Delivery → commit, max (ms)",
  bound_ms: "Bound (ms)",
  delivery_to_reply_ms_median: "Delivery → reply, median (ms)",
};

/** What a list of figures measures, where the figures alone do not say it. */
const INTROS: Record<string, string> = {
  burst: "Concurrent `/stop <ecosystem>` commands in one process, against a mocked GitHub that answers every call after the latency shown.",
  latency: "From a webhook delivery to its commit and reply, through the production client (retries, throttling, one second between writes).",
  extract_commands: "Comment bodies built to hit each scanner's worst case, each as long as GitHub allows; wall time is how long the event loop is blocked, CPU time the cost itself.",
};

const label = (key: string) => LABELS[key] ?? key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, " ");

/** `docs/performance.md`: every figure in `bench/results.json`, with how and where it was measured. */
export function renderPerformancePage(json: unknown, source: string): string {
  const parsed = benchFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${source} does not have the shape bench/run.ts writes: ${z.prettifyError(parsed.error)}`);
  const file = parsed.data;
  const lines = [
    generatedNote(source),
    "",
    "# Performance",
    "",
    "`npm run bench` runs every benchmark with GitHub mocked (nock), counts API calls from Octokit's own request hook",
    "(by route template), measures CPU and wall time per event in the benchmark's process (median and p99 over the runs",
    "shown) and its peak memory, and writes everything to `bench/results.json`, from which this page is generated.",
    "",
    "Measured with:",
    "",
    ...Object.entries(file)
      .filter(([key, value]) => key !== "results" && !Array.isArray(value))
      .map(([key, value]) => `- ${label(key)}: ${valueText(value)}`),
    "",
    "## Per event",
    "",
    ...perEventTable(file.results),
    "",
    "## Conditions and API calls of each operation",
  ];
  file.results.forEach((result, i) => lines.push("", ...resultDetails(result, i + 1)));
  for (const [key, value] of Object.entries(file)) {
    if (key === "results" || !Array.isArray(value)) continue;
    lines.push("", `## ${plain(label(key))}`, "", INTROS[key] ?? "", "", ...recordTable(value));
  }
  return page(lines);
}

/** One row per operation: the call count, any other per-event figure, then every timing figure. */
function perEventTable(results: readonly BenchResult[]): string[] {
  const known = new Set(["name", "api_calls_per_event", "timing", "notes"]);
  const figures = unionKeys(results.map((r) => Object.fromEntries(Object.entries(r).filter(([k, v]) => !known.has(k) && !isRecord(v)))));
  const timings = unionKeys(results.map((r) => r.timing ?? {}));
  return table(
    ["#", "Operation", ...figures.map(label), ...timings.map(label)],
    results.map((r, i) => [
      String(i + 1),
      plain(r.name),
      ...figures.map((k) => valueText(r[k])),
      ...timings.map((k) => valueText(r.timing?.[k])),
    ]),
  );
}

function resultDetails(result: BenchResult, n: number): string[] {
  const lines = [`### ${n}. ${plain(result.name)}`];
  if (result.notes) lines.push("", plain(result.notes));
  const calls = Object.entries(result.api_calls_per_event ?? {});
  lines.push("", ...(calls.length > 0 ? table(["API call", "Per event"], calls.map(([route, count]) => [code(route), String(count)])) : ["No API calls."]));
  return lines;
}

/** Any other list of figures (`burst`, …): one row per entry, one column per field. */
function recordTable(entries: readonly unknown[]): string[] {
  const records = entries.filter(isRecord);
  const keys = unionKeys(records);
  return table(keys.map(label), records.map((r) => keys.map((k) => valueText(r[k]))));
}

function unionKeys(records: readonly Record<string, unknown>[]): string[] {
  const keys: string[] = [];
  for (const record of records) for (const key of Object.keys(record)) if (!keys.includes(key)) keys.push(key);
  return keys;
}

function valueText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.map(valueText).join(", ");
  if (isRecord(value)) return Object.entries(value).map(([k, v]) => `${label(k)} ${valueText(v)}`).join("; ");
  if (typeof value === "string" || typeof value === "number") return plain(String(value));
  return plain(JSON.stringify(value) ?? "");
}
