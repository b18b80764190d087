import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { readFileSync } from "node:fs";
import { API, COMMENT_ID, commentPayload, mockInstallationToken, REPO_PATH, testProbot } from "../helpers/index.js";
import { FakeFile } from "../helpers/fake-repo.js";

const fixture = readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8");

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("smoke", () => {
  test("/stop homebrew", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(404);
    scope.get(`/repos/Codertocat/.github/contents/.github%2Fbatch-ops.yml`).reply(404);
    scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`, { content: "eyes" }).reply(201, {});
    scope.get(`${REPO_PATH}/collaborators/alice/permission`).reply(200, { permission: "write", role_name: "write" });
    scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`, { content: "rocket" }).reply(201, {});
    let reply = "";
    scope.post(`${REPO_PATH}/issues/1/comments`, (b) => ((reply = b.body), true)).reply(201, { id: 1, html_url: "x" });
    const file = new FakeFile("batch-control.json", fixture, scope);
    await testProbot().receive({ id: "d1", name: "issue_comment", payload: commentPayload("/stop homebrew upstream outage") } as any);
    console.log(reply, file.commits);
    expect(scope.pendingMocks()).toEqual([]);
  });
});
