import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { AppProcess } from "./helpers/app-process.js";
import { FakeGitHubServer } from "./helpers/fake-github-server.js";
import { FakePipeline } from "./helpers/fake-pipeline.js";
import { describeIfRedis, RedisServer } from "./helpers/redis-server.js";
import { runPayload } from "./helpers/batch-run.js";
import { expectFiveRunsOnce, fiveRuns, pipelineControl, tickNow, TRIGGER, until } from "./helpers/catchup.js";

const maybe = describeIfRedis() ? describe : describe.skip;

/** Forgets every schedule lease, as if the interval had passed (claims and checkpoints stay). */
function expireLeases(redis: RedisServer): void {
  const keys = spawnSync("redis-cli", ["-p", String(redis.port), "--scan", "--pattern", "batch-ops:lease:*"])
    .stdout.toString()
    .split("\n")
    .filter(Boolean);
  if (keys.length > 0) spawnSync("redis-cli", ["-p", String(redis.port), "del", ...keys]);
}

maybe("two replicas catching up at once (one Redis)", () => {
  const redis = new RedisServer();
  const github = new FakePipeline(pipelineControl());
  const server = new FakeGitHubServer(github.route);
  let a: AppProcess;
  let b: AppProcess;

  beforeAll(async () => {
    await redis.start();
    const host = await server.start();
    const env = { GHE_HOST: host, REDIS_URL: redis.url, BATCH_OPS_WRITE_SPACING_MS: "0", SCHEDULE_TRIGGER_TOKEN: TRIGGER };
    a = new AppProcess(env);
    b = new AppProcess(env);
    await Promise.all([a.start(), b.start()]);
    github.apps = [a.base, b.base];
    await until(async () => {
      const states = await Promise.all([a, b].map(async (p) => (await (await fetch(`${p.base}/health`)).json()) as { redis: string }));
      return states.every((s) => s.redis === "connected");
    }, "both replicas connected to redis");
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.kill(), b?.kill()]);
    await server.stop();
    await redis.stop();
  });

  test("both tick at the same moment: one redelivery per failed delivery, one application per run", async () => {
    const ids = fiveRuns(github);
    const runDeliveries = ids
      .slice(0, 3)
      .map((id) =>
        github.failedDelivery("workflow_run", runPayload({ id, completedAt: github.runs.find((r) => r["id"] === id)!["updated_at"] as string }), 60),
      );
    const comments = [github.failedComment("/stop homebrew upstream outage", 50), github.failedComment("/stop cask flaky mirror", 40)];

    const summaries = await Promise.all([tickNow(a), tickNow(b)]);
    expect(summaries.map((s) => s["failures"])).toEqual([[], []]);
    expect(summaries.map((s) => s["ticked"]).sort()).toEqual([0, 1]);
    expect(summaries.flatMap((s) => s["app_tasks"]).filter((t: { skipped?: string }) => !t.skipped)).toEqual([{ name: "redelivery", ok: true }]);
    await github.settled();
    await until(() => github.comments.filter((c) => c.issue === 1).length >= 2, "both comments answered");

    expect([...github.redeliveryRequests].sort()).toEqual([...runDeliveries, ...comments].map((d) => d.id).sort());
    expectFiveRunsOnce(github, ids);
    const replies = github.comments.filter((c) => c.issue === 1).map((c) => c.body);
    expect(replies.filter((r) => r.includes("Disabled homebrew"))).toHaveLength(1);
    expect(replies.filter((r) => r.includes("Disabled cask"))).toHaveLength(1);

    // The interval passes: both tick again at once. Nothing is redelivered or applied a second time.
    const commits = github.commits.length;
    expireLeases(redis);
    const again = await Promise.all([tickNow(a), tickNow(b)]);
    expect(again.map((s) => s["failures"])).toEqual([[], []]);
    await github.settled();
    expect(github.redeliveryRequests).toHaveLength(5);
    expect(github.commits.length).toBe(commits);
  }, 90_000);

  test("a delivery that fails again after its redelivery is not asked a third time", async () => {
    // A delivery the app refuses again when it comes back (a signed body that is not a JSON object: 400;
    // a payload merely missing its comment is ignored with 2xx since the webhook hardening): redelivered
    // once, and then left alone.
    const broken = github.failedDelivery("issue_comment", [] as never, 5);
    expireLeases(redis);
    await Promise.all([tickNow(a), tickNow(b)]);
    await github.settled();
    expect(github.redeliveryRequests.filter((id) => id === broken.id)).toHaveLength(1);
    const attempts = github.deliveries.filter((d) => d.guid === broken.guid && d.redelivery).map((d) => d.status_code);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toBeGreaterThanOrEqual(400);
    expireLeases(redis);
    await Promise.all([tickNow(a), tickNow(b)]);
    await github.settled();
    expect(github.redeliveryRequests.filter((id) => id === broken.id)).toHaveLength(1);
  }, 60_000);
});
