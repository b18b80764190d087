import { beforeEach, describe, expect, test } from "@jest/globals";
import type nock from "nock";
import type { Probot } from "probot";
import { REPO_PATH, testDeps, testProbot } from "../helpers/index.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { TSUKU_CONTROL } from "../helpers/batch-run.js";
import { FakeIssues } from "../helpers/seeding.js";
import {
  apiPull,
  BOT_LOGIN,
  driftIssueBody,
  driftRunPayload,
  forbidRewrites,
  HTML,
  issueOpenedPayload,
  mockCommitPulls,
  securityScope,
} from "../helpers/security.js";
import { readDriftState } from "../../src/security/drift-incident.js";

const CMAKE = {
  name: "cmake",
  version: "3.28.1",
  recipe: "recipes/c/cmake.toml",
  url: "https://github.com/Kitware/CMake/releases/download/v3.28.1/cmake-3.28.1-SHA-256.txt",
  expected: "a".repeat(64),
  actual: "b".repeat(64),
};
const DRIFT_TITLE = "Checksum drift detected: cmake";
const INCIDENT_TITLE = "Security incident: checksum drift detected";

let issues: FakeIssues;
let rewrites: ReturnType<typeof forbidRewrites>;
beforeEach(() => {
  issues = new FakeIssues();
  rewrites = forbidRewrites(["batch-control.json"]);
});

function openDriftIssue(title = DRIFT_TITLE, labels = ["security", "needs-triage"]) {
  return issues.add({ title, body: driftIssueBody([CMAKE]), labels, user: { login: "github-actions[bot]", id: 41898282, type: "Bot" } });
}

function deliverIssue(probot: Probot, issue: { number: number; title: string; body: string; labels: string[] }, id = "issue-delivery-1") {
  return probot.receive({ id, name: "issues", payload: issueOpenedPayload(issue) } as never);
}

/** Four recent commits to recipes/: a batch squash (association not indexed yet), a direct push, a PR, a legacy batch commit. */
function mockRecentRecipeCommits(scope: nock.Scope) {
  const commit = (sha: string, message: string, login: string, date: string) => ({
    sha,
    html_url: `${HTML}/commit/${sha}`,
    commit: { message, author: { name: login, date }, committer: { date } },
    author: { login },
  });
  const squash = "1e5f0710ba99f1f3e17ef7860237db1fb7332a07";
  const direct = "9".repeat(40);
  const pr = "7".repeat(40);
  scope
    .get(`${REPO_PATH}/commits`)
    .query({ sha: "main", path: "recipes", per_page: "20" })
    .reply(200, [
      commit(squash, "feat(recipes): add batch recipes (1 recipes) (#2382)", "github-actions[bot]", "2026-11-26T20:00:00Z"),
      commit(direct, "Update cmake.toml", "mallory", "2026-11-26T23:00:00Z"),
      commit(pr, "fix: ninja checksum url (#12)", "bob", "2026-11-20T10:00:00Z"),
      commit("8".repeat(40), "chore: add homebrew recipes\n\nbatch_id: 2026-11-19", "github-actions[bot]", "2026-11-19T10:00:00Z"),
    ]);
  mockCommitPulls(scope, squash, []);
  scope.get(`${REPO_PATH}/pulls/2382`).reply(200, apiPull({ number: 2382, head: "batch/20261126-200000", merged: true, mergeSha: squash }));
  mockCommitPulls(scope, direct, []);
  mockCommitPulls(scope, pr, [apiPull({ number: 12, head: "fix-ninja", merged: true, mergeSha: pr })]);
}

describe("a checksum-drift issue", () => {
  test("stops everything as /stop all would, disables stop_workflows and opens one Critical incident with the evidence", async () => {
    const drift = openDriftIssue();
    const scope = securityScope({ config: "stop_workflows: [batch-generate.yml]\n" });
    scope.get(`${REPO_PATH}/actions/workflows/batch-generate.yml`).reply(200, { id: 5, state: "active" });
    scope.put(`${REPO_PATH}/actions/workflows/batch-generate.yml/disable`).reply(204);
    mockRecentRecipeCommits(scope);
    const file = new FakeFile("batch-control.json", TSUKU_CONTROL);

    await deliverIssue(testProbot(), drift);

    const link = `${HTML}/issues/${drift.number}`;
    const reason = `Security: checksum drift detected (${link})`;
    expect(file.commits).toHaveLength(1);
    expect(file.commits[0]!.message).toBe(
      [
        "chore: emergency stop batch processing",
        "",
        `reason: ${reason}`,
        `incident_url: ${link}`,
        `requested_by: ${BOT_LOGIN}`,
        `signal: ${link}`,
      ].join("\n"),
    );
    const written = JSON.parse(file.text!);
    expect(written).toMatchObject({
      enabled: false,
      reason,
      disabled_by: BOT_LOGIN,
      disabled_at: "2026-11-27T10:00:00Z",
      incident_url: link,
      expected_resume: "",
    });
    // Everything else is byte-for-byte the pipeline's file.
    expect(file.text).toBe(
      TSUKU_CONTROL.replace('"enabled": true', '"enabled": false')
        .replace('"reason": ""', `"reason": "${reason}"`)
        .replace('"incident_url": ""', `"incident_url": "${link}"`)
        .replace('"disabled_by": ""', `"disabled_by": "${BOT_LOGIN}"`)
        .replace('"disabled_at": ""', '"disabled_at": "2026-11-27T10:00:00Z"'),
    );

    const incidents = issues.withLabel("batch-ops:incident");
    expect(incidents).toHaveLength(1);
    const incident = incidents[0]!;
    expect(incident.title).toBe(INCIDENT_TITLE);
    expect(incident.labels).toEqual(["batch-ops:incident", "severity:critical"]);
    expect([...issues.labels.keys()].sort()).toEqual(["batch-ops:incident", "severity:critical"]);
    expect(incident.body).toContain(`[issue \\#${drift.number} "Checksum drift detected: cmake" opened by github-actions\\[bot\\]](${link})`);
    expect(incident.body).toContain(
      `- ✅ Stopped all batch processing (\`enabled=false\` in \`batch-control.json\`): [\`${file.commits[0]!.sha.slice(0, 7)}\`]`,
    );
    expect(incident.body).toContain("- Workflow `batch-generate.yml`: disabled\\_manually (disabled now).");
    expect(incident.body).toContain(
      `- **cmake** \`v3.28.1\`, recipe \`recipes/c/cmake.toml\`, expected \`${CMAKE.expected}\`, actual \`${CMAKE.actual}\``,
    );
    expect(incident.body).toContain("batch commit via [#2382]");
    expect(incident.body).toContain("Update cmake.toml — mallory: ⚠️ **not a batch commit**");
    expect(incident.body).toContain("bob: not a batch commit: merged pull request [#12]");
    expect(incident.body).toContain("batch commit `2026-11-19`");
    expect(incident.body).toContain("comment `/rollback <batch_id>`");
    expect(incident.body).toContain("<!-- batch-ops:incident-key=security:drift -->");
    expect(readDriftState(incident.body)?.signals.map((s) => s.url)).toEqual([link]);

    expect(issues.comments).toEqual([
      {
        issue: drift.number,
        body: expect.stringContaining(
          `🚨 batch-ops treated this as a Critical security incident: it stopped all batch processing ([commit](https://github.com/x/y/commit/${file.commits[0]!.sha})) and opened [#${incident.number}](${incident.html_url})`,
        ),
      },
    ]);
    expect(rewrites.requests).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a repeated signal while the incident is open updates it: no second stop, no second issue", async () => {
    const drift = openDriftIssue();
    const scope = securityScope({ config: "security: {recent_recipe_commits: 0}\n" });
    const file = new FakeFile("batch-control.json", TSUKU_CONTROL);
    const probot = testProbot();
    await deliverIssue(probot, drift);
    expect(file.commits).toHaveLength(1);

    // The drift workflow's failed run arrives after the issue.
    await probot.receive({ id: "run-delivery-1", name: "workflow_run", payload: driftRunPayload({ id: 4242 }) } as never);
    // A second drift issue, with another recipe.
    const second = issues.add({
      title: "Checksum drift detected: gh",
      body: "",
      labels: ["security"],
      user: { login: "github-actions[bot]", id: 1, type: "Bot" },
    });
    await deliverIssue(probot, second, "issue-delivery-2");

    expect(file.commits).toHaveLength(1);
    const incidents = issues.withLabel("batch-ops:incident");
    expect(incidents).toHaveLength(1);
    const incident = incidents[0]!;
    expect(readDriftState(incident.body)?.signals.map((s) => s.url)).toEqual([
      `${HTML}/issues/${drift.number}`,
      `${HTML}/actions/runs/4242`,
      `${HTML}/issues/${second.number}`,
    ]);
    expect(readDriftState(incident.body)?.recipes.map((r) => r.name)).toEqual(["cmake", "gh"]);
    const onIncident = issues.comments.filter((c) => c.issue === incident.number).map((c) => c.body);
    expect(onIncident).toHaveLength(2);
    expect(onIncident[0]).toContain(
      `🔁 Another checksum-drift signal while this incident is open: [workflow checksum-drift.yaml run \\#31 failed](${HTML}/actions/runs/4242).`,
    );
    expect(onIncident[0]).toContain("Batch processing is still stopped; nothing else was changed.");
    expect(onIncident[1]).toContain("Newly named recipes:\n- **gh**");
    expect(issues.comments.filter((c) => c.issue === second.number).map((c) => c.body)).toEqual([
      `🔁 Added to the open security incident [#${incident.number}](${incident.html_url}); batch-ops did not stop anything again.`,
    ]);
    expect(rewrites.requests).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("de-duplication survives a restart: the open incident is found again, a redelivered signal changes nothing", async () => {
    const drift = openDriftIssue();
    const first = securityScope({ config: "security: {recent_recipe_commits: 0}\n" });
    const file = new FakeFile("batch-control.json", TSUKU_CONTROL);
    await deliverIssue(testProbot(), drift);
    expect(first.pendingMocks()).toEqual([]);
    const before = { body: issues.withLabel("batch-ops:incident")[0]!.body, comments: issues.comments.length };

    // A new process (fresh memory): GitHub redelivers the same event.
    const again = securityScope({ config: "security: {recent_recipe_commits: 0}\n" });
    await deliverIssue(testProbot(testDeps()), drift, "issue-delivery-1");

    expect(file.commits).toHaveLength(1);
    expect(issues.withLabel("batch-ops:incident")).toHaveLength(1);
    expect(issues.withLabel("batch-ops:incident")[0]!.body).toBe(before.body);
    expect(issues.comments).toHaveLength(before.comments);
    expect(issues.calls.filter((c) => !c.startsWith("GET"))).toEqual([
      "POST /labels",
      "POST /labels",
      "POST /issues",
      `POST /issues/${drift.number}/comments`,
    ]);
    expect(again.pendingMocks()).toEqual([]);
  });

  test("an incident opened by hand with the same title is taken over: stopped once, evidence added, the person's text kept", async () => {
    const manual = issues.add({
      title: INCIDENT_TITLE,
      body: "Opened by the on-call: cmake looks odd.",
      labels: ["batch-ops:incident"],
      user: { login: "alice", id: 5, type: "User" },
    });
    const drift = openDriftIssue();
    const scope = securityScope({ config: "security: {recent_recipe_commits: 0}\n" });
    const file = new FakeFile("batch-control.json", TSUKU_CONTROL);
    const probot = testProbot();
    await deliverIssue(probot, drift);

    expect(file.commits).toHaveLength(1);
    expect(issues.withLabel("batch-ops:incident")).toHaveLength(1);
    expect(manual.labels).toEqual(["batch-ops:incident", "severity:critical"]);
    expect(manual.body).toContain("<!-- batch-ops:incident-key=security:drift -->");
    expect(manual.body).toContain("- ✅ Stopped all batch processing");
    expect(manual.body).toContain(
      "<details><summary>The description before batch-ops took this incident over</summary>\n\nOpened by the on-call: cmake looks odd.\n\n</details>",
    );
    expect(issues.comments.find((c) => c.issue === manual.number)?.body).toContain("🚨 Checksum-drift signal: [issue \\#2");
    expect(issues.comments.find((c) => c.issue === drift.number)?.body).toContain(
      `🚨 batch-ops treated this as a Critical security incident: it stopped all batch processing ([commit](`,
    );

    // The next signal is a repeat: no second stop, and the person's text stays.
    await probot.receive({ id: "run-delivery-1", name: "workflow_run", payload: driftRunPayload() } as never);
    expect(file.commits).toHaveLength(1);
    expect(manual.body).toContain("Opened by the on-call: cmake looks odd.");
    expect(readDriftState(manual.body)?.signals).toHaveLength(2);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("the drift issue and the failed run arriving together make one stop and one incident", async () => {
    const drift = openDriftIssue();
    const scope = securityScope({ config: "security: {recent_recipe_commits: 0}\n" });
    const file = new FakeFile("batch-control.json", TSUKU_CONTROL);
    const probot = testProbot();
    await Promise.all([
      deliverIssue(probot, drift),
      probot.receive({ id: "run-delivery-1", name: "workflow_run", payload: driftRunPayload() } as never),
    ]);

    expect(file.commits).toHaveLength(1);
    const incidents = issues.withLabel("batch-ops:incident");
    expect(incidents).toHaveLength(1);
    expect(readDriftState(incidents[0]!.body)?.signals).toHaveLength(2);
    expect(issues.comments.filter((c) => c.issue === incidents[0]!.number && c.body.startsWith("🔁 Another"))).toHaveLength(1);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("already stopped by a person: the stop stays theirs, the incident says so", async () => {
    const drift = openDriftIssue();
    const scope = securityScope({ config: "security: {recent_recipe_commits: 0}\n" });
    const stopped = TSUKU_CONTROL.replace('"enabled": true', '"enabled": false').replace('"reason": ""', '"reason": "Emergency stop: bad batch"');
    const file = new FakeFile("batch-control.json", stopped);
    await deliverIssue(testProbot(), drift);
    expect(file.commits).toHaveLength(0);
    expect(file.text).toBe(stopped);
    expect(issues.withLabel("batch-ops:incident")[0]!.body).toContain(
      "- 👍 Batch processing was already stopped: batch processing is already stopped.",
    );
    expect(issues.comments[0]!.body).toContain("it found batch processing already stopped and opened");
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("an invalid control file is not overwritten: the incident opens anyway and asks for a manual stop", async () => {
    const drift = openDriftIssue();
    const scope = securityScope({ config: "security: {recent_recipe_commits: 0}\n" });
    const file = new FakeFile("batch-control.json", '{"enabled": tru');
    await deliverIssue(testProbot(), drift);
    expect(file.commits).toHaveLength(0);
    expect(file.text).toBe('{"enabled": tru');
    const body = issues.withLabel("batch-ops:incident")[0]!.body;
    expect(body).toContain("- ❌ **Could not stop batch processing**: batch-control.json is invalid \\(\\(root\\) → not valid JSON");
    expect(body).toContain("Comment `/stop all` now");
    expect(issues.comments[0]!.body).toContain("**could not stop batch processing** (comment `/stop all`)");
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("when GET /app fails, the stop still happens, signed batch-ops", async () => {
    const drift = openDriftIssue();
    const scope = securityScope({ config: "security: {recent_recipe_commits: 0}\n", identity: false });
    scope.get("/app").reply(500, { message: "down" });
    const file = new FakeFile("batch-control.json", TSUKU_CONTROL);
    await deliverIssue(testProbot(), drift);
    expect(JSON.parse(file.text!)).toMatchObject({ enabled: false, disabled_by: "batch-ops" });
    expect(issues.withLabel("batch-ops:incident")).toHaveLength(1);
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe("issues that are not drift signals", () => {
  test("without the security label, or with another title: nothing happens", async () => {
    const scope = securityScope();
    const file = new FakeFile("batch-control.json", TSUKU_CONTROL);
    const probot = testProbot();
    await deliverIssue(probot, issues.add({ title: DRIFT_TITLE, body: "", labels: ["bug"] }));
    await deliverIssue(probot, issues.add({ title: "Checksum drift monitor is flaky", body: "", labels: ["security"] }), "issue-delivery-2");
    await deliverIssue(probot, issues.add({ title: DRIFT_TITLE, body: "", labels: [] }), "issue-delivery-3");
    expect(file.reads).toBe(0);
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a drift report with an invalid config: says so on the issue, stops nothing", async () => {
    // The identity is never needed.
    const scope = securityScope({ config: "security: {drift_titles: 5}\n", identity: false });
    const file = new FakeFile("batch-control.json", TSUKU_CONTROL);
    const drift = openDriftIssue();
    await deliverIssue(testProbot(), drift);
    expect(file.reads).toBe(0);
    expect(issues.comments).toHaveLength(1);
    expect(issues.comments[0]!.body).toContain("😕 `.github/batch-ops.yml` is invalid");
    expect(issues.comments[0]!.body).toContain("- security.drift_titles → Invalid input: expected array, received number");
    expect(issues.comments[0]!.body).toContain("batch-ops did **not** stop anything. Comment `/stop all`");
    expect(scope.pendingMocks()).toEqual([]);
  });
});
