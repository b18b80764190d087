import { expect, test } from "@jest/globals";
import nock from "nock";
import { pino } from "pino";
import { API, NOW, REPO_PATH } from "../helpers/index.js";
import { TSUKU_CONTROL } from "../helpers/batch-run.js";
import { repoRef, tokenOctokit } from "../helpers/seeding.js";
import { HTML } from "../helpers/security.js";
import { defaultRepoConfig } from "../../src/config/validate.js";
import { ControlStore } from "../../src/control/store.js";
import { respondToDriftSignal } from "../../src/security/drift-response.js";
import { KeyedMutex } from "../../src/coordination/keyed-mutex.js";
import type { DriftSignal } from "../../src/security/drift-signal.js";

const SIGNAL: DriftSignal = {
  kind: "workflow_run",
  url: `${HTML}/actions/runs/9`,
  summary: "workflow checksum-drift.yml run #1 failed",
  at: "2026-11-27T09:59:00Z",
  runId: 9,
  recipes: [],
};

function env() {
  const config = { ...defaultRepoConfig(), security: { ...defaultRepoConfig().security, recent_recipe_commits: 0 } };
  return {
    github: tokenOctokit(),
    repo: repoRef,
    config,
    store: new ControlStore({ clock: () => NOW, backoff: { attempts: 2, baseMs: 1, maxMs: 1, sleep: async () => {} } }),
    now: NOW,
    log: pino({ level: "silent" }),
    botLogin: "batch-ops[bot]",
    exclusive: new KeyedMutex(),
  };
}

test("the stop comes first; when open incidents cannot be listed it still happens, and the lookup is retried before opening one", async () => {
  const order: string[] = [];
  const seen = (what: string) => () => (order.push(what), true);
  const content = {
    type: "file",
    encoding: "base64",
    size: TSUKU_CONTROL.length,
    sha: "c".repeat(40),
    content: Buffer.from(TSUKU_CONTROL).toString("base64"),
  };
  const scope = nock(API);
  scope.get(`${REPO_PATH}/issues`).query(seen("list (fails)")).reply(502, { message: "Bad Gateway" });
  scope.get(`${REPO_PATH}/contents/batch-control.json`).query(seen("read")).reply(200, content);
  scope
    .put(`${REPO_PATH}/contents/batch-control.json`, seen("stop"))
    .reply(200, { content: {}, commit: { sha: "d".repeat(40), html_url: `${HTML}/commit/ddd` } });
  scope.get(`${REPO_PATH}/issues`).query(seen("list")).reply(200, []);
  scope.get(`${REPO_PATH}/labels/batch-ops%3Aincident`).reply(200, { name: "batch-ops:incident" });
  scope.get(`${REPO_PATH}/labels/severity%3Acritical`).reply(200, { name: "severity:critical" });
  scope
    .post(
      `${REPO_PATH}/issues`,
      (b: { title: string; labels: string[] }) => (
        order.push("open"),
        b.title === "Security incident: checksum drift detected" && b.labels.join() === "batch-ops:incident,severity:critical"
      ),
    )
    .reply(201, {
      number: 5,
      html_url: `${HTML}/issues/5`,
      title: "Security incident: checksum drift detected",
      body: "",
      state: "open",
      labels: [],
    });

  const outcome = await respondToDriftSignal(env(), SIGNAL);

  expect(order).toEqual(["list (fails)", "read", "stop", "list", "open"]);
  expect(outcome).toMatchObject({ kind: "opened", issue: { number: 5 }, response: { stop: { outcome: "committed", commitSha: "d".repeat(40) } } });
  expect(scope.pendingMocks()).toEqual([]);
});

test("a write refused by GitHub is recorded as a failed stop, and the incident still opens", async () => {
  const content = {
    type: "file",
    encoding: "base64",
    size: TSUKU_CONTROL.length,
    sha: "c".repeat(40),
    content: Buffer.from(TSUKU_CONTROL).toString("base64"),
  };
  const scope = nock(API);
  scope.get(`${REPO_PATH}/issues`).query(true).times(1).reply(200, []);
  // Read, write (409), read again (unchanged) and the head, write again (409), read and head: nothing moved.
  scope.get(`${REPO_PATH}/contents/batch-control.json`).query(true).times(3).reply(200, content);
  scope
    .put(`${REPO_PATH}/contents/batch-control.json`)
    .times(2)
    .reply(409, { message: "Repository rule violations found: changes must be made through a pull request" });
  scope
    .get(`${REPO_PATH}/git/ref/heads%2Fmain`)
    .times(2)
    .reply(200, { ref: "refs/heads/main", object: { sha: "e".repeat(40), type: "commit" } });
  scope.get(`${REPO_PATH}/labels/batch-ops%3Aincident`).reply(200, { name: "batch-ops:incident" });
  scope.get(`${REPO_PATH}/labels/severity%3Acritical`).reply(200, { name: "severity:critical" });
  let body = "";
  scope
    .post(`${REPO_PATH}/issues`, (b: { body: string }) => ((body = b.body), true))
    .reply(201, { number: 6, html_url: `${HTML}/issues/6`, title: "t", body: "", state: "open", labels: [] });

  const outcome = await respondToDriftSignal(env(), SIGNAL);

  expect(outcome).toMatchObject({ kind: "opened", response: { stop: { outcome: "failed" } } });
  expect(body).toContain("- ❌ **Could not stop batch processing**: GitHub refused the write to");
  expect(body).toContain("Repository rule violations found");
  expect(scope.pendingMocks()).toEqual([]);
});
