import { readFileSync } from "node:fs";
import { examplePayload, OWNER, REPO } from "../test/helpers/payloads.js";
import { AppProcess } from "../test/helpers/app-process.js";
import { blobSha } from "../test/helpers/fake-repo.js";
import { FakeGitHubServer, type RecordedRequest, type RouteAnswer } from "../test/helpers/fake-github-server.js";
import { APP_ID, APP_SLUG, BOT, repoRef } from "../test/helpers/seeding.js";
import { renderReviewIssue } from "../src/seeding/review-issue.js";
import type { BenchResult, CallCounts, Timing } from "./harness.js";

const QUEUE = "data/queues/priority-queue.json";
const realQueue = readFileSync(new URL("../../test/fixtures/priority-queue.tsuku.json", import.meta.url), "utf8");
const REPO_PATH = `/repos/${OWNER}/${REPO}`;

/** The GitHub side of closing a review issue: the 1.4 MB queue (contents API without content, raw blob, CAS PUT) and the reply. */
function routes(state: { text: string; commits: number }) {
  return ({ method, path, body, headers }: RecordedRequest): RouteAnswer | undefined => {
    if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path))
      return { status: 201, body: { token: "t", expires_at: "2099-01-01T00:00:00Z", permissions: {} } };
    if (method === "GET" && path === "/app") return { status: 200, body: { id: APP_ID, slug: APP_SLUG } };
    if (path.includes("batch-ops.yml")) return { status: 404, body: { message: "Not Found" } };
    if (/\/collaborators\/[^/]+\/permission$/.test(path)) return { status: 200, body: { permission: "write", role_name: "write" } };
    const route = `${REPO_PATH}/contents/${encodeURIComponent(QUEUE)}`;
    // Over 1 MB, GitHub's contents API answers without content (encoding "none").
    if (method === "GET" && path.startsWith(route))
      return {
        status: 200,
        body: { type: "file", encoding: "none", content: "", size: Buffer.byteLength(state.text), sha: blobSha(state.text), path: QUEUE },
      };
    if (method === "GET" && path.startsWith(`${REPO_PATH}/git/blobs/`)) {
      if (!path.split("?")[0]!.endsWith(blobSha(state.text))) return { status: 404, body: { message: "Not Found" } };
      if (String(headers?.["accept"] ?? "").includes("application/vnd.github.raw"))
        return { status: 200, raw: state.text, contentType: "application/vnd.github.raw+json" };
      return { status: 200, body: { sha: blobSha(state.text), encoding: "base64", content: Buffer.from(state.text).toString("base64") } };
    }
    if (method === "PUT" && path === route) {
      const request = body as { sha: string; content: string };
      if (request.sha !== blobSha(state.text)) return { status: 409, body: { message: `${QUEUE} does not match ${request.sha}` } };
      state.commits++;
      const sha = `c${state.commits}`.padEnd(40, "0");
      return { status: 200, body: { content: { sha: "b" }, commit: { sha, html_url: `https://github.com/${OWNER}/${REPO}/commit/${sha}` } } };
    }
    if (method === "POST" && /\/issues\/\d+\/comments$/.test(path)) return { status: 201, body: { id: 1, html_url: "https://github.com/x" } };
    return undefined;
  };
}

function closedPayload(): unknown {
  const { title, body } = renderReviewIssue(
    { package: "exa", old: "homebrew:exa", new: "crates.io:exa", priority: 2, autoAccepted: false },
    {
      repo: repoRef,
      run: { id: 17, url: "https://github.com/x" },
      queueFile: QUEUE,
      auditDir: "data/disambiguations/audit",
      acceptLevel: "write",
      rejectLevel: "write",
    },
  );
  const payload = examplePayload("issues", "reopened");
  payload.action = "closed";
  payload.issue = {
    ...payload.issue,
    number: 1,
    title,
    body,
    state: "closed",
    state_reason: "completed",
    labels: [{ name: "seeding:review" }],
    user: BOT,
    performed_via_github_app: { id: APP_ID, slug: APP_SLUG },
    html_url: `https://github.com/${OWNER}/${REPO}/issues/1`,
  };
  payload.sender = { ...payload.sender, login: "alice", type: "User" };
  payload.repository.default_branch = "main";
  payload.installation = { id: 2 };
  return payload;
}

/** One line of /proc/<pid>/status in MB (VmHWM is the peak resident set size so far). */
function procStatusMb(pid: number, key: "VmHWM" | "VmRSS"): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${key}:`));
  return Math.round((Number(/(\d+)/.exec(line ?? "")?.[1] ?? 0) / 1024) * 10) / 10;
}

/** CPU time (user + system) of a process so far, in ms (Linux clock ticks are 10 ms). */
function procCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function quantile(sorted: number[], q: number): number {
  return Math.round(sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))]! * 1000) / 1000;
}

/**
 * Closing a review issue as completed on the real 1.4 MB queue, in the built server (`node
 * dist-bench/src/app/server.js`, what `npm start` runs) as its own process against a fake GitHub over
 * HTTP: its peak RSS is the app's alone (no nock, no other benchmark in the same heap).
 */
export async function benchQueueAccept(runs = 30, memorySaver: "on" | "off" = "on"): Promise<BenchResult> {
  const state = { text: realQueue, commits: 0 };
  const github = new FakeGitHubServer(routes(state));
  const app = new AppProcess(
    { GHE_HOST: await github.start(), BATCH_OPS_WRITE_SPACING_MS: "0", LOG_LEVEL: "error", BATCH_OPS_MEMORY_SAVER: memorySaver },
    "dist-bench/src/app/server.js",
  );
  await app.start();
  const pid = app.pid!;
  try {
    const baseline = procStatusMb(pid, "VmRSS");
    const wall: number[] = [];
    const cpu: number[] = [];
    let from = 0;
    for (let i = 0; i < runs; i++) {
      state.text = realQueue; // each run accepts the same change on the real queue
      const commits = state.commits;
      const startCpu = procCpuMs(pid);
      const start = performance.now();
      const response = await app.deliver("issues", `accept-${i}`, closedPayload());
      if (!response.ok) throw new Error(`delivery answered ${response.status}: ${app.output}`);
      await github.waitFor((r) => r.method === "POST" && r.path.endsWith("/issues/1/comments") && github.requests.indexOf(r) >= from);
      wall.push(performance.now() - start);
      cpu.push(procCpuMs(pid) - startCpu);
      if (state.commits !== commits + 1) throw new Error(`run ${i}: expected one commit, saw ${state.commits - commits}\n${app.output}`);
      from = github.requests.length;
    }
    const peak = procStatusMb(pid, "VmHWM");
    const counts: CallCounts = {};
    const measured = github.requests.slice(github.requests.findIndex((r) => r.path === "/app") + 1);
    for (const r of measured) {
      const key = `${r.method} ${r.path
        .split("?")[0]!
        .replace(/\/contents\/[^/]+$/, "/contents/{path}")
        .replace(/\/blobs\/[0-9a-f]+$/, "/blobs/{file_sha}")
        .replace(/^\/repos\/[^/]+\/[^/]+/, "/repos/{owner}/{repo}")
        .replace(/\/collaborators\/[^/]+\//, "/collaborators/{username}/")
        .replace(/\/issues\/\d+\//, "/issues/{issue_number}/")
        .replace(/\/installations\/\d+\//, "/installations/{id}/")}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    wall.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    const timing: Timing = {
      runs,
      cpu_ms_median: quantile(cpu, 0.5),
      cpu_ms_p99: quantile(cpu, 0.99),
      wall_ms_median: quantile(wall, 0.5),
      wall_ms_p99: quantile(wall, 0.99),
      peak_rss_mb: peak,
      peak_heap_mb: 0,
    };
    const per = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Math.round((v / runs) * 100) / 100]));
    return {
      name: `issues.closed: accept one source change on the real 5,305-entry queue (1.4 MB)${memorySaver === "off" ? ", BATCH_OPS_MEMORY_SAVER=off" : ""}`,
      api_calls_per_event: per,
      api_calls_total_per_event: Object.values(per).reduce((a, b) => a + b, 0),
      // Reads and writes alike: none of this fake's answers is a 304.
      rate_limited_calls_per_event: Object.values(per).reduce((a, b) => a + b, 0),
      timing,
      notes: `the built server as its own process (peak RSS = its VmHWM over ${runs} accepts; ${baseline} MB after start), GitHub a fake over HTTP; the queue is read as GitHub serves files over 1 MB (contents API without content, then the raw blob); CPU from /proc in 10 ms ticks; heap not sampled`,
    };
  } finally {
    await app.stop();
    await github.stop();
  }
}
