import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { readFileSync } from "node:fs";
import { API, COMMENT_ID, commentPayload, examplePayload, mockInstallationToken, OWNER, REPO_PATH, testProbot } from "../helpers/index.js";
import { APP_ID, APP_SLUG, BOT, FakeIssues, FakeLargeFile, repoRef, type FakeIssue } from "../helpers/seeding.js";
import { renderReviewIssue } from "../../src/seeding/review-issue.js";

const realQueue = readFileSync(new URL("../fixtures/priority-queue.tsuku.json", import.meta.url), "utf8");
const QUEUE = "data/queues/priority-queue.json";

let issues: FakeIssues;
let queue: FakeLargeFile;
let probot: ReturnType<typeof testProbot>;
beforeEach(() => {
  nock.disableNetConnect();
  issues = new FakeIssues();
  queue = new FakeLargeFile(QUEUE, realQueue, nock(API));
  probot = testProbot();
});
afterEach(() => {
  const fake = new Set([...issues.scope.pendingMocks(), ...queue.scope.pendingMocks()]);
  const leftover = nock.pendingMocks().filter((m) => !fake.has(m));
  nock.cleanAll();
  nock.enableNetConnect();
  expect(leftover).toEqual([]);
});

const review = renderReviewIssue(
  { package: "exa", old: "homebrew:exa", new: "crates.io:exa", priority: 2, autoAccepted: false },
  {
    repo: repoRef,
    run: { id: 17, url: "https://github.com/x/actions/runs/17" },
    queueFile: QUEUE,
    auditDir: "data/disambiguations/audit",
    acceptLevel: "write",
    rejectLevel: "write",
  },
);

/** Issue #1 (the number commentPayload comments on): the app's review issue for `exa`. */
function reviewIssue(): FakeIssue {
  return issues.add({ ...review, labels: ["seeding:review"] });
}

/** Token, 👀, no config, the commenter's permission, and the closing reaction. */
function commandScope(options: { permission?: string; identity?: boolean; react?: "rocket" | "confused" | null } = {}) {
  const scope = nock(API);
  mockInstallationToken(scope);
  scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`, { content: "eyes" }).reply(201, {});
  scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
  scope.get(`/repos/${OWNER}/.github/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
  scope
    .get(`${REPO_PATH}/collaborators/alice/permission`)
    .reply(200, { permission: options.permission ?? "write", role_name: options.permission ?? "write" });
  if (options.identity !== false) scope.get("/app").reply(200, { id: APP_ID, slug: APP_SLUG });
  if (options.react !== null)
    scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`, { content: options.react ?? "rocket" }).reply(201, {});
  return scope;
}

function comment(body: string) {
  return probot.receive({ id: `c-${Math.random()}`, name: "issue_comment", payload: commentPayload(body) } as never);
}

describe("/accept", () => {
  test("applies the change (one commit, reviewed by the commenter), closes as completed, replies with the commit", async () => {
    const issue = reviewIssue();
    commandScope();
    await comment("Checked the audit log, crates.io is right.\n\n/accept");
    expect(queue.commits).toHaveLength(1);
    expect(queue.commits[0]!.message).toContain("reviewed_by: alice\nissue: https://github.com/Codertocat/Hello-World/issues/1");
    expect(issue.state).toBe("closed");
    expect(issue.state_reason).toBe("completed");
    expect(issues.comments).toHaveLength(1);
    expect(issues.comments[0]!.body).toContain("✅ Accepted by @alice: `exa` now uses `crates.io:exa`");
  });

  test("the label in another case (`SEEDING:REVIEW`: GitHub's label names ignore case) is the same label", async () => {
    const issue = issues.add({ ...review, labels: ["SEEDING:REVIEW"] });
    commandScope();
    await comment("/accept");
    expect(queue.commits).toHaveLength(1);
    expect(issue.state).toBe("closed");
  });

  test("the close event that follows, sent by the app itself, changes nothing more", async () => {
    const issue = reviewIssue();
    commandScope();
    await comment("/accept");
    const closed = examplePayload("issues", "reopened");
    closed.action = "closed";
    closed.issue = { ...closed.issue, ...issue, labels: issue.labels.map((name) => ({ name })) };
    closed.sender = { ...closed.sender, ...BOT };
    closed.installation = { id: 2 };
    const calls = issues.calls.length;
    await probot.receive({ id: "closed-by-app", name: "issues", payload: closed } as never);
    expect(issues.calls.length).toBe(calls);
    expect(queue.commits).toHaveLength(1);
  });

  test("on a conflict it still closes like a close would, labelled seeding:conflict", async () => {
    queue.text = realQueue.replace('"source": "homebrew:exa"', '"source": "github:ogham/exa"');
    const issue = reviewIssue();
    const reactions: string[] = [];
    commandScope({ react: null })
      .post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`, (body: { content: string }) => (reactions.push(body.content), true))
      .reply(201, {});
    await comment("/accept");
    expect(reactions).toEqual(["confused"]);
    expect(queue.commits).toEqual([]);
    expect(issue.labels).toContain("seeding:conflict");
    expect(issue.state).toBe("closed");
    expect(issues.comments[0]!.body).toContain("⚠️ Not applied");
  });

  test("needs write permission", async () => {
    const issue = reviewIssue();
    commandScope({ permission: "triage", identity: false, react: "confused" });
    await comment("/accept");
    expect(queue.commits).toEqual([]);
    expect(issue.state).toBe("open");
    expect(issues.comments[0]!.body).toContain("needs **write** permission");
  });

  test("on an issue that is not a seeding review: refused, nothing changed", async () => {
    issues.add({ title: "Something else", body: "", labels: ["bug"] });
    commandScope({ identity: false, react: "confused" });
    await comment("/accept");
    expect(queue.commits).toEqual([]);
    expect(issues.issue(1)!.state).toBe("open");
    expect(issues.comments[0]!.body).toContain("works only on a `seeding:review` issue opened by batch-ops");
  });

  test("on a seeding:review issue a person opened: refused", async () => {
    issues.add({ ...review, labels: ["seeding:review"], user: { login: "mallory", id: 6, type: "User" } });
    commandScope({ react: "confused" });
    await comment("/accept");
    expect(queue.commits).toEqual([]);
    expect(issues.comments[0]!.body).toContain("was not opened by batch-ops");
  });

  test("on a closed review issue: refused until it is reopened", async () => {
    const issue = reviewIssue();
    issue.state = "closed";
    issue.state_reason = "not_planned";
    commandScope({ react: "confused" });
    await comment("/accept");
    expect(queue.commits).toEqual([]);
    expect(issues.comments[0]!.body).toContain("already closed (not_planned). Reopen it first");
  });
});

describe("/reject", () => {
  test("leaves the queue alone, labels seeding:rejected, closes as not planned", async () => {
    const issue = reviewIssue();
    commandScope();
    await comment("/reject wrong crate, exa is unmaintained");
    expect(queue.commits).toEqual([]);
    expect(queue.blobReads).toBe(0);
    expect(issue.state).toBe("closed");
    expect(issue.state_reason).toBe("not_planned");
    expect(issue.labels).toEqual(["seeding:review", "seeding:rejected"]);
    expect(issues.comments[0]!.body).toContain("👍 Rejected by @alice");
  });
});

describe("/help", () => {
  test("lists /accept and /reject with their permission", async () => {
    const scope = nock(API);
    mockInstallationToken(scope);
    scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`, { content: "eyes" }).reply(201, {});
    scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(404, {});
    scope.get(`/repos/${OWNER}/.github/contents/.github%2Fbatch-ops.yml`).reply(404, {});
    scope.get(`${REPO_PATH}/collaborators/alice/permission`).reply(200, { permission: "read", role_name: "read" });
    reviewIssue();
    await comment("/help");
    expect(issues.comments[0]!.body).toMatch(/\| `\/accept` \| On a `seeding:review` issue this app opened: .* \| write \|/);
    expect(issues.comments[0]!.body).toMatch(/\| `\/reject` \| .* \| write \|/);
  });
});
