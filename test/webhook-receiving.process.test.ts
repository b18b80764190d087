import { describe, expect, test } from "@jest/globals";
import { createHmac } from "node:crypto";
import { request } from "node:http";
import { readFileSync } from "node:fs";
import { WEBHOOK_SECRET, useAppAgainst } from "./helpers/app-process.js";
import { commandRoutes, FakeGitHubServer } from "./helpers/fake-github-server.js";
import { examplePayload } from "./helpers/payloads.js";

const fixture = readFileSync(new URL("./fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const state: { file: string; commits: string[] } = { file: fixture, commits: [] };
const github = new FakeGitHubServer(commandRoutes(state));
const app = useAppAgainst(github);
const MB = 1024 * 1024;

function post(event: string, id: string, body: string, signature: string): Promise<Response> {
  return fetch(`${app().base}/api/github/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": id, "x-hub-signature-256": signature },
    body,
  });
}

const sign = (body: string) => `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`;

/** A push payload padded to about `bytes` (a push of many commits, as GitHub sends up to its 25 MB cap). */
function paddedPush(bytes: number): string {
  const payload = { ...examplePayload("push"), installation: { id: 2 }, padding: "" };
  const base = JSON.stringify(payload).length;
  return JSON.stringify({ ...payload, padding: "p".repeat(bytes - base) });
}

describe("receiving webhooks as GitHub sends them", () => {
  test("ping, installation and installation_repositories are answered 2xx and do nothing", async () => {
    const deliveries: [string, unknown][] = [
      ["ping", examplePayload("ping")],
      ["installation", examplePayload("installation", "created")],
      ["installation", examplePayload("installation", "suspend")],
      ["installation_repositories", examplePayload("installation_repositories", "removed")],
    ];
    for (const [index, [event, payload]] of deliveries.entries()) {
      const response = await app().deliver(event, `lifecycle-${index}`, payload);
      expect(response.status).toBe(200);
    }
    expect(github.requests).toEqual([]);
  });

  test("a forged 25 MB delivery is refused 400 without the body reaching the log", async () => {
    const body = paddedPush(25 * MB - 1024);
    const response = await post("push", "forged-big", body, `sha256=${"0".repeat(64)}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "Error: signature does not match event payload and secret" });
    expect(app().output).not.toContain("p".repeat(1000));
    expect(app().output.length).toBeLessThan(1 * MB);
    expect(github.requests).toEqual([]);
  }, 30_000);

  test("a delivery signed with the legacy sha1 header only is refused", async () => {
    const body = JSON.stringify(examplePayload("ping"));
    const response = await fetch(`${app().base}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "ping",
        "x-github-delivery": "sha1-only",
        "x-hub-signature": `sha1=${createHmac("sha1", WEBHOOK_SECRET).update(body).digest("hex")}`,
      },
      body,
    });
    expect(response.status).toBe(400);
  });

  test("a signed delivery just under GitHub's 25 MB cap is received", async () => {
    const body = paddedPush(25 * MB - 1024);
    const response = await post("push", "signed-big", body, sign(body));
    expect(response.status).toBe(200);
  }, 30_000);

  test("a body declared larger than GitHub's 25 MB cap is answered 413 without being read, and the app carries on", async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { hostname, port } = new URL(app().base);
      const req = request(
        {
          hostname,
          port,
          path: "/api/github/webhooks",
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-length": String(200 * MB),
            "x-github-event": "push",
            "x-github-delivery": "too-big",
            "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
          },
        },
        (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.write("{");
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: "the payload is larger than GitHub's 25 MB webhook cap" });
    expect((await fetch(`${app().base}/ping`)).status).toBe(200);
    expect(github.requests).toEqual([]);
  });
});
