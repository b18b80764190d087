import { readFileSync } from "node:fs";
import nock from "nock";
import { API, benchDeps, benchProbot, resetNock, type BenchResult, type CallCounts } from "./harness.js";
import { ControlStore } from "../src/control/store.js";
import { blobSha, FakeFile } from "../test/helpers/fake-repo.js";
import { GATED_WORKFLOW } from "../test/shared/workflows.js";
import { commentPayload, REPO_PATH, COMMENT_ID } from "../test/helpers/payloads.js";

const NOW = new Date("2026-11-27T10:00:00Z");
const fixture = readFileSync(new URL("../../test/fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const LATENCY_MS = 100;
const COMMANDS = 50;

export interface BurstFigures {
  name: string;
  commands: number;
  latency_ms_per_call: number;
  wall_ms: number;
  commits: number;
  conflicts: number;
  api_calls: number;
  all_landed: boolean;
}

/** 50 concurrent `/stop <eco>` commands, every GitHub call answering after 100 ms. */
async function burst(maxFold: number): Promise<BurstFigures> {
  resetNock();
  const scope = nock(API).persist();
  scope.post("/app/installations/2/access_tokens").delay(LATENCY_MS).reply(200, { token: "t", permissions: {} });
  scope
    .get(/\/contents\/\.github%2Fbatch-ops\.yml/)
    .delay(LATENCY_MS)
    .reply(200, `ecosystems: [${Array.from({ length: COMMANDS }, (_, i) => `eco${i}`).join(", ")}]\n`);
  scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`).delay(LATENCY_MS).reply(201, {});
  scope.get(`${REPO_PATH}/collaborators/alice/permission`).delay(LATENCY_MS).reply(200, { permission: "write", role_name: "write" });
  scope.post(`${REPO_PATH}/issues/1/comments`).delay(LATENCY_MS).reply(201, { id: 1, html_url: "https://github.com/x" });
  // `.github/workflows` (does the stop take effect?): a batch workflow gated by the pre-flight action,
  // listed with an ETag (304 to a matching If-None-Match, as GitHub answers).
  const WORKFLOW = {
    type: "file",
    name: "batch.yml",
    path: ".github/workflows/batch.yml",
    sha: blobSha(GATED_WORKFLOW),
    size: Buffer.byteLength(GATED_WORKFLOW),
  };
  scope
    .get(`${REPO_PATH}/contents/.github%2Fworkflows`)
    .query(true)
    .delay(LATENCY_MS)
    .reply(function () {
      return this.req.headers["if-none-match"] === '"burst"' ? [304, ""] : [200, [WORKFLOW], { etag: '"burst"' }];
    });
  scope
    .get(`${REPO_PATH}/contents/.github%2Fworkflows%2Fbatch.yml`)
    .query(true)
    .delay(LATENCY_MS)
    .reply(200, { ...WORKFLOW, encoding: "base64", content: Buffer.from(GATED_WORKFLOW).toString("base64") });
  const file = new FakeFile("batch-control.json", fixture, nock(API), LATENCY_MS);
  const counts: CallCounts = {};
  const deps = benchDeps(NOW, { store: new ControlStore({ clock: () => NOW, maxFold, backoff: { attempts: 8, baseMs: 10, maxMs: 100 } }) });
  const probot = benchProbot(deps, counts);
  const start = performance.now();
  await Promise.all(
    Array.from({ length: COMMANDS }, (_, i) =>
      probot.receive({ id: `b${maxFold}-${i}`, name: "issue_comment", payload: commentPayload(`/stop eco${i} burst`) } as never),
    ),
  );
  const wall = performance.now() - start;
  const disabled = (JSON.parse(file.text!).disabled_ecosystems as string[]) ?? [];
  return {
    name: maxFold > 1 ? "folding waiting changes (default)" : "one commit per command (maxFold=1)",
    commands: COMMANDS,
    latency_ms_per_call: LATENCY_MS,
    wall_ms: Math.round(wall),
    commits: file.commits.length,
    conflicts: file.conflicts,
    api_calls: Object.values(counts).reduce((a, b) => a + b, 0),
    all_landed: Array.from({ length: COMMANDS }, (_, i) => `eco${i}`).every((eco) => disabled.includes(eco)),
  };
}

export async function benchBurst(): Promise<BenchResult[]> {
  const folded = await burst(50);
  const unfolded = await burst(1);
  burstFigures.push(folded, unfolded);
  return [];
}

/** Read by run.ts to print and store the burst table. */
export const burstFigures: BurstFigures[] = [];
