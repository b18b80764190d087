import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { readFileSync } from "node:fs";
import { API, examplePayload, mockInstallationToken, OWNER, REPO, REPO_PATH, testProbot } from "../helpers/index.js";
import { APP_ID, APP_SLUG, BOT, FakeIssues, FakeLargeFile, repoRef, type FakeIssue } from "../helpers/seeding.js";
import { renderReviewIssue } from "../../src/seeding/review-issue.js";
import { acceptCases, REVIEW_ISSUE_URL, REVIEWER } from "../shared/accept-cases.js";

const realQueue = readFileSync(new URL("../fixtures/priority-queue.tsuku.json", import.meta.url), "utf8");
const QUEUE = "data/queues/priority-queue.json";
const ALICE = { login: "alice", id: 5, type: "User" };

/** The real Bootstrap Phase B review of `exa`, as the app opens it. */
function reviewIssue(issues: FakeIssues, pkg = "exa", old = "homebrew:exa", next = "crates.io:exa"): FakeIssue {
  const { title, body } = renderReviewIssue(
    { package: pkg, old, new: next, priority: 2, autoAccepted: false },
    {
      repo: repoRef,
      run: { id: 17, url: "https://github.com/x/actions/runs/17" },
      queueFile: QUEUE,
      auditDir: "data/disambiguations/audit",
      acceptLevel: "write",
      rejectLevel: "write",
    },
  );
  return issues.add({ title, body, labels: ["seeding:review"] });
}

function closedPayload(issue: FakeIssue, reason: string | null, sender: { login: string; id: number; type: string } = ALICE) {
  const payload = examplePayload("issues", "reopened");
  payload.action = "closed";
  payload.issue = { ...payload.issue, ...issue, state: "closed", state_reason: reason, labels: issue.labels.map((name) => ({ name })) };
  payload.sender = { ...payload.sender, ...sender };
  payload.repository.default_branch = "main";
  payload.installation = { id: 2, node_id: "x" };
  return payload;
}

/** GET /app once per Probot (the identity is cached), token, no config file, and the closer's permission. */
function eventScope(options: { permission?: string; identity?: boolean; config?: string; login?: string; token?: boolean } = {}) {
  const scope = nock(API);
  if (options.identity !== false) scope.get("/app").reply(200, { id: APP_ID, slug: APP_SLUG, name: "batch-ops" });
  if (options.token !== false) mockInstallationToken(scope);
  if (options.config === undefined) {
    scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
    // The owner-wide fallback, once found missing, is not asked again for a minute (github/repeat-reads.ts).
    scope.get(`/repos/${OWNER}/.github/contents/.github%2Fbatch-ops.yml`).optionally().reply(404, { message: "Not Found" });
  } else {
    scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(200, options.config);
  }
  if (options.permission !== undefined) {
    scope
      .get(`${REPO_PATH}/collaborators/${options.login ?? "alice"}/permission`)
      .reply(200, { permission: options.permission, role_name: options.permission });
  }
  return scope;
}

let issues: FakeIssues;
const queues: FakeLargeFile[] = [];
let probot: ReturnType<typeof testProbot>;
beforeEach(() => {
  nock.disableNetConnect();
  issues = new FakeIssues();
  probot = testProbot();
});
afterEach(() => {
  // Every one-off mock was used; the fakes (issues, the queue file) persist by design.
  const fake = new Set([...issues.scope.pendingMocks(), ...queues.flatMap((q) => q.scope.pendingMocks())]);
  const leftover = nock.pendingMocks().filter((m) => !fake.has(m));
  queues.length = 0;
  nock.cleanAll();
  nock.enableNetConnect();
  expect(leftover).toEqual([]);
});

function queueFile(text: string): FakeLargeFile {
  const file = new FakeLargeFile(QUEUE, text, nock(API));
  queues.push(file);
  return file;
}

function close(payload: unknown, id = `d-${Math.random()}`) {
  return probot.receive({ id, name: "issues", payload } as never);
}

/** Indexes of the lines that differ (same line count). */
function changedLines(before: string, after: string): number[] {
  const a = before.split("\n");
  const b = after.split("\n");
  expect(b.length).toBe(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [i]));
}

describe("closing a seeding:review issue as completed accepts it", () => {
  test("one commit to the 1.4 MB queue (read through the blob API), only the entry's lines, and the commit linked", async () => {
    const queue = queueFile(realQueue);
    const issue = reviewIssue(issues);
    eventScope({ permission: "write" });
    await close(closedPayload(issue, "completed"));

    expect(queue.blobReads).toBe(1);
    expect(queue.commits).toHaveLength(1);
    const commit = queue.commits[0]!;
    expect(commit.message).toBe(
      [
        "chore(batch): accept source change for exa",
        "",
        "old: homebrew:exa",
        "new: crates.io:exa",
        "reviewed_by: alice",
        `issue: ${issue.html_url}`,
      ].join("\n"),
    );
    const lines = commit.text.split("\n");
    expect(changedLines(realQueue, commit.text).map((i) => lines[i])).toEqual([
      '      "source": "crates.io:exa",',
      '      "confidence": "curated",',
      '      "disambiguated_at": "2026-11-27T10:00:00Z",',
      '      "failure_count": 0,',
      '      "next_retry_at": null',
    ]);
    // Still exactly the pipeline's own layout: the queue as `JSON.stringify(queue, null, 2)` plus a newline.
    expect(commit.text).toBe(JSON.stringify(JSON.parse(commit.text), null, 2) + "\n");
    expect(issues.comments).toHaveLength(1);
    expect(issues.comments[0]!.body).toContain(`✅ Accepted by @alice: \`exa\` now uses \`crates.io:exa\` (was \`homebrew:exa\`)`);
    expect(issues.comments[0]!.body).toContain(`(https://github.com/${OWNER}/${REPO}/commit/${commit.sha})`);
    expect(issue.state).toBe("open"); // the fake only changes on PATCH: nothing reopened it
    expect(issue.labels).toEqual(["seeding:review"]);
  });

  test("the label exists in another case (`Seeding:Review`: GitHub's label names ignore case): still accepted", async () => {
    const queue = queueFile(realQueue);
    const issue = reviewIssue(issues);
    issue.labels = ["Seeding:Review"];
    eventScope({ permission: "write" });
    await close(closedPayload(issue, "completed"));
    expect(queue.commits).toHaveLength(1);
    expect(issues.comments[0]!.body).toContain("✅ Accepted by @alice");
  });

  test("closed without a reason (GitHub's default close) also accepts", async () => {
    const queue = queueFile(realQueue);
    eventScope({ permission: "admin" });
    await close(closedPayload(reviewIssue(issues), null));
    expect(queue.commits).toHaveLength(1);
  });

  test("reopened and closed again: no second commit", async () => {
    const queue = queueFile(realQueue);
    const issue = reviewIssue(issues);
    eventScope({ permission: "write" });
    await close(closedPayload(issue, "completed"));
    eventScope({ permission: "write", identity: false, token: false });
    await close(closedPayload(issue, "completed"));
    expect(queue.commits).toHaveLength(1);
    expect(issues.comments[1]!.body).toBe(
      `👍 Nothing to commit: the entry for \`exa\` already has the source \`crates.io:exa\` (accepted earlier). \`${QUEUE}\` was not changed again.`,
    );
  });

  test("the entry's source changed since: conflict, nothing written, labelled seeding:conflict", async () => {
    const queue = queueFile(realQueue.replace('"source": "homebrew:exa"', '"source": "github:ogham/exa"'));
    const issue = reviewIssue(issues);
    eventScope({ permission: "write" });
    await close(closedPayload(issue, "completed"));
    expect(queue.commits).toEqual([]);
    expect(issue.labels).toEqual(["seeding:review", "seeding:conflict"]);
    expect(issues.labels.get("seeding:conflict")?.color).toBe("b60205");
    expect(issues.comments[0]!.body).toContain(
      "⚠️ Not applied: the entry's source is now `github:ogham/exa`, not the proposed old source `homebrew:exa`.",
    );
  });

  test("the entry is gone: conflict", async () => {
    const queue = queueFile(realQueue);
    const issue = reviewIssue(issues, "no-such-tool", "homebrew:no-such-tool", "npm:no-such-tool");
    eventScope({ permission: "write" });
    await close(closedPayload(issue, "completed"));
    expect(queue.commits).toEqual([]);
    expect(issue.labels).toContain("seeding:conflict");
    expect(issues.comments[0]!.body).toContain("the queue has no entry named `no-such-tool` any more");
  });

  test("the queue file is not valid JSON: nothing written, reopened to decide again later", async () => {
    const queue = queueFile(realQueue.slice(0, 5000));
    const issue = reviewIssue(issues);
    eventScope({ permission: "write" });
    await close(closedPayload(issue, "completed"));
    expect(queue.commits).toEqual([]);
    expect(issue.state).toBe("open");
    expect(issues.comments[0]!.body).toMatch(/cannot be edited safely: the queue file is not valid JSON .*Reopened\.$/);
  });

  test("the change record was edited out of the body: nothing changes, and it says so", async () => {
    const issue = reviewIssue(issues);
    issue.body = "just text";
    eventScope({ permission: "write" });
    await close(closedPayload(issue, "completed"));
    expect(issues.comments[0]!.body).toContain("😕 Cannot apply this decision: the issue body no longer holds the batch-ops change record");
    expect(issue.labels).toEqual(["seeding:review"]);
  });

  test("the change record altered so it no longer matches the table the reviewer read: refused, the queue not even read", async () => {
    const issue = reviewIssue(issues);
    issue.body = issue.body.replace('"new":"crates.io:exa"', '"new":"github:someone/exa"') + "\r\n\r\nEdited: *looks fine*";
    eventScope({ permission: "write" });
    await close(closedPayload(issue, "completed"));
    expect(issues.comments).toHaveLength(1);
    expect(issues.comments[0]!.body).toContain("😕 Cannot apply this decision: the issue body was edited");
    expect(issues.comments[0]!.body).toContain("Nothing was changed");
    expect(issues.calls.filter((c) => !c.startsWith("POST /issues/") || !c.endsWith("/comments"))).toEqual([]);
    expect(issue.labels).toEqual(["seeding:review"]);
  });

  test("GitHub failing the write: nothing written, reopened, the error quoted", async () => {
    const queue = queueFile(realQueue);
    queue.failWritesWith = 500;
    const issue = reviewIssue(issues);
    eventScope({ permission: "write" });
    await close(closedPayload(issue, "completed"));
    expect(queue.commits).toEqual([]);
    expect(issue.state).toBe("open");
    expect(issues.comments[0]!.body).toMatch(/^❌ Failed to accept: .*Nothing was written; reopened so it can be closed again\.$/);
  });
});

describe("closing as not planned rejects it", () => {
  test.each(["not_planned", "duplicate"])("%s: queue unchanged (not even read), labelled seeding:rejected", async (reason) => {
    const issue = reviewIssue(issues);
    eventScope({ permission: "write" });
    await close(closedPayload(issue, reason));
    expect(issue.labels).toEqual(["seeding:review", "seeding:rejected"]);
    expect(issues.comments[0]!.body).toBe(
      `👍 Rejected by @alice: \`${QUEUE}\` was not changed (\`exa\` is not switched to \`crates.io:exa\`). Labelled \`seeding:rejected\`.`,
    );
  });
});

describe("who may decide", () => {
  test("a close by someone without write permission is reopened; nothing changes", async () => {
    const queue = queueFile(realQueue);
    const issue = reviewIssue(issues);
    eventScope({ permission: "triage" });
    await close(closedPayload(issue, "completed"));
    expect(queue.commits).toEqual([]);
    expect(issue.state).toBe("open");
    expect(issues.comments[0]!.body).toBe(
      "😕 @alice needs **write** permission on this repository to accept a source change (has: triage), so this issue was reopened. Nothing was changed.",
    );
  });

  test("the configured permission for rejecting applies", async () => {
    const issue = reviewIssue(issues);
    eventScope({ permission: "write", config: "permissions:\n  reject: maintain\n" });
    await close(closedPayload(issue, "not_planned"));
    expect(issue.state).toBe("open");
    expect(issue.labels).toEqual(["seeding:review"]);
    expect(issues.comments[0]!.body).toContain("needs **maintain** permission on this repository to reject");
  });

  test("a failed permission lookup fails closed", async () => {
    const issue = reviewIssue(issues);
    const scope = eventScope();
    scope.get(`${REPO_PATH}/collaborators/alice/permission`).reply(500, { message: "oops" });
    await close(closedPayload(issue, "completed"));
    expect(issue.state).toBe("open");
    expect(issues.comments[0]!.body).toContain("(has: none)");
  });

  test("an invalid config reopens and explains", async () => {
    const issue = reviewIssue(issues);
    eventScope({ config: "seeding:\n  max_issues_per_run: lots\n" });
    await close(closedPayload(issue, "completed"));
    expect(issue.state).toBe("open");
    expect(issues.comments[0]!.body).toContain("seeding.max_issues_per_run");
  });
});

describe("issues that are not this app's review issues are left alone", () => {
  test("no seeding:review label: not even the app identity is asked", async () => {
    const issue = issues.add({ title: "bug", body: "", labels: ["bug"] });
    await close(closedPayload(issue, "completed"));
    expect(issues.calls).toEqual([]);
  });

  test("a seeding:review issue a person opened", async () => {
    const issue = issues.add({ title: "review: source change for exa", body: reviewIssue(issues).body, labels: ["seeding:review"], user: ALICE });
    const scope = nock(API).get("/app").reply(200, { id: APP_ID, slug: APP_SLUG });
    await close(closedPayload(issue, "completed"));
    expect(issues.calls).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  test("an issue opened by another app with the same label", async () => {
    const issue = reviewIssue(issues);
    issue.user = { login: "other-bot[bot]", id: 77, type: "Bot" };
    issue.performed_via_github_app = { id: 999, slug: "other-bot" };
    nock(API).get("/app").reply(200, { id: APP_ID, slug: APP_SLUG });
    await close(closedPayload(issue, "completed"));
    expect(issues.calls).toEqual([]);
  });

  test("the app's own close (after /accept or /reject) is not handled twice", async () => {
    const issue = reviewIssue(issues);
    nock(API).get("/app").reply(200, { id: APP_ID, slug: APP_SLUG });
    await close(closedPayload(issue, "completed", BOT));
    expect(issues.calls).toEqual([]);
  });

  test("the identity lookup failing is not remembered: the next event asks again", async () => {
    const issue = reviewIssue(issues);
    nock(API).get("/app").reply(500, { message: "down" });
    await expect(close(closedPayload(issue, "completed"))).rejects.toThrow();
    const queue = queueFile(realQueue);
    eventScope({ permission: "write" });
    await close(closedPayload(issue, "completed"));
    expect(queue.commits).toHaveLength(1);
  });
});

describe("the shared accept table (the CLI suite runs it with `queue accept --old --issue`)", () => {
  test.each(acceptCases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const queue = queueFile(c.queue);
    const issue = reviewIssue(issues, c.package, c.old, c.new);
    expect(issue.html_url).toBe(REVIEW_ISSUE_URL);
    eventScope({ permission: "write", login: REVIEWER });
    await close(closedPayload(issue, "completed", { ...ALICE, login: REVIEWER }));

    const comment = issues.comments[0]!.body;
    if (c.expected.kind === "committed") {
      expect(queue.commits).toHaveLength(1);
      expect(queue.commits[0]!.text).toBe(c.expected.text);
      expect(queue.commits[0]!.message).toBe(c.expected.message.join("\n"));
      expect(comment).toContain("✅ Accepted by @alice");
    } else {
      expect(queue.commits).toEqual([]);
      expect(queue.text).toBe(c.queue);
      if (c.expected.kind === "unchanged") expect(comment).toContain("👍 Nothing to commit");
      else {
        expect(comment.replace(/`/g, "")).toContain(c.expected.says);
        expect(issue.labels).toContain("seeding:conflict");
      }
    }
  });
});
