import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { AppProcess } from "./helpers/app-process.js";
import { commandRoutes, FakeGitHubServer } from "./helpers/fake-github-server.js";
import { commentPayload } from "./helpers/payloads.js";

const fixture = readFileSync(new URL("./fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const REPLY_PATH = "/repos/Codertocat/Hello-World/issues/1/comments";
const state: { file: string; commits: string[]; putDelayMs?: number } = { file: fixture, commits: [] };
const github = new FakeGitHubServer(commandRoutes(state));
let app: AppProcess;

beforeAll(async () => {
  app = new AppProcess({ GHE_HOST: await github.start(), BATCH_OPS_WRITE_SPACING_MS: "0", LOG_LEVEL: "info" });
  await app.start();
}, 30_000);

afterAll(async () => {
  await app?.stop();
  await github.stop();
});

describe("the real server, as npm start runs it (GitHub Enterprise over http)", () => {
  test("GET /ping answers", async () => {
    const response = await fetch(`${app.base}/ping`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("PONG");
  });

  test("GET /health reports in-process coordination without REDIS_URL, and the redelivery pass's counters", async () => {
    expect(await (await fetch(`${app.base}/health`)).json()).toEqual({
      status: "ok",
      redis: "disabled",
      coordination: "in-process",
      redelivery: { enabled: true, redelivered: 0, failed: 0, skipped: 0 },
    });
  });

  test("a forged signature is rejected and nothing is done", async () => {
    const response = await app.deliver("issue_comment", "forged-1", commentPayload("/stop all"), "wrong-secret");
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 300));
    expect(github.requests).toEqual([]);
    expect(state.file).toBe(fixture);
  });

  test("a signed webhook is handled: the control file is committed and the reply posted", async () => {
    const response = await app.deliver("issue_comment", "delivery-e2e-1", commentPayload("/stop homebrew upstream outage"));
    expect(response.status).toBe(200);
    const reply = await github.waitFor((r) => r.method === "POST" && r.path === REPLY_PATH);
    expect((reply.body as { body: string }).body).toContain("✅ Disabled homebrew");
    expect(JSON.parse(state.file).disabled_ecosystems).toEqual(["homebrew"]);
    expect(state.commits[0]).toMatch(/^chore: disable homebrew batch processing\n\nreason: upstream outage\n/);
  }, 20_000);

  test("an operation slower than GitHub's 10-second webhook timeout still finishes its work", async () => {
    state.putDelayMs = 10_500;
    const started = Date.now();
    const response = await app.deliver("issue_comment", "slow-1", commentPayload("/stop npm slow github"));
    // Probot answers 202 before GitHub's 10 s timeout and keeps processing.
    expect(response.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(10_000);
    await github.waitFor((r) => r.method === "POST" && r.path === REPLY_PATH && String((r.body as { body: string }).body).includes("Disabled npm"));
    expect(JSON.parse(state.file).disabled_ecosystems).toEqual(["homebrew", "npm"]);
    state.putDelayMs = 0;
  }, 30_000);
});
