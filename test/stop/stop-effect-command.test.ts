import { describe, expect, test } from "@jest/globals";
import { createHash } from "node:crypto";
import type nock from "nock";
import { readFileSync } from "node:fs";
import { commentPayload, REPO_PATH, testDeps, testProbot } from "../helpers/index.js";
import { commandScope } from "../helpers/command-mocks.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { GATED_WORKFLOW, TSUKU_BATCH_GENERATE, TSUKU_BATCH_OPERATIONS } from "../shared/workflows.js";

/**
 * Issue 14 item 4 in the app: `/stop` says when the repository's workflows do not read the field it
 * set, with the fix, at a bounded API cost (a conditional listing, then only batch workflow files,
 * each read once per blob).
 */

const fixture = readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const LISTING = `${REPO_PATH}/contents/.github%2Fworkflows`;

let delivery = 0;
/** Each delivery on a fresh app unless one is given (what an app remembers between deliveries lives in its deps). */
function deliver(body: string, probot = testProbot()) {
  return probot.receive({ id: `stop-effect-${delivery++}`, name: "issue_comment", payload: commentPayload(body) } as never);
}

const blob = (text: string) =>
  createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0`)
    .update(text)
    .digest("hex");

/** `.github/workflows` as GitHub lists it (with an ETag), and the files it may read. */
function workflows(scope: nock.Scope, files: Record<string, string>, etag: string, read: string[]) {
  const listing = Object.entries(files).map(([name, text]) => ({
    type: "file",
    name,
    path: `.github/workflows/${name}`,
    sha: blob(text),
    size: text.length,
  }));
  scope.get(LISTING).query({ ref: "main" }).reply(200, listing, { etag });
  for (const name of read) {
    const text = files[name]!;
    scope
      .get(`${REPO_PATH}/contents/${encodeURIComponent(`.github/workflows/${name}`)}`)
      .query({ ref: "main" })
      .reply(200, {
        type: "file",
        encoding: "base64",
        content: Buffer.from(text).toString("base64"),
        sha: blob(text),
        size: text.length,
        path: `.github/workflows/${name}`,
      });
  }
}

const TSUKU = { "batch-generate.yml": TSUKU_BATCH_GENERATE, "batch-operations.yml": TSUKU_BATCH_OPERATIONS, "test.yml": "on: push\n" };

describe("/stop on the real pipeline's workflows (the hourly one reads only the breakers)", () => {
  test("/stop homebrew: committed, and the reply says the hourly workflow keeps running, with the fix; a repeat costs a 304", async () => {
    const mocks = commandScope({ workflows: false }).permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    // Only the batch workflows are read (by name), never test.yml.
    workflows(mocks.scope, TSUKU, '"v1"', ["batch-generate.yml", "batch-operations.yml"]);
    // Both deliveries share one set of deps, where the app keeps its caches between deliveries.
    const deps = testDeps();

    await deliver("/stop homebrew upstream outage", testProbot(deps));

    expect(file.commits).toHaveLength(1);
    const reply = mocks.replies[0]!;
    expect(reply).toContain("✅ Disabled homebrew");
    expect(reply).toContain("⚠️ This stop may not stop anything: an ecosystem stop works only where a workflow reads `disabled_ecosystems`.");
    expect(reply).toContain("`batch-generate.yml` reads `batch-control.json` but not `disabled_ecosystems`: it keeps running.");
    expect(reply).toContain("`batch-operations.yml` reads `disabled_ecosystems`.");
    expect(reply).toContain("Fix: gate the batch jobs with the batch-ops pre-flight action");
    expect(mocks.scope.pendingMocks()).toEqual([]);

    // The next stop asks with If-None-Match: GitHub answers 304 (no rate limit), and no file is read again.
    // The owner-wide config was found missing a moment ago: not asked again either.
    const again = commandScope({ ownerFallbackKnown: true, workflows: false }).permission().reply().react("rocket");
    again.scope.get(LISTING).query({ ref: "main" }).matchHeader("if-none-match", '"v1"').reply(304);
    await deliver("/stop npm", testProbot(deps));
    expect(again.replies[0]).toContain("`batch-generate.yml` reads `batch-control.json` but not `disabled_ecosystems`");
    expect(again.scope.pendingMocks()).toEqual([]);
  });

  test("/stop all with stop_workflows empty: says nothing was disabled and what to configure", async () => {
    const mocks = commandScope({ workflows: false }).permission().reply().react("rocket");
    new FakeFile("batch-control.json", fixture);
    workflows(mocks.scope, TSUKU, '"v2"', ["batch-generate.yml", "batch-operations.yml"]);

    await deliver("/stop all bad batch");

    const reply = mocks.replies[0]!;
    expect(reply).toContain(
      "⚠️ This stop may not stop anything: `stop_workflows` is empty, so no workflow was disabled: the stop works only where a workflow reads `enabled`.",
    );
    expect(reply).toContain("`batch-generate.yml` reads `batch-control.json` but not `enabled`: it keeps running.");
    expect(reply).toContain("Fix: list the batch workflows under `stop_workflows` in `.github/batch-ops.yml`");
    expect(mocks.scope.pendingMocks()).toEqual([]);
  });

  test("/stop all with stop_workflows set: no listing read at all, no warning", async () => {
    const mocks = commandScope({ config: "stop_workflows: [batch-generate.yml]\n", workflows: false }).permission().reply().react("rocket");
    new FakeFile("batch-control.json", fixture);
    mocks.scope.get(`${REPO_PATH}/actions/workflows/batch-generate.yml`).reply(200, { id: 5, state: "active" });
    mocks.scope.put(`${REPO_PATH}/actions/workflows/batch-generate.yml/disable`).reply(204);

    await deliver("/stop all");

    expect(mocks.replies[0]).toContain("`batch-generate.yml`: disabled_manually (changed now)");
    expect(mocks.replies[0]).not.toContain("may not stop anything");
    expect(mocks.scope.pendingMocks()).toEqual([]);
  });

  test("batch workflows gated by the pre-flight action: no warning", async () => {
    const mocks = commandScope({ workflows: false }).permission().reply().react("rocket");
    new FakeFile("batch-control.json", fixture);
    workflows(mocks.scope, { "batch.yml": GATED_WORKFLOW }, '"v3"', ["batch.yml"]);

    await deliver("/stop homebrew");

    expect(mocks.replies[0]).toContain("✅ Disabled homebrew");
    expect(mocks.replies[0]).not.toContain("may not stop anything");
    expect(mocks.scope.pendingMocks()).toEqual([]);
  });

  test("two ecosystem stops in one comment share one check: one listing, each file read once, one commit", async () => {
    const mocks = commandScope({ workflows: false }).permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    // Answered once each: a second listing or file read would be unmatched and fail the test.
    workflows(mocks.scope, TSUKU, '"v4"', ["batch-generate.yml", "batch-operations.yml"]);

    await deliver("/stop homebrew outage\n/stop npm outage");

    expect(file.commits).toHaveLength(1);
    const warning = "`batch-generate.yml` reads `batch-control.json` but not `disabled_ecosystems`: it keeps running.";
    expect(mocks.replies[0]!.split(warning)).toHaveLength(3);
    expect(mocks.scope.pendingMocks()).toEqual([]);
  });

  test("GitHub cannot list the workflows: the stop still lands, and the reply says it could not check", async () => {
    const mocks = commandScope({ workflows: false }).permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    mocks.scope.get(LISTING).query({ ref: "main" }).reply(403, { message: "Resource not accessible by integration" });

    await deliver("/stop homebrew");

    expect(file.commits).toHaveLength(1);
    expect(mocks.replies[0]).toContain("Whether the workflows read it could not be checked (GitHub answered 403).");
    expect(mocks.scope.pendingMocks()).toEqual([]);
  });
});

describe("/stop default", () => {
  test("refused: the breaker's fallback key is not an ecosystem; nothing written, nothing listed", async () => {
    const mocks = commandScope({ workflows: false }).permission().reply().react("confused");
    const file = new FakeFile("batch-control.json", fixture);
    // The tsuku control file has a `default` breaker: the name resolves, and is still refused.
    expect(JSON.parse(fixture).circuit_breaker.default).toBeDefined();
    mocks.scope.get(LISTING).query(true).optionally().reply(404, { message: "Not Found" });

    await deliver("/stop default outage");

    expect(file.commits).toEqual([]);
    expect(mocks.replies[0]).toContain(
      "`default` is the circuit breaker's fallback entry (for runs whose jobs name no ecosystem), not an ecosystem: it cannot be disabled.",
    );
    expect(mocks.replies[0]).not.toContain("may not stop anything");
  });
});
