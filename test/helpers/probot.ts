import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { UnthrottledOctokit } from "./octokit.js";
import { createApp } from "../../src/app/index.js";
import type { AppDeps } from "../../src/core/deps.js";
import { ControlStore } from "../../src/control/store.js";
import { MemoryDeliveryDedupe } from "../../src/coordination/delivery-dedupe.js";
import { testPrivateKey } from "./keys.js";
import { Exclusive } from "../../src/coordination/exclusive.js";
import { RepeatReads } from "../../src/github/repeat-reads.js";
import { WorkflowTexts } from "../../src/github/workflow-texts.js";

export const API = "https://api.github.com";
export const NOW = new Date("2026-11-27T10:00:00Z");

/** Deps with a fixed clock and a backoff that does not sleep; every lock and cache is this test's own. */
export function testDeps(overrides: Partial<AppDeps> = {}): AppDeps {
  return {
    store: new ControlStore({ clock: () => NOW, backoff: { attempts: 8, baseMs: 1, maxMs: 2, sleep: async () => {} } }),
    dedupe: new MemoryDeliveryDedupe(),
    clock: () => NOW,
    exclusive: new Exclusive(),
    seedingLock: new Exclusive(),
    repeatReads: new RepeatReads(),
    workflowTexts: new WorkflowTexts(),
    ...overrides,
  };
}

/** A Probot with the app loaded, no retries or throttling, silent logs; GitHub is nock. */
export function testProbot(deps: AppDeps = testDeps(), Octokit: typeof UnthrottledOctokit = UnthrottledOctokit): Probot {
  const probot = new Probot({
    appId: 1,
    privateKey: testPrivateKey(),
    log: pino({ level: "silent" }),
    Octokit,
  });
  void probot.load(createApp(deps));
  return probot;
}

/** The installation token exchange every installation-authenticated event starts with. */
export function mockInstallationToken(scope = nock(API)): nock.Scope {
  return scope.post("/app/installations/2/access_tokens").reply(200, { token: "test-token", permissions: {} });
}
