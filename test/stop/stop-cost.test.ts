import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { readFileSync } from "node:fs";
import { API, COMMENT_ID, commentPayload, mockInstallationToken, OWNER, REPO_PATH, testProbot } from "../helpers/index.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { workflowsDirectory } from "../helpers/command-mocks.js";

const fixture = readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const CONFIG = `${REPO_PATH}/contents/.github%2Fbatch-ops.yml`;
const FALLBACK = `/repos/${OWNER}/.github/contents/.github%2Fbatch-ops.yml`;
const PERMISSION = `${REPO_PATH}/collaborators/alice/permission`;
const REACTIONS = `${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`;

/**
 * Records the order of reactions and replies (any number of them) and answers `.github/workflows` (a
 * batch workflow gated by the pre-flight action: the stop takes effect); `scope` is for the calls each
 * test counts, `workflows` lists how the workflows were answered.
 */
function recorder() {
  const order: string[] = [];
  const answers = nock(API).persist();
  answers.post(REACTIONS, (b: { content: string }) => (order.push(`react ${b.content}`), true)).reply(201, {});
  answers.post(`${REPO_PATH}/issues/1/comments`, () => (order.push("reply"), true)).reply(201, { id: 1, html_url: "https://github.com/c" });
  return { order, scope: nock(API), workflows: workflowsDirectory() };
}

describe("the cost of a /stop", () => {
  test("the commit is the first write: 👀 goes out after it, and before the reply", async () => {
    const { order, scope } = recorder();
    mockInstallationToken(scope);
    scope.get(CONFIG).reply(404, { message: "Not Found" });
    scope.get(FALLBACK).reply(404, { message: "Not Found" });
    scope.get(PERMISSION).reply(200, { permission: "write", role_name: "write" });
    const file = new FakeFile("batch-control.json", fixture);
    file.beforeWrite = () => order.push("commit");
    await testProbot().receive({ id: "d1", name: "issue_comment", payload: commentPayload("/stop npm outage") } as never);
    expect(order).toEqual(["commit", "react eyes", "reply", "react rocket"]);
    expect(file.commits).toHaveLength(1);
  });

  test("a command that writes nothing still gets 👀 before its reply", async () => {
    const { order, scope } = recorder();
    mockInstallationToken(scope);
    scope.get(CONFIG).reply(404, { message: "Not Found" });
    scope.get(FALLBACK).reply(404, { message: "Not Found" });
    scope.get(PERMISSION).reply(200, { permission: "write", role_name: "write" });
    new FakeFile("batch-control.json", fixture.replace('"disabled_ecosystems": []', '"disabled_ecosystems": ["npm"]'));
    await testProbot().receive({ id: "d2", name: "issue_comment", payload: commentPayload("/stop npm") } as never);
    expect(order).toEqual(["react eyes", "reply", "react +1"]);
  });

  test("repeat deliveries: config and permission are conditional (304 replays), the missing owner-wide config is not asked again", async () => {
    const { scope, workflows } = recorder();
    mockInstallationToken(scope);
    const file = new FakeFile("batch-control.json", fixture);
    const config = "ecosystems: [npm, pypi, rubygems]\n";
    // First delivery: plain reads, answered with ETags.
    scope
      .get(CONFIG)
      .matchHeader("if-none-match", (v) => v === undefined)
      .reply(200, config, { etag: '"cfg1"' });
    scope
      .get(PERMISSION)
      .matchHeader("if-none-match", (v) => v === undefined)
      .reply(200, { permission: "write", role_name: "write" }, { etag: '"perm1"' });
    // Second and third: conditional, unchanged.
    scope.get(CONFIG).matchHeader("if-none-match", '"cfg1"').times(2).reply(304, "");
    scope.get(PERMISSION).matchHeader("if-none-match", '"perm1"').times(2).reply(304, "");
    const probot = testProbot();
    for (const [i, eco] of ["npm", "pypi", "rubygems"].entries()) {
      await probot.receive({ id: `r${i}`, name: "issue_comment", payload: commentPayload(`/stop ${eco}`) } as never);
    }
    expect(JSON.parse(file.text!).disabled_ecosystems).toEqual(["npm", "pypi", "rubygems"]);
    expect(scope.pendingMocks()).toEqual([]);
    // Whether the stop takes effect: the workflows are listed once (the file read at most once: its
    // analysis is kept by blob sha, maybe from an earlier test), then only a free 304.
    expect(workflows.filter((a) => a !== "read batch.yml")).toEqual(["list 200", "list 304", "list 304"]);
    expect(workflows.slice(workflows.indexOf("list 304"))).toEqual(["list 304", "list 304"]);

    // No config of the repository's own: the owner-wide fallback is asked once, then remembered.
    nock.cleanAll();
    const again = recorder();
    again.scope.get(CONFIG).times(2).reply(404, { message: "Not Found" });
    again.scope.get(FALLBACK).once().reply(404, { message: "Not Found" });
    again.scope.get(PERMISSION).matchHeader("if-none-match", '"perm1"').times(2).reply(304, "");
    new FakeFile("batch-control.json", fixture);
    for (const [i, eco] of ["npm", "pypi"].entries()) {
      await probot.receive({ id: `f${i}`, name: "issue_comment", payload: commentPayload(`/stop ${eco}`) } as never);
    }
    expect(again.scope.pendingMocks()).toEqual([]);
    expect(again.workflows).toEqual(["list 304", "list 304"]);
  });

  test("a user demoted since the last command is refused at once: the permission read is fresh, not cached", async () => {
    const { order, scope } = recorder();
    mockInstallationToken(scope);
    scope.get(CONFIG).times(2).reply(200, "ecosystems: [npm, pypi]\n");
    scope.get(PERMISSION).reply(200, { permission: "write", role_name: "write" }, { etag: '"perm1"' });
    // GitHub's answer changed: a 200 with a new ETag, not a 304.
    scope.get(PERMISSION).matchHeader("if-none-match", '"perm1"').reply(200, { permission: "read", role_name: "read" }, { etag: '"perm2"' });
    const file = new FakeFile("batch-control.json", fixture);
    const probot = testProbot();
    await probot.receive({ id: "p1", name: "issue_comment", payload: commentPayload("/stop npm") } as never);
    await probot.receive({ id: "p2", name: "issue_comment", payload: commentPayload("/stop pypi") } as never);
    expect(JSON.parse(file.text!).disabled_ecosystems).toEqual(["npm"]);
    expect(order.filter((o) => o.startsWith("react") && o !== "react eyes")).toEqual(["react rocket", "react confused"]);
    expect(scope.pendingMocks()).toEqual([]);
  });
});
