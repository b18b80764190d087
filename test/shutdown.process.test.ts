import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { useAppAgainst } from "./helpers/app-process.js";
import { commandRoutes, FakeGitHubServer } from "./helpers/fake-github-server.js";
import { commentPayload } from "./helpers/payloads.js";

const fixture = readFileSync(new URL("./fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const REPLY_PATH = "/repos/Codertocat/Hello-World/issues/1/comments";
const CONTROL_PUT = (r: { method: string; path: string }) => r.method === "PUT" && r.path.includes("/contents/");
const state: { file: string; commits: string[]; putDelayMs?: number } = { file: fixture, commits: [], putDelayMs: 1500 };
const github = new FakeGitHubServer(commandRoutes(state));
const app = useAppAgainst(github);

describe("SIGTERM while a delivery is mid-write", () => {
  test("the write and its reply finish, /health and new deliveries answer 503 meanwhile, then the process exits 0", async () => {
    const delivered = app().deliver("issue_comment", "shutdown-1", commentPayload("/stop homebrew upstream outage"));
    await github.waitFor(CONTROL_PUT);
    const exited = app().terminate();
    await app().waitForOutput(/SIGTERM, shutting down/);

    const health = await fetch(`${app().base}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "shutting down", in_flight: 1 });

    const refused = await app().deliver("issue_comment", "shutdown-2", commentPayload("/stop npm too late"));
    expect(refused.status).toBe(503);

    expect((await delivered).status).toBe(200);
    expect(await exited).toEqual({ code: 0, signal: null });
    const replies = github.requests.filter((r) => r.method === "POST" && r.path === REPLY_PATH);
    expect(replies).toHaveLength(1);
    expect((replies[0]!.body as { body: string }).body).toContain("✅ Disabled homebrew");
    expect(JSON.parse(state.file).disabled_ecosystems).toEqual(["homebrew"]);
    expect(state.commits).toHaveLength(1);
    expect(github.requests.filter(CONTROL_PUT)).toHaveLength(1);
  }, 30_000);
});
