import { describe, expect, test } from "@jest/globals";
import { register } from "prom-client";
import { readFileSync } from "node:fs";
import type { ControlEdit } from "../../src/control/edit.js";
import { AppMetrics } from "../../src/core/app-metrics.js";
import { buildDeps } from "../../src/app/composition.js";
import { envSchema } from "../../src/config/env.js";
import { commentPayload, testDeps, testProbot } from "../helpers/index.js";
import { commandScope } from "../helpers/command-mocks.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { UnthrottledOctokit } from "../helpers/octokit.js";

const fixture = readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const REPO = { owner: "Codertocat", repo: "Hello-World", defaultBranch: "main", htmlUrl: "https://github.com/Codertocat/Hello-World" };

function line(text: string, series: string): string | undefined {
  return text.split("\n").find((l) => l.startsWith(`${series} `));
}

const disableNpm: ControlEdit = (current) => ({
  changed: true,
  next: { ...current, disabled_ecosystems: [...(current.disabled_ecosystems ?? []), "npm"] },
  subject: "chore: disable npm batch processing",
  body: [],
  note: "disabled",
});

describe("AppMetrics", () => {
  test("its own registry: nothing lands in prom-client's global one", async () => {
    const metrics = new AppMetrics();
    metrics.command("status", "info");
    expect(await register.metrics()).not.toContain("batch_ops_");
    expect(await metrics.registry.metrics()).toContain('batch_ops_commands_total{command="status",result="info"} 1');
  });

  test("commits and compare-and-swap retries, from the control store's events", async () => {
    // The production wiring: the composition root's store reports to its metrics.
    const deps = buildDeps(envSchema.parse({}));
    const { store } = deps;
    const metrics = deps.metrics!;
    const file = new FakeFile("batch-control.json", fixture);
    let raced = false;
    file.beforeWrite = (f) => {
      if (raced) return;
      raced = true;
      f.externalWrite(fixture.replace('"reason": ""', '"reason": "someone else"'));
    };
    const github = new UnthrottledOctokit({ auth: { token: "t" } }) as never;
    const outcome = await store.submit(github, REPO, "batch-control.json", { edit: disableNpm, audit: [] });
    expect(outcome.kind).toBe("committed");
    const text = await metrics.registry.metrics();
    expect(line(text, 'batch_ops_control_commits_total{repository="Codertocat/Hello-World"}')).toBe(
      'batch_ops_control_commits_total{repository="Codertocat/Hello-World"} 1',
    );
    expect(line(text, 'batch_ops_control_changes_committed_total{repository="Codertocat/Hello-World"}')).toMatch(/ 1$/);
    expect(line(text, 'batch_ops_control_cas_retries_total{repository="Codertocat/Hello-World"}')).toMatch(/ 1$/);
    expect(file.conflicts).toBe(1);
  });

  test("commands by name and result, counted by the comment handler", async () => {
    const metrics = new AppMetrics();
    const mocks = commandScope({ permission: "read" }).permission().reply().react("confused");
    const probot = testProbot(testDeps({ metrics }));
    await probot.receive({ id: "d-1", name: "issue_comment", payload: commentPayload("/help\n/stop homebrew outage") } as never);
    const text = await metrics.registry.metrics();
    expect(line(text, 'batch_ops_commands_total{command="help",result="info"}')).toMatch(/ 1$/);
    expect(line(text, 'batch_ops_commands_total{command="stop",result="refused"}')).toMatch(/ 1$/);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("GitHub requests: a missing status (network error) is counted as error", async () => {
    const metrics = new AppMetrics();
    metrics.githubRequest(200);
    metrics.githubRequest(304);
    metrics.githubRequest(0);
    metrics.githubRequest(undefined);
    const text = await metrics.registry.metrics();
    expect(line(text, 'batch_ops_github_api_requests_total{status="304"}')).toMatch(/ 1$/);
    expect(line(text, 'batch_ops_github_api_requests_total{status="error"}')).toMatch(/ 2$/);
  });
});

describe("buildDeps", () => {
  test("dashboard settings from the environment", () => {
    expect(buildDeps(envSchema.parse({ DASHBOARD_TOKEN: "0123456789abcdef", BATCH_OPS_DASHBOARD_CACHE_SECONDS: "120" })).dashboard).toEqual({
      token: "0123456789abcdef",
      cacheSeconds: 120,
    });
    expect(buildDeps(envSchema.parse({})).dashboard).toEqual({ cacheSeconds: 60 });
  });

  test("a token too short to guard anything is refused by the environment check", async () => {
    const { readEnv } = await import("../../src/config/env.js");
    const result = readEnv({ DASHBOARD_TOKEN: "short" });
    expect(!result.ok && result.message).toMatch(/^ {2}DASHBOARD_TOKEN: must be at least 16 characters/m);
    const cache = readEnv({ BATCH_OPS_DASHBOARD_CACHE_SECONDS: "1" });
    expect(!cache.ok && cache.message).toMatch(/BATCH_OPS_DASHBOARD_CACHE_SECONDS/);
  });
});
