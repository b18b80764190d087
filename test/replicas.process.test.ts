import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { AppProcess } from "./helpers/app-process.js";
import { commandRoutes, FakeGitHubServer, outsideCommit, outsideCommitElsewhere, type CommandState } from "./helpers/fake-github-server.js";
import { commentPayload } from "./helpers/payloads.js";
import { describeIfRedis, RedisServer } from "./helpers/redis-server.js";

const fixture = readFileSync(new URL("./fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const ecosystems = Array.from({ length: 41 }, (_, i) => `eco${i}`);
const state: CommandState = { file: fixture, commits: [], config: `ecosystems: [${ecosystems.join(", ")}]\n` };
const maybe = describeIfRedis() ? describe : describe.skip;
const TRIGGER = "schedule-trigger-token-for-tests";

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const disabled = () => (JSON.parse(state.file).disabled_ecosystems as string[]).slice().sort();

maybe("two replicas on one Redis", () => {
  const redis = new RedisServer();
  const github = new FakeGitHubServer(commandRoutes(state));
  let a: AppProcess;
  let b: AppProcess;

  beforeAll(async () => {
    await redis.start();
    const gheHost = await github.start();
    const env = { GHE_HOST: gheHost, REDIS_URL: redis.url, BATCH_OPS_WRITE_SPACING_MS: "0", SCHEDULE_TRIGGER_TOKEN: TRIGGER };
    a = new AppProcess(env);
    b = new AppProcess(env);
    await Promise.all([a.start(), b.start()]);
    await until(async () => {
      const states = await Promise.all([a, b].map(async (p) => (await (await fetch(`${p.base}/health`)).json()) as { redis: string }));
      return states.every((s) => s.redis === "connected");
    }, "both replicas connected to redis");
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await github.stop();
    await redis.stop();
  });

  test("the same delivery posted to both replicas has one effect", async () => {
    const payload = commentPayload("/stop eco0 duplicate delivery");
    const answers = await Promise.all([a.deliver("issue_comment", "same-id", payload), b.deliver("issue_comment", "same-id", payload)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    await until(() => state.commits.length >= 1, "the commit");
    await new Promise((r) => setTimeout(r, 500)); // a second effect would show up by now
    expect(state.commits).toHaveLength(1);
    expect(github.requests.filter((r) => r.method === "POST" && /\/issues\/1\/comments$/.test(r.path))).toHaveLength(1);
  }, 30_000);

  test("20 concurrent /stop commands spread over both replicas all land", async () => {
    const before = state.commits.length;
    const targets = ecosystems.slice(1, 21);
    await Promise.all(targets.map((eco, i) => (i % 2 ? a : b).deliver("issue_comment", `burst-${eco}`, commentPayload(`/stop ${eco} burst`))));
    await until(() => targets.every((eco) => disabled().includes(eco)), "all 20 ecosystems disabled", 30_000);
    expect(disabled()).toEqual([...ecosystems.slice(0, 21)].sort());
    const commits = state.commits.length - before;
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBeLessThanOrEqual(20);
    for (const eco of targets) expect(state.commits.slice(before).join("\n")).toContain(`chore: disable ${eco} batch processing`);
  }, 60_000);

  test("20 stops over both replicas while an outside writer commits to the branch: all land, its changes kept", async () => {
    const before = state.commits.length;
    const targets = ecosystems.slice(21, 41);
    let writes = 0;
    state.beforeWrite = (s) => {
      if (++writes <= 2 || writes % 5 === 0) outsideCommit(s, s.file.replace(/"reason": "[^"]*"/, `"reason": "pipeline ${writes}"`));
    };
    let checked = 0;
    state.duringWrite = (s) => {
      if (++checked <= 2 || checked % 4 === 0) outsideCommitElsewhere(s);
    };
    try {
      await Promise.all(targets.map((eco, i) => (i % 2 ? a : b).deliver("issue_comment", `outside-${eco}`, commentPayload(`/stop ${eco} burst`))));
      await until(() => targets.every((eco) => disabled().includes(eco)), "all 20 ecosystems disabled", 45_000);
    } finally {
      state.beforeWrite = undefined;
      state.duringWrite = undefined;
    }
    expect(disabled()).toEqual([...ecosystems].sort());
    expect(JSON.parse(state.file).reason).toMatch(/^pipeline \d+$/);
    expect(state.elsewhere).toBeGreaterThan(0);
    for (const eco of targets) expect(state.commits.slice(before).join("\n")).toContain(`chore: disable ${eco} batch processing`);
  }, 60_000);

  test("both replicas ticking the schedule at once: one replica does the work, one commit", async () => {
    state.file = fixture; // six open breakers whose opens_at passed long ago
    const before = state.commits.length;
    const tick = (p: AppProcess) => fetch(`${p.base}/batch-ops/schedule`, { method: "POST", headers: { authorization: `Bearer ${TRIGGER}` } });
    const answers = await Promise.all([tick(a), tick(b)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const summaries = (await Promise.all(answers.map((r) => r.json()))) as { ticked: number; skipped: Record<string, number> }[];
    expect(summaries.map((s) => s.ticked).sort()).toEqual([0, 1]);
    expect(summaries.some((s) => s.skipped["leased by another replica"] === 1)).toBe(true);
    const halfOpen = state.commits.slice(before).filter((m) => m.includes("half-open"));
    expect(halfOpen).toHaveLength(1);
    expect(
      Object.values(JSON.parse(state.file).circuit_breaker as Record<string, { state: string }>).filter((b) => b.state === "half-open"),
    ).toHaveLength(6);
  }, 30_000);

  test("Redis stopped mid-test: replicas keep handling webhooks, and report it on /health", async () => {
    await redis.stop();
    await until(async () => ((await (await fetch(`${a.base}/health`)).json()) as { redis: string }).redis === "unavailable", "redis seen as down");
    state.file = fixture;
    const answer = await a.deliver("issue_comment", "during-outage", commentPayload("/stop eco5 redis is down"));

    expect(answer.status).toBe(200);
    await until(() => disabled().includes("eco5"), "the stop during the outage");
    const health = (await (await fetch(`${a.base}/health`)).json()) as { redis: string; coordination: string };
    expect(health).toMatchObject({ status: "ok", redis: "unavailable", coordination: "in-process" });
    await redis.start(redis.port);
    await until(
      async () => ((await (await fetch(`${a.base}/health`)).json()) as { redis: string }).redis === "connected",
      "redis reconnected",
      20_000,
    );
  }, 60_000);
});
