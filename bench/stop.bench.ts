import { readFileSync } from "node:fs";
import { benchDeps, benchProbot, measure, result, type BenchResult, type CallCounts } from "./harness.js";
import { fakeFetch } from "./fake-fetch.js";
import { createOctokitClass } from "../src/github/octokit.js";
import { commandRoutes, type CommandState } from "../test/helpers/fake-github-server.js";
import { commentPayload } from "../test/helpers/payloads.js";

const NOW = new Date("2026-11-27T10:00:00Z");
const fixture = readFileSync(new URL("../../test/fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
// The real file after `/stop all` and `/stop npm pypi`: what `/resume all` starts from.
const stopped =
  JSON.stringify(
    {
      ...JSON.parse(fixture),
      enabled: false,
      disabled_ecosystems: ["npm", "pypi"],
      reason: "Emergency stop: bad batch",
      disabled_by: "alice",
      disabled_at: "2026-11-27T09:00:00Z",
      incident_url: "https://github.com/o/r/issues/1",
    },
    null,
    2,
  ) + "\n";

const NOTES =
  "real tsuku control file, no .github/batch-ops.yml (the runbook's defaults); GitHub is an in-process fake answering as GitHub does " +
  "(ETags, 304 to a matching If-None-Match, compare-and-swap on the blob), so the CPU is the app's own: nock's interception costs " +
  "~1.4 ms per call on top; installation token cached after the first event, as in production";

/** One command, measured over many runs on the real control file; every call counted. */
async function benchCommand(name: string, body: string, startFrom: string, runs: number): Promise<BenchResult> {
  const state: CommandState = { file: startFrom, commits: [], etags: true };
  const counts: CallCounts = {};
  const probot = benchProbot(benchDeps(NOW), counts, { fetch: fakeFetch(commandRoutes(state)) });
  // Warm up the JIT, the installation token and the conditional reads before measuring.
  for (let i = 0; i < 20; i++) {
    state.file = startFrom;
    await probot.receive({ id: `w${name}${i}`, name: "issue_comment", payload: commentPayload(body) } as never);
  }
  for (const key of Object.keys(counts)) delete counts[key];
  const timing = await measure(runs, async (i) => {
    state.file = startFrom; // each run starts from the same file, so each run commits
    await probot.receive({ id: `${name}${i}`, name: "issue_comment", payload: commentPayload(body) } as never);
  });
  if (state.commits.length !== runs + 20) throw new Error(`${name}: expected ${runs + 20} commits, saw ${state.commits.length}`);
  return result(name, counts, timing, NOTES);
}

export interface LatencyFigures {
  name: string;
  latency_ms_per_call: number;
  runs: number;
  delivery_to_commit_ms_median: number;
  delivery_to_commit_ms_max: number;
  /** The issue's bound: six calls' latency and 50 ms. */
  bound_ms: number;
  delivery_to_reply_ms_median: number;
  /** The order GitHub saw this delivery's writes in. */
  write_order: string[];
}

const median = (values: number[]) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Delivery → commit of a `/stop` with 50 ms per GitHub call and the production client (retries,
 * throttling, one second between writes per installation): the commit must be the delivery's first
 * write, not queued behind the 👀 reaction.
 */
async function deliveryToCommit(runs: number): Promise<LatencyFigures> {
  const LATENCY = 50;
  const state: CommandState = { file: fixture, commits: [], etags: true };
  let commitAt = 0;
  let replyAt = 0;
  let writes: string[] = [];
  const fetch = fakeFetch(commandRoutes(state), {
    latencyMs: LATENCY,
    onAnswer: (request, answer, at) => {
      if (request.method === "GET") return;
      if (request.method === "PUT" && answer.status === 200) commitAt = at;
      if (request.path.endsWith("/issues/1/comments")) replyAt = at;
      if (!request.path.startsWith("/app/"))
        writes.push(
          request.method === "PUT"
            ? "commit"
            : request.path.endsWith("/reactions")
              ? `react ${(request.body as { content: string }).content}`
              : "reply",
        );
    },
  });
  const Production = createOctokitClass({ writeSpacingMs: 1000 });
  const probot = benchProbot(benchDeps(NOW), {}, { fetch, Octokit: Production });
  const toCommit: number[] = [];
  const toReply: number[] = [];
  let order: string[] = [];
  for (let i = 0; i <= runs; i++) {
    state.file = fixture;
    writes = [];
    // An idle installation: the previous delivery's last write is more than the spacing ago.
    await new Promise((r) => setTimeout(r, 1100));
    const start = performance.now();
    await probot.receive({ id: `latency-${i}`, name: "issue_comment", payload: commentPayload("/stop homebrew upstream outage") } as never);
    if (i === 0) continue; // the first delivery also exchanges the installation token
    toCommit.push(commitAt - start);
    toReply.push(replyAt - start);
    order = writes;
  }
  return {
    name: "/stop homebrew: delivery → commit",
    latency_ms_per_call: LATENCY,
    runs,
    delivery_to_commit_ms_median: Math.round(median(toCommit)),
    delivery_to_commit_ms_max: Math.round(Math.max(...toCommit)),
    bound_ms: 6 * LATENCY + 50,
    delivery_to_reply_ms_median: Math.round(median(toReply)),
    write_order: order,
  };
}

export async function benchStop(runs = 300): Promise<BenchResult[]> {
  const results = [
    await benchCommand("/stop homebrew", "/stop homebrew upstream outage", fixture, runs),
    await benchCommand("/resume all", "/resume all fixed upstream", stopped, runs),
  ];
  latencyFigures.push(await deliveryToCommit(5));
  return results;
}

/** Read by run.ts to print and store the delivery → commit figures. */
export const latencyFigures: LatencyFigures[] = [];
