import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ControlStore } from "../../../src/control/store.js";
import { testDeps } from "../../helpers/probot.js";
import { scheduleRoute, SCHEDULE_PATH } from "../../../src/app/http/schedule-route.js";
import type { TickReport } from "../../../src/app/schedule/runner.js";
import type { AppDeps } from "../../../src/core/deps.js";
import { startAppServer, type RunningApp } from "../../helpers/app-server.js";
import { API, mockInstallations, mockRepoConfig } from "../../helpers/schedule.js";

const TOKEN = "schedule-token-0123456789";
const NOW = new Date("2026-11-27T10:00:00Z");
let app: RunningApp | undefined;

beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  nock.cleanAll();
  nock.enableNetConnect();
});

function deps(triggerToken?: string): AppDeps {
  return testDeps({
    store: new ControlStore({ clock: () => NOW }),
    schedule: { intervalSeconds: 0, ...(triggerToken ? { triggerToken } : {}) },
  });
}

function post(base: string, headers: Record<string, string> = {}, method = "POST") {
  return fetch(`${base}${SCHEDULE_PATH}`, { method, headers });
}

describe("POST /batch-ops/schedule on the app's server", () => {
  test("without SCHEDULE_TRIGGER_TOKEN the trigger is disabled: 404", async () => {
    app = await startAppServer(deps());
    const res = await post(app.base, { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "the schedule trigger is disabled: SCHEDULE_TRIGGER_TOKEN is not set" });
  });

  test.each([
    ["no Authorization header", {}],
    ["a wrong token", { authorization: "Bearer schedule-token-WRONG-456789" }],
    ["a token prefix", { authorization: `Bearer ${TOKEN.slice(0, 10)}` }],
    ["another scheme", { authorization: `Basic ${TOKEN}` }],
  ])("401 with %s, and no tick runs", async (_name, headers) => {
    app = await startAppServer(deps(TOKEN));
    const res = await post(app.base, headers);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="batch-ops"');
    expect(await res.json()).toEqual({ error: "a valid bearer token is required" });
  });

  test("other methods: 405", async () => {
    app = await startAppServer(deps(TOKEN));
    const res = await post(app.base, { authorization: `Bearer ${TOKEN}` }, "GET");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });

  test("with the token: one tick now, answered with its summary", async () => {
    const scope = nock(API);
    mockInstallations(scope, [{ id: 2, repos: [{ owner: "Codertocat", name: "no-control" }] }]);
    mockRepoConfig(scope, "Codertocat", "no-control");
    scope.get("/repos/Codertocat/no-control/contents/batch-control.json").query({ ref: "main" }).reply(404, { message: "Not Found" });
    app = await startAppServer(deps(TOKEN));
    const res = await post(app.base, { authorization: `bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      started_at: "2026-11-27T10:00:00.000Z",
      installations: 1,
      repositories: 1,
      ticked: 0,
      skipped: { "no control file": 1 },
      failures: [],
      errors: [],
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("other paths are not the trigger's", async () => {
    app = await startAppServer(deps(TOKEN));
    const res = await fetch(`${app.base}/batch-ops/schedule/extra`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
  });
});

describe("the route on its own", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  async function serve(tick: () => Promise<TickReport | undefined>): Promise<string> {
    const route = scheduleRoute({ runner: { tick }, token: TOKEN });
    server = createServer((req, res) => void route(req, res).then((handled) => handled || res.writeHead(404).end()));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  test("409 while a tick is already running", async () => {
    const base = await serve(async () => undefined);
    const res = await post(base, { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "a tick is already running" });
  });

  test("failures and skipped repositories are in the summary", async () => {
    const base = await serve(async () => ({
      startedAt: "2026-11-27T10:00:00.000Z",
      installations: 1,
      repos: [
        {
          repo: "o/a",
          tasks: [
            { name: "watchdog", ok: false, error: "boom" },
            { name: "budget-week", ok: true },
          ],
        },
        { repo: "o/b", skipped: "invalid config", detail: "budget.pause_at → bad", tasks: [] },
        { repo: "o/c", skipped: "leased by another replica", tasks: [] },
      ],
      errors: [],
    }));
    const res = await post(base, { authorization: `Bearer ${TOKEN}` });
    expect(await res.json()).toEqual({
      started_at: "2026-11-27T10:00:00.000Z",
      installations: 1,
      repositories: 3,
      ticked: 1,
      skipped: { "invalid config": 1, "leased by another replica": 1 },
      failures: [
        { repo: "o/a", task: "watchdog", error: "boom" },
        { repo: "o/b", error: "budget.pause_at → bad" },
      ],
      errors: [],
    });
  });
});
