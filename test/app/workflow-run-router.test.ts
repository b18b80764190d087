import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import type { Probot } from "probot";
import { API, REPO_PATH, testDeps, testProbot, mockInstallationToken } from "../helpers/index.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { apiJob, mockJobs, quietControl, runPayload } from "../helpers/batch-run.js";

function deliver(probot: Probot, payload: unknown, id = "router-delivery-1") {
  return probot.receive({ id, name: "workflow_run", payload } as never);
}

/** The repository's config and the owner-wide fallback, each answered once: a second read would be unmatched. */
function configReadOnce(scope: nock.Scope, yaml?: string): void {
  if (yaml === undefined) {
    scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
    scope.get(/\/repos\/[^/]+\/\.github\/contents\/\.github%2Fbatch-ops\.yml/).reply(404, { message: "Not Found" });
  } else {
    scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(200, yaml);
  }
}

describe("workflow_run.completed: one route, the config read once, the run sent only where it belongs", () => {
  test("a run of an unrelated workflow: the config is read and nothing else happens", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    configReadOnce(scope);
    await deliver(testProbot(), runPayload({ file: "docs.yml", conclusion: "success" }));
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a failed batch run: the breakers apply it and the drift check looks at it, on one config read", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    configReadOnce(scope);
    mockJobs(scope, 7001, 1, [
      apiJob({ name: "process (homebrew)", conclusion: "success", minutes: 2 }),
      apiJob({ name: "process (npm)", conclusion: "failure", minutes: 1 }),
    ]);
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(testProbot(), runPayload({ conclusion: "failure" }));
    expect(file.commits).toHaveLength(1);
    expect(JSON.parse(file.text!).circuit_breaker.npm.failures).toBe(1);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("an invalid config: the run is ignored by every capability, nothing is read or written", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    configReadOnce(scope, "batch_workflows: 42\n");
    await deliver(testProbot(), runPayload({ conclusion: "failure" }));
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a manual redelivery (same id) after the config was fixed reads the fixed config and applies the run", async () => {
    const deps = testDeps();
    const first = nock(API);
    mockInstallationToken(first);
    configReadOnce(first, "batch_workflows: 42\n");
    const file = new FakeFile("batch-control.json", quietControl());
    await deliver(testProbot(deps), runPayload({ conclusion: "failure" }), "redelivered-after-fix");
    expect(file.commits).toHaveLength(0);
    expect(first.pendingMocks()).toEqual([]);

    // The operator fixes `.github/batch-ops.yml`, then presses "Redeliver" on GitHub: the delivery id is the same.
    const second = nock(API);
    mockInstallationToken(second);
    configReadOnce(second, "batch_workflows: [batch-operations.yml]\n");
    mockJobs(second, 7001, 1, [apiJob({ name: "process (npm)", conclusion: "failure", minutes: 1 })]);
    await deliver(testProbot(deps), runPayload({ conclusion: "failure" }), "redelivered-after-fix");
    expect(file.commits).toHaveLength(1);
    expect(JSON.parse(file.text!).circuit_breaker.npm.failures).toBe(1);
    expect(second.pendingMocks()).toEqual([]);
  });
});
