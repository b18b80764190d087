import { beforeEach, describe, expect, test } from "@jest/globals";
import type { Probot } from "probot";
import { REPO_PATH, testProbot } from "../helpers/index.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { TSUKU_CONTROL } from "../helpers/batch-run.js";
import { FakeIssues } from "../helpers/seeding.js";
import { BOT_LOGIN, driftRunPayload, forbidRewrites, HTML, securityScope } from "../helpers/security.js";
import { readDriftState } from "../../src/security/drift-incident.js";

let issues: FakeIssues;
let rewrites: ReturnType<typeof forbidRewrites>;
beforeEach(() => {
  issues = new FakeIssues();
  rewrites = forbidRewrites(["batch-control.json"]);
});

function deliver(probot: Probot, payload: unknown, id = "run-delivery-1") {
  return probot.receive({ id, name: "workflow_run", payload } as never);
}

describe("a failed checksum-drift run", () => {
  test("stops everything and opens the Critical incident, pointing at the run's log for the recipes", async () => {
    const scope = securityScope();
    scope.get(`${REPO_PATH}/commits`).query({ sha: "main", path: "recipes", per_page: "20" }).reply(200, []);
    const file = new FakeFile("batch-control.json", TSUKU_CONTROL);

    await deliver(testProbot(), driftRunPayload({ id: 4242, file: "checksum-drift.yml" }));

    const link = `${HTML}/actions/runs/4242`;
    expect(file.commits).toHaveLength(1);
    expect(JSON.parse(file.text!)).toMatchObject({
      enabled: false,
      reason: `Security: checksum drift detected (${link})`,
      disabled_by: BOT_LOGIN,
      incident_url: link,
    });
    const [incident] = issues.withLabel("batch-ops:incident");
    expect(incident!.labels).toEqual(["batch-ops:incident", "severity:critical"]);
    expect(incident!.body).toContain(`[workflow checksum-drift.yml run \\#31 failed](${link})`);
    expect(incident!.body).toContain("Not named by the signal. Read the drift workflow's log (`gh run view 4242 --log`).");
    expect(incident!.body).toContain("### Recent changes to `recipes/` on `main`\n\nNo commits found.");
    expect(readDriftState(incident!.body)?.signals[0]).toEqual({
      kind: "workflow_run",
      url: link,
      summary: "workflow checksum-drift.yml run #31 failed",
      at: "2026-11-27T09:59:00Z",
      runId: 4242,
    });
    // A run has no issue to answer on.
    expect(issues.comments).toEqual([]);
    expect(rewrites.requests).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a redelivery of the same run (same delivery id) does nothing more", async () => {
    const scope = securityScope({ config: "security: {recent_recipe_commits: 0}\n" });
    const file = new FakeFile("batch-control.json", TSUKU_CONTROL);
    const probot = testProbot();
    await deliver(probot, driftRunPayload());
    const calls = issues.calls.length;
    await deliver(probot, driftRunPayload());
    expect(file.commits).toHaveLength(1);
    expect(issues.calls).toHaveLength(calls);
    expect(issues.withLabel("batch-ops:incident")).toHaveLength(1);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a configured drift workflow name is used", async () => {
    const scope = securityScope({ config: "security: {drift_workflows: [verify-checksums.yml], recent_recipe_commits: 0}\n" });
    const file = new FakeFile("batch-control.json", TSUKU_CONTROL);
    await deliver(testProbot(), driftRunPayload({ file: "verify-checksums.yml" }));
    expect(file.commits).toHaveLength(1);
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe("runs that are not drift signals", () => {
  test.each([
    ["a successful drift run", { conclusion: "success" }],
    ["a cancelled drift run", { conclusion: "cancelled" }],
    ["another workflow failing", { file: "lint.yml" }],
    ["a drift run on another branch", { branch: "feature/x" }],
  ])("%s: nothing is stopped or opened", async (_name, options) => {
    const scope = securityScope({ identity: false });
    const file = new FakeFile("batch-control.json", TSUKU_CONTROL);
    await deliver(testProbot(), driftRunPayload(options));
    expect(file.reads).toBe(0);
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a failed drift run from a fork's pull request cannot stop the pipeline", async () => {
    const scope = securityScope({ identity: false });
    const file = new FakeFile("batch-control.json", TSUKU_CONTROL);
    const payload = driftRunPayload();
    payload.workflow_run.head_repository = { ...payload.workflow_run.head_repository, id: 999, full_name: "evil/fork" };
    await deliver(testProbot(), payload);
    expect(file.reads).toBe(0);
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });
});
