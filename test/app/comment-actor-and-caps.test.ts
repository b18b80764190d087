import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { readFileSync } from "node:fs";
import { API, commentPayload, mockInstallationToken, REPO_PATH, COMMENT_ID, testProbot } from "../helpers/index.js";
import { commandScope } from "../helpers/command-mocks.js";
import { FakeFile } from "../helpers/fake-repo.js";

const fixture = readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const ECOSYSTEMS = ["homebrew", "crates.io", "npm", "pypi", "rubygems", "github", "go", "cpan", "cask", "nix"];

function deliver(payload: unknown) {
  return testProbot().receive({ id: `d-${Math.random()}`, name: "issue_comment", payload } as never);
}

describe("an edit runs with the editor's rights, not the author's", () => {
  test("someone else's edit that adds a command is refused before any permission or file is read", async () => {
    const scope = mockInstallationToken(nock(API));
    const replies: string[] = [];
    scope.post(`${REPO_PATH}/issues/1/comments`, (body: { body: string }) => (replies.push(body.body), true)).reply(201, {});
    scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`, { content: "confused" }).reply(201, {});
    const payload = commentPayload("please look\n/breaker reset npm", { action: "edited", from: "please look", login: "admin-alice" });
    payload.sender.login = "writer-mallory";
    await deliver(payload);
    expect(replies).toEqual([
      "😕 @writer-mallory edited @admin-alice's comment: commands added by an edit run only when the comment's author makes the edit. Nothing was changed.",
    ]);
    expect(scope.isDone()).toBe(true);
  });

  test("the author's own edit runs, checked and audited as the author", async () => {
    const mocks = commandScope().permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    await deliver(commentPayload("/stop npm\n/stop pypi", { action: "edited", from: "/stop npm" }));
    expect(file.commits).toHaveLength(1);
    expect(file.commits[0]!.message).toMatch(/^requested_by: alice$/m);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("logins are case-insensitive: the author's own edit runs though the payload spells the login differently", async () => {
    const mocks = commandScope().reply().react("rocket");
    mocks.scope.get(`${REPO_PATH}/collaborators/Alice/permission`).reply(200, { permission: "write", role_name: "write" });
    const file = new FakeFile("batch-control.json", fixture);
    const payload = commentPayload("/stop npm\n/stop pypi", { action: "edited", from: "/stop npm" });
    payload.sender.login = "Alice";
    await deliver(payload);
    expect(file.commits).toHaveLength(1);
    expect(file.commits[0]!.message).toMatch(/^requested_by: Alice$/m);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("permission is the sender's and requested_by is the sender, whoever the payload names as author", async () => {
    const mocks = commandScope().reply().react("rocket");
    mocks.scope.get(`${REPO_PATH}/collaborators/carol/permission`).reply(200, { permission: "write", role_name: "write" });
    const file = new FakeFile("batch-control.json", fixture);
    const payload = commentPayload("/stop npm");
    payload.sender.login = "carol";
    await deliver(payload);
    expect(file.commits[0]!.message).toMatch(/^requested_by: carol$/m);
    expect(file.commits[0]!.message).not.toMatch(/requested_by: alice/);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("a sender without the permission is refused even when the author would have it", async () => {
    const mocks = commandScope().reply().react("confused");
    mocks.scope.get(`${REPO_PATH}/collaborators/carol/permission`).reply(200, { permission: "read", role_name: "read" });
    const payload = commentPayload("/stop npm");
    payload.sender.login = "carol";
    await deliver(payload);
    expect(mocks.replies[0]).toContain("😕 @carol needs **write** permission on this repository for this command (has: read). Nothing was changed.");
    expect(mocks.scope.isDone()).toBe(true);
  });
});

describe("commands per comment: capped, and folded into one commit", () => {
  test("10 commands (the default cap) land in one commit, each with its own answer", async () => {
    const mocks = commandScope().permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    await deliver(commentPayload(ECOSYSTEMS.map((eco) => `/stop ${eco}`).join("\n")));
    expect(file.commits).toHaveLength(1);
    expect(JSON.parse(file.text!).disabled_ecosystems).toEqual(ECOSYSTEMS);
    expect(file.commits[0]!.message.split("\n")[0]).toBe("chore: update batch control (10 changes)");
    expect(file.commits[0]!.message.match(/^requested_by: alice$/gm)).toHaveLength(10);
    const reply = mocks.replies[0]!;
    for (const eco of ECOSYSTEMS) expect(reply).toContain(`✅ Disabled ${eco} in \`batch-control.json\``);
    expect(mocks.replies).toHaveLength(1);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("11 commands: one short refusal naming the cap, nothing run and nothing else written", async () => {
    const mocks = commandScope().reply().react("confused");
    const writes: string[] = [];
    mocks.scope.on("request", (req: { method: string; path: string }) => {
      if (req.method !== "GET") writes.push(`${req.method} ${req.path}`);
    });
    const lines = Array.from({ length: 11 }, (_, i) => (i % 2 === 0 ? "/stop npm" : "/resume npm"));
    await deliver(commentPayload(lines.join("\n")));
    expect(mocks.replies).toEqual([
      "😕 This comment has 11 commands; batch-ops runs at most 10 per comment (`max_commands_per_comment`). Nothing was run: split them over several comments.",
    ]);
    // The only writes: the 👀 and 😕 reactions and the refusal itself (any other request would fail: no mock).
    expect(writes.filter((w) => !w.includes("/access_tokens")).sort()).toEqual(
      [
        `POST ${REPO_PATH}/issues/1/comments`,
        `POST ${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`,
        `POST ${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`,
      ].sort(),
    );
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("100 alternating /stop and /resume lines make no commit and a reply of one line", async () => {
    const mocks = commandScope().reply().react("confused");
    await deliver(commentPayload(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? "/stop npm" : "/resume npm")).join("\n")));
    expect(mocks.replies[0]).toMatch(/^😕 This comment has 100 commands; batch-ops runs at most 10 per comment/);
    expect(mocks.replies[0]!.length).toBeLessThan(200);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("max_commands_per_comment is configurable", async () => {
    const mocks = commandScope({ config: "max_commands_per_comment: 2\n" }).reply().react("confused");
    await deliver(commentPayload("/stop npm\n/stop pypi\n/stop go"));
    expect(mocks.replies[0]).toContain("runs at most 2 per comment");
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("folded edits apply in order: stop, resume, stop again leaves it stopped, in one commit", async () => {
    const mocks = commandScope().permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    await deliver(commentPayload("/stop npm\n/resume npm\n/stop npm"));
    expect(file.commits).toHaveLength(1);
    expect(JSON.parse(file.text!).disabled_ecosystems).toEqual(["npm"]);
    const reply = mocks.replies[0]!;
    expect(reply.indexOf("✅ Disabled npm")).toBeLessThan(reply.indexOf("✅ Re-enabled npm"));
    expect(reply.lastIndexOf("✅ Disabled npm")).toBeGreaterThan(reply.indexOf("✅ Re-enabled npm"));
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("/stop all, /resume all, /stop npm: one commit, and the workflows are disabled before they are enabled again", async () => {
    const mocks = commandScope({ config: "stop_workflows: [batch-generate.yml]\n" }).permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    const order: string[] = [];
    const workflow = `${REPO_PATH}/actions/workflows/batch-generate.yml`;
    mocks.scope.get(workflow).reply(200, { id: 5, state: "active" });
    mocks.scope.put(`${workflow}/disable`).reply(() => (order.push("disable"), [204]));
    mocks.scope.get(workflow).reply(200, { id: 5, state: "disabled_manually" });
    mocks.scope.put(`${workflow}/enable`).reply(() => (order.push("enable"), [204]));
    await deliver(commentPayload("/stop all outage\n/resume all fixed\n/stop npm"));
    expect(file.commits).toHaveLength(1);
    expect(JSON.parse(file.text!)).toMatchObject({ enabled: true, disabled_ecosystems: ["npm"] });
    expect(order).toEqual(["disable", "enable"]);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("a reading command after edits sees them committed", async () => {
    const mocks = commandScope().permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    mocks.scope.get(`${REPO_PATH}/git/ref/heads%2Fmain`).reply(200, () => ({ object: { sha: file.commits.at(-1)?.sha ?? "none" } }));
    await deliver(commentPayload("/stop npm\n/stop pypi\n/status"));
    expect(file.commits).toHaveLength(1);
    expect(mocks.replies[0]).toContain("**Disabled ecosystems:** npm, pypi");
    expect(mocks.scope.isDone()).toBe(true);
  });
});
