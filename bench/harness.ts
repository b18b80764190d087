import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { UnthrottledOctokit } from "../test/helpers/octokit.js";
import { createApp } from "../src/app/index.js";
import type { AppDeps } from "../src/core/deps.js";
import { ControlStore } from "../src/control/store.js";
import { MemoryDeliveryDedupe } from "../src/coordination/delivery-dedupe.js";
import { Exclusive } from "../src/coordination/exclusive.js";
import { RepeatReads } from "../src/github/repeat-reads.js";
import { WorkflowTexts } from "../src/github/workflow-texts.js";

export const API = "https://api.github.com";
const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

/** API calls by `METHOD /route/{template}`, counted from Octokit's own request hook. */
export type CallCounts = Record<string, number>;

export function benchDeps(now: Date, overrides: Partial<AppDeps> = {}): AppDeps {
  return {
    store: new ControlStore({ clock: () => now, backoff: { attempts: 8, baseMs: 1, maxMs: 4 } }),
    dedupe: new MemoryDeliveryDedupe(),
    clock: () => now,
    exclusive: new Exclusive(),
    seedingLock: new Exclusive(),
    repeatReads: new RepeatReads(),
    workflowTexts: new WorkflowTexts(),
    ...overrides,
  };
}

/**
 * Counts every answered request by `METHOD /route/{template}`; a 304 Not Modified (a conditional request
 * whose answer had not changed, which costs no rate limit) is counted apart, as `… (304)`.
 */
export function countingPlugin(counts: CallCounts) {
  return (octokit: { hook: { after: Function; error: Function } }) => {
    const add = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
    octokit.hook.after("request", (_response: unknown, options: { method: string; url: string }) => void add(`${options.method} ${options.url}`));
    octokit.hook.error("request", (error: { status?: number }, options: { method: string; url: string }) => {
      add(`${options.method} ${options.url}${error.status === 304 ? " (304)" : ""}`);
      throw error;
    });
  };
}

/**
 * A Probot whose every GitHub request is counted by route template. GitHub itself is nock, or `fetch`
 * (an in-process fake); `Octokit` replaces the unthrottled test client (the production policy, say).
 */
export function benchProbot(deps: AppDeps, counts: CallCounts, options: { fetch?: typeof fetch; Octokit?: typeof UnthrottledOctokit } = {}): Probot {
  const Counting = (options.Octokit ?? UnthrottledOctokit).plugin(countingPlugin(counts) as never);
  const probot = new Probot({
    appId: 1,
    privateKey,
    log: pino({ level: "silent" }),
    Octokit: Counting,
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
  });
  void probot.load(createApp(deps));
  return probot;
}

export interface Timing {
  runs: number;
  cpu_ms_median: number;
  cpu_ms_p99: number;
  wall_ms_median: number;
  wall_ms_p99: number;
  peak_rss_mb: number;
  peak_heap_mb: number;
}

function quantile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)]! * 1000) / 1000;
}

/** Runs `once` many times, measuring in-process CPU time and wall time per run, and peak memory. */
export async function measure(runs: number, once: (i: number) => Promise<void>): Promise<Timing> {
  const cpu: number[] = [];
  const wall: number[] = [];
  let peakRss = 0;
  let peakHeap = 0;
  (globalThis as { gc?: () => void }).gc?.();
  for (let i = 0; i < runs; i++) {
    const startCpu = process.cpuUsage();
    const startWall = performance.now();
    await once(i);
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - startWall);
    cpu.push((used.user + used.system) / 1000);
    const memory = process.memoryUsage();
    peakRss = Math.max(peakRss, memory.rss);
    peakHeap = Math.max(peakHeap, memory.heapUsed);
  }
  cpu.sort((a, b) => a - b);
  wall.sort((a, b) => a - b);
  return {
    runs,
    cpu_ms_median: quantile(cpu, 0.5),
    cpu_ms_p99: quantile(cpu, 0.99),
    wall_ms_median: quantile(wall, 0.5),
    wall_ms_p99: quantile(wall, 0.99),
    peak_rss_mb: Math.round((peakRss / 1048576) * 10) / 10,
    peak_heap_mb: Math.round((peakHeap / 1048576) * 10) / 10,
  };
}

/** Per-run call counts: totals divided by the number of runs. */
export function perRun(counts: CallCounts, runs: number): CallCounts {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Math.round((v / runs) * 100) / 100]));
}

export interface BenchResult {
  name: string;
  api_calls_per_event: CallCounts;
  api_calls_total_per_event: number;
  /** Calls that count against the installation's rate limit: all but the 304s. */
  rate_limited_calls_per_event: number;
  timing: Timing;
  notes?: string;
}

export function result(name: string, counts: CallCounts, timing: Timing, notes?: string): BenchResult {
  const per = perRun(counts, timing.runs);
  const total = (entries: [string, number][]) => Math.round(entries.reduce((a, [, b]) => a + b, 0) * 100) / 100;
  return {
    name,
    api_calls_per_event: per,
    api_calls_total_per_event: total(Object.entries(per)),
    rate_limited_calls_per_event: total(Object.entries(per).filter(([k]) => !k.endsWith(" (304)"))),
    timing,
    ...(notes ? { notes } : {}),
  };
}

export function resetNock(): void {
  nock.cleanAll();
  nock.disableNetConnect();
}
