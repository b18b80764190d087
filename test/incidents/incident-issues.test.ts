import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { closeIncidentIssue, upsertIncidentIssue } from "../../src/incidents/incident-issues.js";
import { incidentMarker, withMarker } from "../../src/incidents/issue-spec.js";
import type { RepoRef } from "../../src/core/github.js";
import type { IssueRef } from "../../src/github/issues.js";
import { API, bareProbot } from "../helpers/schedule.js";
import { apiIssue, mockOpenIssues } from "../helpers/batch-run.js";
import { REPO_PATH } from "../helpers/index.js";

const REPO: RepoRef = { owner: "Codertocat", repo: "Hello-World", defaultBranch: "main", htmlUrl: "https://github.com/Codertocat/Hello-World" };
const SPEC = { key: "security:drift", title: "Checksum drift", body: "Body", labels: ["batch-ops:incident"], severity: "critical" as const };

async function github() {
  nock(API).post("/app/installations/2/access_tokens").reply(201, { token: "t", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
  return bareProbot().auth(2);
}

describe("one issue per key", () => {
  test("created with its labels (missing labels created with their colour) and the marker", async () => {
    const gh = await github();
    const scope = nock(API);
    scope.get(`${REPO_PATH}/labels/batch-ops%3Aincident`).reply(200, {});
    scope.get(`${REPO_PATH}/labels/severity%3Acritical`).reply(404, { message: "Not Found" });
    scope
      .post(`${REPO_PATH}/labels`, { name: "severity:critical", color: "b60205", description: "Runbook severity Critical: < 1 hour" })
      .reply(201, {});
    mockOpenIssues(scope, "batch-ops:incident", [apiIssue(3, "Other", `x\n\n${incidentMarker("breaker:npm")}\n`, ["batch-ops:incident"])]);
    let created: any;
    scope.post(`${REPO_PATH}/issues`, (b) => ((created = b), true)).reply(201, apiIssue(9, "Checksum drift", "b", []));
    const result = await upsertIncidentIssue(gh, REPO, SPEC);
    expect(result.created).toBe(true);
    expect(created).toEqual({
      title: "Checksum drift",
      body: `Body\n\n${incidentMarker("security:drift")}\n`,
      labels: ["batch-ops:incident", "severity:critical"],
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("found by its marker whatever its title: nothing written when it already says this; a missing label is added", async () => {
    const gh = await github();
    const scope = nock(API);
    scope
      .get(/\/labels\//)
      .times(2)
      .reply(200, {});
    const existing: IssueRef = {
      number: 9,
      url: `${REPO.htmlUrl}/issues/9`,
      title: "Checksum drift",
      body: withMarker("Body", "security:drift"),
      state: "open",
      labels: ["batch-ops:incident"],
    };
    scope.post(`${REPO_PATH}/issues/9/labels`, { labels: ["severity:critical"] }).reply(200, []);
    const result = await upsertIncidentIssue(gh, REPO, SPEC, [existing]);
    expect(result).toMatchObject({ created: false, updated: false });
    expect(result.issue.labels).toEqual(["batch-ops:incident", "severity:critical"]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a label already on the issue in another case (GitHub's names ignore case) is not added again", async () => {
    const gh = await github();
    const scope = nock(API);
    scope
      .get(/\/labels\//)
      .times(2)
      .reply(200, {});
    const existing: IssueRef = {
      number: 9,
      url: `${REPO.htmlUrl}/issues/9`,
      title: "Checksum drift",
      body: withMarker("Body", "security:drift"),
      state: "open",
      labels: ["Batch-Ops:Incident", "Severity:Critical"],
    };
    // No POST /issues/9/labels mocked: one would be unmatched and fail the test.
    const result = await upsertIncidentIssue(gh, REPO, SPEC, [existing]);
    expect(result).toMatchObject({ created: false, updated: false });
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("closing: comment then close; nothing when no issue has the key", async () => {
    const gh = await github();
    const scope = nock(API);
    mockOpenIssues(scope, "batch-ops:incident", [apiIssue(9, "t", withMarker("b", "security:drift"), ["batch-ops:incident"])]);
    scope.post(`${REPO_PATH}/issues/9/comments`, { body: "Resolved." }).reply(201, { id: 1, html_url: "c" });
    scope.patch(`${REPO_PATH}/issues/9`, { state: "closed", state_reason: "completed" }).reply(200, {});
    expect((await closeIncidentIssue(gh, REPO, { label: "batch-ops:incident", key: "security:drift" }, "Resolved."))?.number).toBe(9);
    mockOpenIssues(scope, "batch-ops:incident", []);
    expect(await closeIncidentIssue(gh, REPO, { label: "batch-ops:incident", key: "security:drift" }, "Resolved.")).toBeUndefined();
    expect(scope.pendingMocks()).toEqual([]);
  });
});
