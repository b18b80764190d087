import { beforeEach, describe, expect, test } from "@jest/globals";
import type nock from "nock";
import type { Probot } from "probot";
import { REPO_PATH, testDeps, testProbot } from "../helpers/index.js";
import { TSUKU_CONTROL } from "../helpers/batch-run.js";
import { FakeIssues } from "../helpers/seeding.js";
import {
  apiPull,
  BOT_LOGIN,
  forbidRewrites,
  HTML,
  mockCommitPulls,
  mockFileAt,
  mockParents,
  pushPayload,
  securityScope,
  type TestCommit,
} from "../helpers/security.js";
import { incidentMarker } from "../../src/incidents/issue-spec.js";

const MALLORY = { login: "mallory", type: "User" };
const ACTIONS = { login: "github-actions[bot]", type: "Bot" };
const APP = { login: BOT_LOGIN, type: "Bot" };
const SHA = (c: string) => c.repeat(40);

let issues: FakeIssues;
let rewrites: ReturnType<typeof forbidRewrites>;
beforeEach(() => {
  issues = new FakeIssues();
  rewrites = forbidRewrites();
});

function deliver(probot: Probot, commits: TestCommit[], sender: { login: string; type: string }, id = "push-1", ref = "refs/heads/main") {
  return probot.receive({ id, name: "push", payload: pushPayload(commits, sender, ref) } as never);
}

/** The tsuku control file with `edit` applied, written the pipeline's way. */
function control(edit: (c: any) => void = () => {}): string {
  const c = JSON.parse(TSUKU_CONTROL);
  edit(c);
  return JSON.stringify(c, null, 2) + "\n";
}

function commentScope(scope: nock.Scope, sha: string, bodies: string[]) {
  return scope
    .post(`${REPO_PATH}/commits/${sha}/comments`, (b: { body: string }) => (bodies.push(b.body), true))
    .reply(201, { id: 1, html_url: `${HTML}/commit/${sha}#commitcomment-1` });
}

describe("recipe files changed on the default branch", () => {
  test("a direct push (the runbook's `Update cmake.toml`) opens one High incident listing commit, author and files; nothing is stopped or reverted", async () => {
    const scope = securityScope();
    mockCommitPulls(scope, SHA("a"), []);
    await deliver(
      testProbot(),
      [{ sha: SHA("a"), message: "Update cmake.toml", modified: ["recipes/c/cmake.toml", "README.md"], added: ["recipes/n/ninja.toml"] }],
      MALLORY,
    );

    const incidents = issues.withLabel("batch-ops:incident");
    expect(incidents).toHaveLength(1);
    const incident = incidents[0]!;
    expect(incident.title).toBe("Security: recipe files changed outside batches and pull requests");
    expect(incident.labels).toEqual(["batch-ops:incident", "severity:high"]);
    expect(incident.body).toContain(`#### [\`aaaaaaa\`](${HTML}/commit/${SHA("a")}) Update cmake.toml (2026-11-27T09:30:00Z)`);
    expect(incident.body).toContain("authored by mallory \\<mallory@​example.com\\>, pushed by `mallory`");
    expect(incident.body).toContain("- Why: neither a batch commit nor part of a merged pull request");
    expect(incident.body).toContain("- Files: modified `recipes/c/cmake.toml`, added `recipes/n/ninja.toml`");
    expect(incident.body).not.toContain("README");
    expect(incident.body).toContain(incidentMarker("security:recipes"));
    expect(issues.comments).toEqual([]);
    expect(rewrites.requests).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("later suspicious pushes are added to the open incident; a redelivery after a restart adds nothing", async () => {
    const scope = securityScope();
    mockCommitPulls(scope, SHA("a"), []);
    mockCommitPulls(scope, SHA("b"), []);
    const probot = testProbot();
    await deliver(probot, [{ sha: SHA("a"), message: "Update cmake.toml", modified: ["recipes/c/cmake.toml"] }], MALLORY);
    await deliver(probot, [{ sha: SHA("b"), message: "tweak gh", removed: ["recipes/g/gh.toml"] }], MALLORY, "push-2");

    const incidents = issues.withLabel("batch-ops:incident");
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.body).toContain("Update cmake.toml");
    expect(incidents[0]!.body).toContain("- Files: removed `recipes/g/gh.toml`");
    expect(issues.comments).toHaveLength(1);
    expect(issues.comments[0]!.body).toContain("➕ More recipe changes pushed directly to `main`:");
    expect(issues.comments[0]!.body).toContain("tweak gh");
    expect(issues.comments[0]!.body).not.toContain("Update cmake.toml");

    // A new process receives the second push again: the incident already lists it.
    const again = securityScope();
    mockCommitPulls(again, SHA("b"), []);
    const body = incidents[0]!.body;
    await deliver(testProbot(testDeps()), [{ sha: SHA("b"), message: "tweak gh", removed: ["recipes/g/gh.toml"] }], MALLORY, "push-2");
    expect(issues.withLabel("batch-ops:incident")[0]!.body).toBe(body);
    expect(issues.comments).toHaveLength(1);
    expect(rewrites.requests).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
    expect(again.pendingMocks()).toEqual([]);
  });

  test("a batch commit pushed by the pipeline needs no lookup and is fine", async () => {
    const scope = securityScope();
    await deliver(
      testProbot(),
      [
        {
          sha: SHA("c"),
          message: "feat(recipes): add batch 2026-11-27 recipes\n\nbatch_id: 2026-11-27\nbatch_size: 1",
          added: ["recipes/t/task.toml"],
        },
      ],
      ACTIONS,
    );
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("the squash merge of a batch pull request (its trailer dropped) is fine", async () => {
    const scope = securityScope();
    mockCommitPulls(scope, SHA("d"), [apiPull({ number: 2382, head: "batch/20261127-093000", merged: true, mergeSha: SHA("d") })]);
    await deliver(
      testProbot(),
      [{ sha: SHA("d"), message: "feat(recipes): add batch recipes (1 recipes) (#2382)", added: ["recipes/s/solargraph.toml"] }],
      MALLORY,
    );
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("part of another merged pull request is fine", async () => {
    const scope = securityScope();
    mockCommitPulls(scope, SHA("e"), [apiPull({ number: 12, head: "fix-cmake", merged: true })]);
    await deliver(testProbot(), [{ sha: SHA("e"), message: "Fix cmake url", modified: ["recipes/c/cmake.toml"] }], MALLORY);
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("just after a merge GitHub may not list the pull request yet: the one named in the squash subject is checked", async () => {
    const scope = securityScope();
    mockCommitPulls(scope, SHA("f"), []);
    scope.get(`${REPO_PATH}/pulls/12`).reply(200, apiPull({ number: 12, head: "fix-cmake", merged: true, mergeSha: SHA("f") }));
    await deliver(testProbot(), [{ sha: SHA("f"), message: "Fix cmake url (#12)", modified: ["recipes/c/cmake.toml"] }], MALLORY);
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a subject naming a pull request that did not merge this commit is a direct push", async () => {
    const scope = securityScope();
    mockCommitPulls(scope, SHA("f"), [apiPull({ number: 13, head: "wip", merged: false })]);
    scope.get(`${REPO_PATH}/pulls/12`).reply(200, apiPull({ number: 12, head: "fix-cmake", merged: true, mergeSha: SHA("9") }));
    await deliver(testProbot(), [{ sha: SHA("f"), message: "Update cmake.toml (#12)", modified: ["recipes/c/cmake.toml"] }], MALLORY);
    expect(issues.withLabel("batch-ops:incident")).toHaveLength(1);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a `batch_id:` line typed by a person does not make a batch commit", async () => {
    const scope = securityScope();
    mockCommitPulls(scope, SHA("7"), []);
    await deliver(
      testProbot(),
      [{ sha: SHA("7"), message: "Update cmake.toml\n\nbatch_id: 2026-11-27", modified: ["recipes/c/cmake.toml"] }],
      MALLORY,
    );
    expect(issues.withLabel("batch-ops:incident")[0]!.body).toContain(
      "- Why: carries a batch\\_id line but was pushed by a person, not the pipeline",
    );
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("pushes by this app, to other branches, or touching neither recipes nor the control file are not checked", async () => {
    const scope = securityScope();
    const probot = testProbot();
    const cmake = { sha: SHA("a"), message: "Update cmake.toml", modified: ["recipes/c/cmake.toml"], added: ["batch-control.json"] };
    await deliver(probot, [cmake], APP, "push-app");
    await deliver(probot, [cmake], MALLORY, "push-branch", "refs/heads/feature");
    await deliver(probot, [{ sha: SHA("b"), message: "docs", modified: ["README.md", "recipes-old/x.toml"] }], MALLORY, "push-docs");
    expect(issues.calls).toEqual([]);
    expect(rewrites.requests).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("security.check_pushes: false turns the checks off", async () => {
    const scope = securityScope({ config: "security: {check_pushes: false}\n", identity: false });
    await deliver(testProbot(), [{ sha: SHA("a"), message: "Update cmake.toml", modified: ["recipes/c/cmake.toml"] }], MALLORY);
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("without the app's identity the push is not judged: the delivery fails so it can be retried", async () => {
    const scope = securityScope({ identity: false });
    scope.get("/app").reply(500, { message: "down" });
    await expect(
      deliver(testProbot(), [{ sha: SHA("a"), message: "Update cmake.toml", modified: ["recipes/c/cmake.toml"] }], MALLORY),
    ).rejects.toThrow(/identity/);
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe("the control file changed by someone other than this app", () => {
  const PATH = "batch-control.json";

  test("invalid JSON: a High incident with the error, and the file is left as it is", async () => {
    const scope = securityScope();
    mockFileAt(scope, PATH, SHA("1"), '{\n  "enabled": false,\n}\n');
    await deliver(testProbot(), [{ sha: SHA("1"), message: "pause", modified: [PATH] }], MALLORY);
    const [incident] = issues.withLabel("batch-ops:incident");
    expect(incident!.title).toBe("Security: batch-control.json pushed invalid");
    expect(incident!.labels).toEqual(["batch-ops:incident", "severity:high"]);
    expect(incident!.body).toMatch(/- Errors:\n {2}- `\(root\) → not valid JSON: [^`]+`/);
    expect(incident!.body).toContain("batch-ops never reverts anything itself");
    expect(rewrites.requests).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("valid JSON breaking the schema is reported the same way", async () => {
    const scope = securityScope();
    mockFileAt(
      scope,
      PATH,
      SHA("1"),
      control((c) => (c.circuit_breaker.npm.state = "ajar")),
    );
    await deliver(testProbot(), [{ sha: SHA("1"), message: "x", modified: [PATH] }], MALLORY);
    expect(issues.withLabel("batch-ops:incident")[0]!.body).toContain("- `circuit_breaker.npm.state → Invalid option: expected one of");
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a breaker opened → closed without a success: a comment on the commit saying what and who, noted on the open incident", async () => {
    const scope = securityScope();
    const existing = issues.add({ title: "High: 4 of 6 ecosystems failing", body: "x", labels: ["batch-ops:incident", "severity:high"] });
    mockFileAt(
      scope,
      PATH,
      SHA("2"),
      control((c) => (c.circuit_breaker.homebrew = { state: "closed", failures: 0 })),
    );
    mockParents(scope, SHA("2"), [SHA("3")]);
    mockFileAt(scope, PATH, SHA("3"), TSUKU_CONTROL);
    mockCommitPulls(scope, SHA("2"), []);
    const comments: string[] = [];
    commentScope(scope, SHA("2"), comments);

    await deliver(
      testProbot(),
      [{ sha: SHA("2"), message: "reset homebrew", modified: [PATH], author: { name: "Mallory", email: "m@example.com" } }],
      MALLORY,
    );

    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain(
      "⚠️ **batch-ops: this commit changed `batch-control.json` in a way only the pipeline or batch-ops commands should.**",
    );
    expect(comments[0]).toContain(
      "- Breaker `homebrew` went from `open` with 957 failures straight to `closed` with 0 failures without a success being recorded",
    );
    expect(comments[0]).toContain("Changed by: authored by Mallory \\<m@​example.com\\>, pushed by `mallory`");
    expect(comments[0]).toContain("batch-ops reverted nothing: a person decides.");
    expect(issues.comments).toEqual([
      {
        issue: existing.number,
        body: expect.stringContaining(
          `⚠️ \`batch-control.json\` was changed outside batch-ops in [\`2222222\`](${HTML}/commit/${SHA("2")}), pushed by \`mallory\`:`,
        ),
      },
    ]);
    expect(issues.comments[0]!.body).toContain(`[Details on the commit](${HTML}/commit/${SHA("2")}#commitcomment-1). Nothing was reverted.`);
    expect(rewrites.requests).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("failures dropping without a success: a comment on the commit; no open incident to note it on", async () => {
    const scope = securityScope();
    mockFileAt(
      scope,
      PATH,
      SHA("2"),
      control((c) => (c.circuit_breaker.github.failures = 3)),
    );
    mockParents(scope, SHA("2"), [SHA("3")]);
    mockFileAt(scope, PATH, SHA("3"), TSUKU_CONTROL);
    mockCommitPulls(scope, SHA("2"), []);
    const comments: string[] = [];
    commentScope(scope, SHA("2"), comments);
    await deliver(testProbot(), [{ sha: SHA("2"), message: "trim", modified: [PATH] }], MALLORY);
    expect(comments[0]).toContain("- Breaker `github`: `failures` dropped 996 → 3 without a success");
    expect(issues.comments).toEqual([]);
    expect(issues.calls).toEqual(["GET /issues"]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a stop cleared without /resume, even inside a merged pull request", async () => {
    const scope = securityScope();
    const stopped = control((c) =>
      Object.assign(c, { enabled: false, reason: "Emergency stop: bad batch", disabled_by: "alice", disabled_at: "2026-11-27T08:00:00Z" }),
    );
    mockFileAt(scope, PATH, SHA("4"), TSUKU_CONTROL);
    mockParents(scope, SHA("4"), [SHA("5"), SHA("6")]);
    mockFileAt(scope, PATH, SHA("5"), stopped);
    mockCommitPulls(scope, SHA("4"), [apiPull({ number: 40, head: "unpause", merged: true })]);
    const comments: string[] = [];
    commentScope(scope, SHA("4"), comments);
    await deliver(testProbot(), [{ sha: SHA("4"), message: "Merge pull request #40 from o/unpause", modified: [PATH] }], MALLORY);
    expect(comments[0]).toContain(
      "- The emergency stop by `alice` at 2026-11-27T08:00:00Z (reason: Emergency stop: bad batch) was cleared (`enabled` false → true) without `/resume all`.",
    );
    expect(comments[0]).toContain("(the file before this commit is at `5555555`)");
    expect(rewrites.requests).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a batch pull request recording a success closes a breaker legally: no comment", async () => {
    const scope = securityScope();
    mockFileAt(
      scope,
      PATH,
      SHA("2"),
      control((c) => (c.circuit_breaker.homebrew = { ...c.circuit_breaker.homebrew, state: "closed", failures: 0 })),
    );
    mockParents(scope, SHA("2"), [SHA("3")]);
    mockFileAt(scope, PATH, SHA("3"), TSUKU_CONTROL);
    mockCommitPulls(scope, SHA("2"), [apiPull({ number: 2534, head: "batch/20261127-090000", merged: true, mergeSha: SHA("2") })]);
    await deliver(
      testProbot(),
      [{ sha: SHA("2"), message: "feat(recipes): add batch recipes (1 recipes) (#2534)", modified: [PATH], added: ["recipes/t/task.toml"] }],
      MALLORY,
    );
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("the control file deleted while stopped: the stop and every open breaker are reported", async () => {
    const scope = securityScope();
    mockParents(scope, SHA("2"), [SHA("3")]);
    mockFileAt(
      scope,
      PATH,
      SHA("3"),
      control((c) => (c.enabled = false)),
    );
    mockCommitPulls(scope, SHA("2"), []);
    const comments: string[] = [];
    commentScope(scope, SHA("2"), comments);
    await deliver(testProbot(), [{ sha: SHA("2"), message: "cleanup", removed: [PATH] }], MALLORY);
    expect(comments[0]).toContain("was cleared (`enabled` false → true) without `/resume all`");
    expect(comments[0]).toContain("Breaker `homebrew` was deleted (the pipeline reads a missing breaker as closed)");
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("when the previous version was itself invalid there is nothing to compare: no comment", async () => {
    const scope = securityScope();
    mockFileAt(scope, PATH, SHA("2"), TSUKU_CONTROL);
    mockParents(scope, SHA("2"), [SHA("3")]);
    mockFileAt(scope, PATH, SHA("3"), "{oops");
    await deliver(testProbot(), [{ sha: SHA("2"), message: "fix the file", modified: [PATH] }], MALLORY);
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("this app's own control-file commits are never judged", async () => {
    const scope = securityScope();
    await deliver(
      testProbot(),
      [{ sha: SHA("2"), message: "chore: re-enable batch processing\n\nreason: x\nrequested_by: alice", modified: [PATH] }],
      APP,
    );
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe("a force push to the default branch (history rewritten)", () => {
  const PATH = "batch-control.json";
  const stopped = control((c) =>
    Object.assign(c, { enabled: false, reason: "Emergency stop: bad batch", disabled_by: "alice", disabled_at: "2026-11-27T08:00:00Z" }),
  );

  /** A forced push from `before` to `after`, listing `commits` (none for a plain rewind). */
  function forcePush(probot: Probot, before: string, after: string, commits: TestCommit[] = []) {
    const payload = pushPayload(commits, MALLORY);
    Object.assign(payload, { forced: true, before, after });
    return probot.receive({ id: `force-${before}-${after}`, name: "push", payload } as never);
  }

  test("a rewind that undoes a stop lists no commit, and is still reported on the new head with who pushed it", async () => {
    const scope = securityScope();
    mockFileAt(scope, PATH, SHA("7"), stopped);
    mockFileAt(scope, PATH, SHA("8"), TSUKU_CONTROL);
    const comments: string[] = [];
    commentScope(scope, SHA("8"), comments);
    await forcePush(testProbot(), SHA("7"), SHA("8"));
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain(
      "⚠️ **batch-ops: a force push to `main` rewrote its history from `7777777` and undid changes to `batch-control.json`",
    );
    expect(comments[0]).toContain("- The emergency stop by `alice` at 2026-11-27T08:00:00Z (reason: Emergency stop: bad batch) was cleared");
    expect(comments[0]).toContain("Pushed by `mallory` (the account GitHub authenticated).");
    expect(comments[0]).toContain("restore the values the file had at `7777777`");
    expect(issues.calls).toEqual(["GET /issues"]);
    expect(rewrites.requests).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a rewritten history is compared from where its new commits start, and the new commits are checked as usual", async () => {
    const scope = securityScope();
    // The push replaced the old head 7 with 9 on top of 6: the file at 7 (stopped) against 6 (running).
    mockParents(scope, SHA("9"), [SHA("6")]);
    mockFileAt(scope, PATH, SHA("7"), stopped);
    mockFileAt(scope, PATH, SHA("6"), TSUKU_CONTROL);
    const comments: string[] = [];
    commentScope(scope, SHA("9"), comments);
    await forcePush(testProbot(), SHA("7"), SHA("9"), [{ sha: SHA("9"), message: "docs", modified: ["README.md"] }]);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain("was cleared (`enabled` false → true) without `/resume all`");
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a rewind that leaves the control file's state alone writes nothing", async () => {
    const scope = securityScope();
    mockFileAt(scope, PATH, SHA("7"), TSUKU_CONTROL);
    mockFileAt(scope, PATH, SHA("8"), TSUKU_CONTROL);
    await forcePush(testProbot(), SHA("7"), SHA("8"));
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test("a push that is not forced and lists no commit is not looked at", async () => {
    const scope = securityScope({ config: undefined, identity: false, token: false });
    const payload = pushPayload([], MALLORY);
    Object.assign(payload, { before: SHA("7"), after: SHA("8") });
    await testProbot().receive({ id: "not-forced", name: "push", payload } as never);
    expect(issues.calls).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });
});
