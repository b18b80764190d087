import { afterAll, describe, expect, test } from "@jest/globals";
import { AppProcess } from "./helpers/app-process.js";
import { FakeGitHubServer } from "./helpers/fake-github-server.js";
import { FakePipeline } from "./helpers/fake-pipeline.js";
import { runPayload } from "./helpers/batch-run.js";
import { expectFiveRunsOnce, fiveRuns, pipelineControl, tickNow, TRIGGER, until } from "./helpers/catchup.js";
import { reportedMarker } from "../src/breakers/budget-reported-marker.js";

const started: AppProcess[] = [];
const servers: FakeGitHubServer[] = [];

async function startApp(gheHost: string, github: FakePipeline, env: Record<string, string> = {}): Promise<AppProcess> {
  const app = new AppProcess({ GHE_HOST: gheHost, BATCH_OPS_WRITE_SPACING_MS: "0", SCHEDULE_TRIGGER_TOKEN: TRIGGER, ...env });
  started.push(app);
  await app.start();
  github.apps = [app.base];
  return app;
}

afterAll(async () => {
  await Promise.all(started.map((a) => a.kill()));
  await Promise.all(servers.map((s) => s.stop()));
});

describe("batch-ops was down: the first tick after the restart catches up", () => {
  test("5 batch runs completed and 2 comment deliveries failed: runs applied once each, comments redelivered and handled once each", async () => {
    const github = new FakePipeline(pipelineControl());
    const server = new FakeGitHubServer(github.route);
    servers.push(server);
    const host = await server.start();

    // While the app is down: five runs complete (three of their deliveries are listed as failed, two are
    // gone, as beyond GitHub's 3-day list), and two people comment.
    const ids = fiveRuns(github);
    const runDeliveries = ids
      .slice(0, 3)
      .map((id) =>
        github.failedDelivery("workflow_run", runPayload({ id, completedAt: github.runs.find((r) => r["id"] === id)!["updated_at"] as string }), 60),
      );
    const stop = github.failedComment("/stop homebrew upstream outage", 50);
    const stopCask = github.failedComment("/stop cask flaky mirror", 40);

    const app = await startApp(host, github);
    const summary = await tickNow(app);
    expect(summary["failures"]).toEqual([]);
    expect(summary["app_tasks"]).toEqual([{ name: "redelivery", ok: true }]);
    await github.settled();
    await until(() => github.comments.filter((c) => c.issue === 1).length >= 2, "both comments answered");

    // Each failed event was asked again once (3 runs + 2 comments) and answered 2xx.
    expect([...github.redeliveryRequests].sort()).toEqual([...runDeliveries.map((d) => d.id), stop.id, stopCask.id].sort());
    expect(github.deliveries.filter((d) => d.redelivery).map((d) => d.status_code >= 200 && d.status_code < 300)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);

    // Every run applied exactly once: breakers and minutes reflect all five.
    expectFiveRunsOnce(github, ids);
    const control = JSON.parse(github.control);

    // Each comment handled once: one reply each, both ecosystems stopped.
    const replies = github.comments.filter((c) => c.issue === 1).map((c) => c.body);
    expect(replies.filter((b) => b.includes("Disabled homebrew"))).toHaveLength(1);
    expect(replies.filter((b) => b.includes("Disabled cask"))).toHaveLength(1);
    expect(replies).toHaveLength(2);
    expect(control.disabled_ecosystems.sort()).toEqual(["cask", "homebrew"]);

    // /health reports the pass.
    const health = (await (await fetch(`${app.base}/health`)).json()) as { redelivery: Record<string, unknown> };
    expect(health.redelivery).toMatchObject({ enabled: true, redelivered: 5, failed: 0, skipped: 0, last_pass: { redelivered: 5 } });
    const metrics = await (await fetch(`${app.base}/metrics`)).text();
    expect(metrics).toContain('batch_ops_webhook_redeliveries_total{outcome="redelivered"} 5');
    expect(metrics).toMatch(/batch_ops_reconciled_runs_total\{kind="batch"\} [1-5]\n/);

    // Restarted again (no Redis: nothing remembered in memory): GitHub's list shows the redeliveries,
    // and the control file the runs, so nothing is asked or applied twice.
    await app.kill();
    const again = await startApp(host, github);
    const commits = github.commits.length;
    expect((await tickNow(again))["failures"]).toEqual([]);
    await github.settled();
    expect(github.redeliveryRequests).toHaveLength(5);
    expect(github.commits.length).toBe(commits);
    const second = (await (await fetch(`${again.base}/health`)).json()) as { redelivery: Record<string, unknown> };
    // The redelivered attempts succeeded: those events are done, nothing to skip either.
    expect(second.redelivery).toMatchObject({ redelivered: 0, failed: 0, skipped: 0, last_pass: { examined: 10 } });
  }, 90_000);
});

describe("the process killed between a budget crossing's commit and its issue", () => {
  test("the budget issue appears on the next tick, once", async () => {
    const github = new FakePipeline(pipelineControl((c) => (c.budget.linux_minutes_used = 3990)));
    const server = new FakeGitHubServer(github.route);
    servers.push(server);
    const host = await server.start();
    github.addRun(7101, 5, [{ name: "process (npm)", conclusion: "success", minutes: 20 }]);

    const first = await startApp(host, github);
    github.holdLabelsMs = 30_000; // the app will wait on GitHub right after the crossing's commit
    const delivered = first.deliver("workflow_run", "run-7101", runPayload({ id: 7101, completedAt: github.runs[0]!["updated_at"] as string }));
    await until(() => github.commits.some((m) => m.startsWith("chore: enable budget sampling")), "the crossing's commit");
    await first.kill();
    await delivered.catch(() => undefined);
    github.holdLabelsMs = 0;
    expect(github.issues).toEqual([]);
    expect(JSON.parse(github.control).budget.thresholds_crossed).toEqual(["sampling"]);

    const second = await startApp(host, github);
    expect((await tickNow(second))["failures"]).toEqual([]);
    const budget = github.issues.filter((i) => i.labels.includes("batch-ops:budget"));
    expect(budget).toHaveLength(1);
    expect(budget[0]!.body).toContain(reportedMarker(JSON.parse(github.control).budget.week_start, ["sampling"]));
    expect(github.runCommits()).toEqual([7101]);

    // Another restart and tick: still one issue, no comment.
    await second.kill();
    const third = await startApp(host, github);
    expect((await tickNow(third))["failures"]).toEqual([]);
    expect(github.issues.filter((i) => i.labels.includes("batch-ops:budget"))).toHaveLength(1);
    expect(github.comments).toEqual([]);
  }, 90_000);
});

describe("with the in-process timer on, catching up needs no trigger", () => {
  test("the first tick runs right after start", async () => {
    const github = new FakePipeline(pipelineControl());
    const server = new FakeGitHubServer(github.route);
    servers.push(server);
    const host = await server.start();
    const ids = fiveRuns(github, 7201);
    const stop = github.failedComment("/stop homebrew upstream outage", 30);
    await startApp(host, github, { BATCH_OPS_SCHEDULE_INTERVAL_SECONDS: "3600" });
    await until(() => github.runCommits().length === 5 && github.comments.length === 1, "the start-up tick's catch-up");
    await github.settled();
    expectFiveRunsOnce(github, ids);
    expect(github.redeliveryRequests).toEqual([stop.id]);
  }, 60_000);
});
