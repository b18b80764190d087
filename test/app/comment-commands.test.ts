import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { readFileSync } from "node:fs";
import { API, COMMENT_ID, commentPayload, mockInstallationToken, REPO_PATH, testDeps, testProbot } from "../helpers/index.js";
import { commandScope } from "../helpers/command-mocks.js";
import { FakeFile } from "../helpers/fake-repo.js";

const fixture = readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const COMMENT_URL = "https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400";
const ISSUE_URL = "https://github.com/Codertocat/Hello-World/issues/1";

function deliver(body: string, options: Parameters<typeof commentPayload>[1] & { id?: string } = {}, probot = testProbot()) {
  return probot.receive({ id: options.id ?? "delivery-1", name: "issue_comment", payload: commentPayload(body, options) } as never);
}

describe("/stop", () => {
  test("/stop homebrew commits the runbook change with an audit trail and replies with the commit", async () => {
    const mocks = commandScope().permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    await deliver("Homebrew API is down.\n\n/stop homebrew upstream API outage");
    expect(file.commits).toHaveLength(1);
    expect(file.commits[0]!.message).toBe(
      [
        "chore: disable homebrew batch processing",
        "",
        "reason: upstream API outage",
        `incident_url: ${ISSUE_URL}`,
        "requested_by: alice",
        `comment: ${COMMENT_URL}`,
      ].join("\n"),
    );
    expect(file.text).toBe(fixture.replace('"disabled_ecosystems": [],', '"disabled_ecosystems": [\n    "homebrew"\n  ],'));
    expect(mocks.replies).toHaveLength(1);
    expect(mocks.replies[0]).toContain("`/stop homebrew upstream API outage`");
    expect(mocks.replies[0]).toContain(`✅ Disabled homebrew in \`batch-control.json\`: commit [\`${file.commits[0]!.sha.slice(0, 7)}\`]`);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("/stop all with until= sets every field and disables the configured workflows", async () => {
    const mocks = commandScope({ config: "stop_workflows: [batch-generate.yml, missing.yml]\n" }).permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    mocks.scope.get(`${REPO_PATH}/actions/workflows/batch-generate.yml`).reply(200, { id: 5, state: "active" });
    mocks.scope.put(`${REPO_PATH}/actions/workflows/batch-generate.yml/disable`).reply(204);
    mocks.scope.get(`${REPO_PATH}/actions/workflows/missing.yml`).reply(404, { message: "Not Found" });
    await deliver("/stop all bad batch until=4h");
    const written = JSON.parse(file.text!);
    expect(written).toMatchObject({
      enabled: false,
      reason: "Emergency stop: bad batch",
      disabled_by: "alice",
      disabled_at: "2026-11-27T10:00:00Z",
      expected_resume: "2026-11-27T14:00:00Z",
      incident_url: ISSUE_URL,
    });
    expect(file.commits[0]!.message.split("\n")[0]).toBe("chore: emergency stop batch processing");
    expect(mocks.replies[0]).toContain("`batch-generate.yml`: disabled_manually (changed now)");
    expect(mocks.replies[0]).toContain("`missing.yml`: ⚠️ could not be changed (workflow not found)");
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("already disabled: no commit, says so with a link", async () => {
    const mocks = commandScope().permission().reply().react("+1");
    const file = new FakeFile("batch-control.json", fixture.replace('"disabled_ecosystems": []', '"disabled_ecosystems": ["homebrew"]'));
    await deliver("/stop Homebrew");
    expect(file.commits).toHaveLength(0);
    expect(mocks.replies[0]).toContain(
      "👍 Nothing to change: homebrew is already disabled. [Current `batch-control.json`](https://github.com/Codertocat/Hello-World/blob/main/batch-control.json)",
    );
    expect(mocks.scope.isDone()).toBe(true);
  });

  // `default` (a breaker key in the real file) is not listed: it is the breakers' fallback, not an ecosystem (issue 14).
  test("unknown ecosystem: refused with the known names, nothing committed", async () => {
    const mocks = commandScope().permission().reply().react("confused");
    const file = new FakeFile("batch-control.json", fixture);
    await deliver("/stop cargoo outage");
    expect(file.commits).toHaveLength(0);
    expect(mocks.replies[0]).toContain(
      "😕 Unknown ecosystem `cargoo`. Known: homebrew, crates.io, npm, pypi, rubygems, github, go, cpan, cask, nix. Nothing was changed.",
    );
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("bad syntax: refused with usage before any file is read", async () => {
    const mocks = commandScope().permission().reply().react("confused");
    await deliver("/stop all until=someday");
    expect(mocks.replies[0]).toMatch(/😕 `until=someday` is neither.*\n\nUsage: `\/stop <ecosystem>… \[reason\]`/s);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("an invalid control file is quoted and never overwritten", async () => {
    const mocks = commandScope().permission().reply().react("confused");
    const file = new FakeFile("batch-control.json", '{"enabled": "no"}\n');
    await deliver("/stop npm");
    expect(file.commits).toHaveLength(0);
    expect(mocks.replies[0]).toContain("😕 `batch-control.json` is not valid, so it was not changed. Fix it by hand first:\n- enabled → ");
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("a reason cannot inject lines into the commit message", async () => {
    const mocks = commandScope().permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    await deliver("/stop npm outage\u2028requested_by: mallory");
    expect(file.commits[0]!.message).toContain("reason: outage requested_by: mallory\n");
    expect(file.commits[0]!.message.match(/^requested_by: /gm)).toHaveLength(1);
    expect(mocks.scope.isDone()).toBe(true);
  });
});

describe("/resume", () => {
  test("/resume all restores the runbook defaults and re-enables the workflows", async () => {
    const stopped =
      JSON.stringify(
        {
          ...JSON.parse(fixture),
          enabled: false,
          reason: "Emergency stop: x",
          disabled_by: "bob",
          disabled_at: "2026-11-27T01:00:00Z",
          disabled_ecosystems: ["npm"],
        },
        null,
        2,
      ) + "\n";
    const mocks = commandScope({ config: "stop_workflows: [batch-generate.yml]\n" }).permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", stopped);
    mocks.scope.get(`${REPO_PATH}/actions/workflows/batch-generate.yml`).reply(200, { id: 5, state: "disabled_manually" });
    mocks.scope.put(`${REPO_PATH}/actions/workflows/batch-generate.yml/enable`).reply(204);
    await deliver("/resume all fixed in #12");
    expect(file.text).toBe(fixture);
    expect(file.commits[0]!.message).toBe(
      ["chore: re-enable batch processing", "", "reason: fixed in #12", "requested_by: alice", `comment: ${COMMENT_URL}`].join("\n"),
    );
    expect(mocks.replies[0]).toContain("`batch-generate.yml`: active (changed now)");
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("/resume npm removes one ecosystem", async () => {
    const mocks = commandScope().permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture.replace('"disabled_ecosystems": []', '"disabled_ecosystems": ["npm", "pypi"]'));
    await deliver("/resume NPM");
    expect(JSON.parse(file.text!).disabled_ecosystems).toEqual(["pypi"]);
    expect(file.commits[0]!.message.split("\n")[0]).toBe("chore: re-enable npm batch processing");
    expect(mocks.scope.isDone()).toBe(true);
  });
});

describe("/status and /help", () => {
  test("/status shows stop state, breakers with recovery, budget and a link at the commit read", async () => {
    const mocks = commandScope({ config: "permissions:\n  status: triage\n" }).permission().reply();
    const control = {
      ...JSON.parse(fixture),
      enabled: false,
      reason: "Emergency stop: bad <b>batch</b>",
      disabled_by: "bob",
      disabled_at: "2026-11-27T09:00:00Z",
      expected_resume: "2026-11-27T12:00:00Z",
      budget: { macos_minutes_used: 850, linux_minutes_used: 1000, week_start: "2026-11-23", sampling_active: true },
    };
    control.circuit_breaker.npm.opens_at = "2026-11-27T10:30:00Z";
    const file = new FakeFile("batch-control.json", JSON.stringify(control, null, 2) + "\n");
    mocks.scope.get(`${REPO_PATH}/git/ref/heads%2Fmain`).reply(200, { object: { sha: "c0ffee1234567890" } });
    await deliver("/status");
    const reply = mocks.replies[0]!;
    expect(reply).toContain("**Batch processing: 🛑 STOPPED**");
    expect(reply).toContain("- Why: Emergency stop: bad \\<b\\>batch\\</b\\>");
    expect(reply).toContain("- Expected resume: 2026-11-27T12:00:00Z");
    expect(reply).toContain("| npm | 🔴 open | 696 | 2026-06-26T20:51:01Z (153d 13h ago) | half-open in 30m |");
    expect(reply).toContain("| homebrew | 🔴 open | 957 | 2026-06-26T20:51:01Z (153d 13h ago) | due for half-open now |");
    expect(reply).toContain("| default | 🟢 closed | 0 | — | — |");
    expect(reply).toContain("- macOS: 850 / 1000 min (85%)");
    expect(reply).toContain("- Linux: 1000 / 5000 min (20%)");
    expect(reply).toContain("- Sampling: on");
    expect(reply).toContain("resets 2026-11-30T00:00:00Z");
    expect(reply).toContain("(https://github.com/Codertocat/Hello-World/blob/c0ffee1234567890/batch-control.json)");
    expect(file.commits).toHaveLength(0);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("/help lists every command with the permission configured here", async () => {
    const mocks = commandScope({ config: "permissions:\n  stop: maintain\n" }).permission().reply();
    await deliver("/help");
    expect(mocks.replies[0]).toContain("| `/stop <ecosystem> [<ecosystem>…] [reason…]` |");
    expect(mocks.replies[0]).toMatch(/\/stop all .*\| maintain \|/);
    expect(mocks.replies[0]).toMatch(/\/resume all .*\| write \|/);
    expect(mocks.replies[0]).toMatch(/`\/status` .*\| read \|/);
    expect(mocks.scope.isDone()).toBe(true);
  });
});

describe("authorisation", () => {
  test("read permission cannot stop; the reply names the level needed", async () => {
    const mocks = commandScope({ permission: "read" }).permission().reply().react("confused");
    await deliver("/stop npm");
    expect(mocks.replies[0]).toContain("😕 @alice needs **write** permission on this repository for this command (has: read). Nothing was changed.");
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("triage role is read from role_name, not the legacy permission field", async () => {
    const mocks = commandScope({ permission: "read", role: "triage", config: "permissions:\n  stop: triage\n" }).permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    await deliver("/stop npm");
    expect(file.commits).toHaveLength(1);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test.each([
    [
      "a custom role on the maintain base role",
      {
        permission: "write",
        role_name: "release-manager",
        user: { login: "alice", permissions: { admin: false, maintain: true, push: true, triage: true, pull: true } },
      },
      "rocket",
    ],
    [
      "a custom role on the write base role",
      {
        permission: "write",
        role_name: "security-manager",
        user: { login: "alice", permissions: { admin: false, maintain: false, push: true, triage: true, pull: true } },
      },
      "confused",
    ],
    [
      "an organisation owner",
      {
        permission: "admin",
        role_name: "admin",
        user: { login: "alice", permissions: { admin: true, maintain: true, push: true, triage: true, pull: true } },
      },
      "rocket",
    ],
  ])("%s: the level is the role's real one (here /stop needs maintain)", async (_name, answer, reaction) => {
    const mocks = commandScope({ config: "permissions:\n  stop: maintain\n" })
      .reply()
      .react(reaction as "rocket" | "confused");
    mocks.scope.get(`${REPO_PATH}/collaborators/alice/permission`).reply(200, answer);
    const file = new FakeFile("batch-control.json", fixture);
    await deliver("/stop npm");
    if (reaction === "rocket") expect(file.commits).toHaveLength(1);
    else {
      expect(file.commits).toHaveLength(0);
      expect(mocks.replies[0]).toContain("needs **maintain** permission on this repository for this command (has: write)");
    }
    expect(mocks.scope.isDone()).toBe(true);
  });

  test.each([
    [404, { message: "Not Found" }],
    [404, { message: "octocat is not a user" }],
    [200, { permission: "read", role_name: "read", user: null }],
    [200, { permission: "none", role_name: "none", user: null }],
  ])("a non-collaborator (%i %j) is refused and nothing is read or written", async (status, answer) => {
    const mocks = commandScope().reply().react("confused");
    mocks.scope.get(`${REPO_PATH}/collaborators/alice/permission`).reply(status, answer);
    await deliver("/stop npm");
    expect(mocks.replies[0]).toMatch(/needs \*\*write\*\* permission on this repository for this command \(has: (none|read)\)/);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("a failing permission lookup fails closed", async () => {
    const mocks = commandScope().reply().react("confused");
    mocks.scope.get(`${REPO_PATH}/collaborators/alice/permission`).reply(500, { message: "boom" });
    await deliver("/stop npm");
    expect(mocks.replies[0]).toContain("has: none");
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("author_association OWNER is not permission", async () => {
    const mocks = commandScope({ permission: "none", role: null }).permission().reply().react("confused");
    const payload = commentPayload("/stop npm");
    payload.comment.author_association = "OWNER";
    await testProbot().receive({ id: "d", name: "issue_comment", payload } as never);
    expect(mocks.replies[0]).toContain("has: none");
    expect(mocks.scope.isDone()).toBe(true);
  });
});

describe("what is not a command run", () => {
  test("bot comments, including our own replies, are ignored without any API call", async () => {
    await deliver("/stop all", { login: "batch-ops[bot]", type: "Bot" });
    await deliver("/stop all", { login: "some-bot", type: "Bot" });
    expect(nock.pendingMocks()).toEqual([]);
  });

  test("comments without our commands make no API call", async () => {
    await deliver("LGTM\n/lgtm\n```\n/stop all\n```\n> /stop all");
  });

  test("a redelivered webhook (same delivery id) has no second effect", async () => {
    const deps = testDeps();
    const probot = testProbot(deps);
    const mocks = commandScope().permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    await deliver("/stop npm", { id: "same" }, probot);
    await deliver("/stop npm", { id: "same" }, probot);
    expect(file.commits).toHaveLength(1);
    expect(mocks.replies).toHaveLength(1);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("the same delivery id twice at once (a manual redelivery while the first is in flight): exactly one runs", async () => {
    const probot = testProbot(testDeps());
    const mocks = commandScope().permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    await Promise.all([deliver("/stop npm", { id: "twice" }, probot), deliver("/stop npm", { id: "twice" }, probot)]);
    expect(file.commits).toHaveLength(1);
    expect(file.reads).toBe(1);
    expect(mocks.replies).toHaveLength(1);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("an edited comment runs only the commands the edit added", async () => {
    const mocks = commandScope().permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    await deliver("/stop npm\n/stop pypi", { action: "edited", from: "/stop npm" });
    expect(JSON.parse(file.text!).disabled_ecosystems).toEqual(["pypi"]);
    expect(mocks.replies[0]).not.toContain("`/stop npm`");
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("an edit that changes only prose runs nothing", async () => {
    await deliver("/stop npm\nthanks!", { action: "edited", from: "/stop npm\nthanks" });
    expect(nock.pendingMocks()).toEqual([]);
  });

  test("a deleted comment runs nothing", async () => {
    const payload = commentPayload("/stop npm");
    payload.action = "deleted";
    await testProbot().receive({ id: "d", name: "issue_comment", payload } as never);
  });
});

describe("several commands in one comment", () => {
  test("run in order, one reply, both reactions when one is refused", async () => {
    const mocks = commandScope().permission().reply().react("rocket").react("confused");
    const file = new FakeFile("batch-control.json", fixture);
    await deliver("/stop npm\n/stop nope\n/stop pypi");
    expect(JSON.parse(file.text!).disabled_ecosystems).toEqual(["npm", "pypi"]);
    const reply = mocks.replies[0]!;
    expect(reply.indexOf("`/stop npm`")).toBeLessThan(reply.indexOf("`/stop nope`"));
    expect(reply.indexOf("`/stop nope`")).toBeLessThan(reply.indexOf("`/stop pypi`"));
    expect(mocks.scope.isDone()).toBe(true);
  });
});

describe("invalid repository config", () => {
  test("the bot does nothing and says why (path → message)", async () => {
    const mocks = commandScope({ config: "permissions:\n  stop: owner\nstop_workflows: nope\n" }).reply().react("confused");
    await deliver("/stop npm");
    expect(mocks.replies[0]).toContain("😕 `.github/batch-ops.yml` is invalid, so batch-ops does nothing in this repository until it is fixed:");
    expect(mocks.replies[0]).toMatch(/- permissions\.stop → /);
    expect(mocks.replies[0]).toMatch(/- stop_workflows → /);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("YAML that does not parse is reported the same way", async () => {
    const mocks = commandScope({ config: "permissions: [unclosed\n" }).reply().react("confused");
    await deliver("/status");
    expect(mocks.replies[0]).toContain("`.github/batch-ops.yml` is invalid");
    expect(mocks.scope.isDone()).toBe(true);
  });
});

describe("GitHub failures", () => {
  test("a failed write replies with the error and leaves the file as it was", async () => {
    const mocks = commandScope().permission().reply().react("confused");
    mocks.scope
      .get(`${REPO_PATH}/contents/batch-control.json?ref=main`)
      .reply(200, { type: "file", encoding: "base64", sha: "abc", content: Buffer.from(fixture).toString("base64") });
    mocks.scope.put(`${REPO_PATH}/contents/batch-control.json`).reply(403, { message: "Resource not accessible by integration" });
    await deliver("/stop npm");
    expect(mocks.replies[0]).toContain(
      "❌ Failed: GitHub answered 403: Resource not accessible by integration. Nothing was written; run the command again.",
    );
    expect(nock(API).isDone()).toBe(true);
    expect(mocks.scope.isDone()).toBe(true);
  });
});

describe("the reply cannot be posted (issue locked, deleted or transferred)", () => {
  test.each([
    [403, "Unable to create comment because issue is locked."],
    [404, "Not Found"],
    [410, "This issue was deleted"],
  ])("%i: the change lands once, the delivery is handled, and a redelivery (same id) changes nothing", async (status, message) => {
    const probot = testProbot(testDeps());
    const mocks = commandScope().permission().react("rocket");
    const posted: string[] = [];
    mocks.scope.post(`${REPO_PATH}/issues/1/comments`, (body: { body: string }) => (posted.push(body.body), true)).reply(status, { message });
    const file = new FakeFile("batch-control.json", fixture);
    await expect(deliver("/stop npm", { id: "locked" }, probot)).resolves.toBeUndefined();
    expect(file.commits).toHaveLength(1);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain("✅ Disabled npm");
    // GitHub's "Redeliver" reuses the id: nothing more happens (no mock is left for a second call).
    await deliver("/stop npm", { id: "locked" }, probot);
    expect(file.commits).toHaveLength(1);
    expect(JSON.parse(file.text!).disabled_ecosystems).toEqual(["npm"]);
    expect(mocks.scope.isDone()).toBe(true);
  });
});

describe("a refusal on a locked issue", () => {
  test("someone else's edit: the refusal cannot be posted, the delivery is still handled and stays claimed", async () => {
    const probot = testProbot(testDeps());
    const scope = mockInstallationToken(nock(API));
    scope.post(`${REPO_PATH}/issues/1/comments`).reply(403, { message: "Unable to create comment because issue is locked." });
    scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`, { content: "confused" }).reply(201, {});
    const payload = commentPayload("/stop all", { action: "edited", from: "", login: "alice" });
    payload.sender.login = "mallory";
    await expect(probot.receive({ id: "locked-edit", name: "issue_comment", payload } as never)).resolves.toBeUndefined();
    await probot.receive({ id: "locked-edit", name: "issue_comment", payload } as never);
    expect(scope.isDone()).toBe(true);
  });
});

describe("where the commands act and link", () => {
  test("a default branch that is not main (trunk) on an Enterprise host: every read and write goes to it, links use the payload's host", async () => {
    const GHE = "https://ghe.example.com/Codertocat/Hello-World";
    const mocks = commandScope({ workflows: false }).permission().reply().react("rocket");
    const again = commandScope({ workflows: false }).permission().reply().react("+1");
    mocks.scope.get(`${REPO_PATH}/contents/.github%2Fworkflows`).query({ ref: "trunk" }).twice().reply(404, { message: "Not Found" });
    let text = fixture;
    const reads: string[] = [];
    mocks.scope
      .get(`${REPO_PATH}/contents/batch-control.json`)
      .query((q) => (reads.push(String(q.ref)), q.ref === "trunk"))
      .times(2)
      .reply(() => [
        200,
        { type: "file", encoding: "base64", sha: `sha-${text.length}`, size: text.length, content: Buffer.from(text).toString("base64") },
      ]);
    const branches: string[] = [];
    mocks.scope
      .put(`${REPO_PATH}/contents/batch-control.json`, (body: { branch: string; content: string }) => {
        branches.push(body.branch);
        text = Buffer.from(body.content, "base64").toString("utf8");
        return true;
      })
      .reply(200, { content: { sha: "new" }, commit: { sha: "c0ffee1234567", html_url: `${GHE}/commit/c0ffee1234567` } });
    const payload = commentPayload("/stop npm");
    payload.repository.default_branch = "trunk";
    payload.repository.html_url = GHE;
    await testProbot().receive({ id: "trunk-1", name: "issue_comment", payload } as never);
    await testProbot().receive({ id: "trunk-2", name: "issue_comment", payload } as never);
    expect(branches).toEqual(["trunk"]);
    expect(reads).toEqual(["trunk", "trunk"]);
    expect(mocks.replies[0]).toContain(`commit [\`c0ffee1\`](${GHE}/commit/c0ffee1234567)`);
    expect(again.replies[0]).toContain(`[Current \`batch-control.json\`](${GHE}/blob/trunk/batch-control.json)`);
    expect(mocks.scope.isDone()).toBe(true);
    expect(again.scope.isDone()).toBe(true);
  });

  test("a comment on a pull request (issue.pull_request set) runs its commands and replies on the conversation", async () => {
    const mocks = commandScope().permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    const payload = commentPayload("Rolling back.\r\n\r\n/stop npm\r\n");
    payload.issue.pull_request = { url: `${API}${REPO_PATH}/pulls/1`, html_url: "https://github.com/Codertocat/Hello-World/pull/1" };
    payload.issue.html_url = "https://github.com/Codertocat/Hello-World/pull/1";
    await testProbot().receive({ id: "pr-comment", name: "issue_comment", payload } as never);
    expect(JSON.parse(file.text!).disabled_ecosystems).toEqual(["npm"]);
    expect(file.commits[0]!.message).toContain("incident_url: https://github.com/Codertocat/Hello-World/pull/1");
    expect(mocks.replies).toHaveLength(1);
    expect(mocks.scope.isDone()).toBe(true);
  });
});
