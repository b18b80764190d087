import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { FakeGitHubServer } from "./helpers/fake-github-server.js";
import { testPrivateKey } from "./helpers/keys.js";
import { commentPayload } from "./helpers/payloads.js";
import { blobSha } from "./helpers/fake-repo.js";

const fixture = readFileSync(new URL("./fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const SECRET = "test-webhook-secret";
const REPO = "/repos/Codertocat/Hello-World";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

let file = fixture;
const github = new FakeGitHubServer(({ method, path, body }) => {
  if (method === "POST" && path === "/app/installations/2/access_tokens") return { status: 201, body: { token: "t", expires_at: "2099-01-01T00:00:00Z", permissions: {} } };
  if (method === "POST" && path.endsWith("/reactions")) return { status: 201, body: {} };
  if (path.includes("batch-ops.yml")) return { status: 404, body: { message: "Not Found" } };
  if (path === `${REPO}/collaborators/alice/permission`) return { status: 200, body: { permission: "write", role_name: "write" } };
  if (method === "GET" && path.startsWith(`${REPO}/contents/batch-control.json`)) {
    return { status: 200, body: { type: "file", encoding: "base64", sha: blobSha(file), content: Buffer.from(file).toString("base64") } };
  }
  if (method === "PUT" && path === `${REPO}/contents/batch-control.json`) {
    const request = body as { sha: string; content: string };
    if (request.sha !== blobSha(file)) return { status: 409, body: { message: "does not match" } };
    file = Buffer.from(request.content, "base64").toString("utf8");
    return { status: 200, body: { commit: { sha: "abc1234def", html_url: "http://x/commit/abc1234def" } } };
  }
  if (method === "POST" && path === `${REPO}/issues/1/comments`) return { status: 201, body: { id: 1, html_url: "http://x" } };
  return undefined;
});

let app: ChildProcess;
let base = "";
let output = "";

beforeAll(async () => {
  const gheHost = await github.start();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  app = spawn(process.execPath, ["dist/server.js"], {
    env: {
      PATH: process.env["PATH"],
      APP_ID: "1",
      PRIVATE_KEY: testPrivateKey(),
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      HOST: "127.0.0.1",
      GHE_HOST: gheHost,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      BATCH_OPS_SCHEDULE_INTERVAL_SECONDS: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout!.on("data", (d) => (output += d));
  app.stderr!.on("data", (d) => (output += d));
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${output}`);
}, 30_000);

afterAll(async () => {
  app?.kill("SIGTERM");
  await github.stop();
});

function post(payload: unknown, signature: string, id: string) {
  const body = JSON.stringify(payload);
  return fetch(`${base}/api/github/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "issue_comment", "x-github-delivery": id, "x-hub-signature-256": signature },
    body,
  });
}

const sign = (body: string, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("the real server, as npm start runs it", () => {
  test("GET /ping answers", async () => {
    const response = await fetch(`${base}/ping`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("PONG");
  });

  test("a forged signature is rejected and nothing is done", async () => {
    const payload = commentPayload("/stop all");
    const response = await post(payload, sign(JSON.stringify(payload), "wrong-secret"), "forged-1");
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 300));
    expect(github.requests).toEqual([]);
    expect(file).toBe(fixture);
  });

  test("a signed webhook is handled: the control file is committed and the reply posted", async () => {
    const payload = commentPayload("/stop homebrew upstream outage");
    const response = await post(payload, sign(JSON.stringify(payload)), "delivery-e2e-1");
    expect(response.status).toBe(200);
    const reply = await github.waitFor((r) => r.method === "POST" && r.path === `${REPO}/issues/1/comments`);
    expect((reply.body as { body: string }).body).toContain("✅ Disabled homebrew");
    expect(JSON.parse(file).disabled_ecosystems).toEqual(["homebrew"]);
    const put = github.requests.find((r) => r.method === "PUT")!;
    expect((put.body as { message: string }).message).toMatch(/^chore: disable homebrew batch processing\n\nreason: upstream outage\n/);
  }, 20_000);
});
