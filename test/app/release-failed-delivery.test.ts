import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { API, REPO_PATH, testProbot, mockInstallationToken } from "../helpers/index.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { apiJob, mockConfig, mockJobs, quietControl, runPayload } from "../helpers/batch-run.js";
import { MemoryDeliveryDedupe } from "../../src/coordination/delivery-dedupe.js";

describe("a delivery whose handling failed can be redelivered by hand", () => {
  test("GitHub fails the first time; the manual redelivery (same id) runs and commits once", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    mockConfig(scope);
    scope.get(`${REPO_PATH}/actions/runs/7001/attempts/1/jobs`).query(true).reply(500, { message: "Server Error" });
    mockJobs(scope, 7001, 1, [apiJob({ name: "process (npm)", conclusion: "success", minutes: 4 })]);
    const file = new FakeFile("batch-control.json", quietControl());
    const probot = testProbot();
    await expect(probot.receive({ id: "manual-redelivery", name: "workflow_run", payload: runPayload() } as never)).rejects.toThrow();
    expect(file.commits).toHaveLength(0);
    await probot.receive({ id: "manual-redelivery", name: "workflow_run", payload: runPayload() } as never);
    expect(file.commits).toHaveLength(1);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a delivery that succeeded stays claimed", async () => {
    const dedupe = new MemoryDeliveryDedupe();
    expect(await dedupe.claim("a")).toBe(true);
    expect(await dedupe.claim("a")).toBe(false);
    await dedupe.release("a");
    expect(await dedupe.claim("a")).toBe(true);
  });
});
