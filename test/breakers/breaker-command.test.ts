import { describe, expect, test } from "@jest/globals";
import { commentPayload, REPO_PATH, testProbot } from "../helpers/index.js";
import { commandScope } from "../helpers/command-mocks.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { apiIssue, controlText, mockOpenIssues } from "../helpers/batch-run.js";
import { parseBreaker, renderBreaker } from "../../src/breakers/breaker-command.js";
import { incidentMarker } from "../../src/incidents/issue-spec.js";

const COMMENT_URL = "https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400";

function deliver(body: string) {
  return testProbot().receive({ id: "c1", name: "issue_comment", payload: commentPayload(body) } as never);
}

describe("/breaker <eco> (read)", () => {
  test("answers as the pipeline's check would decide now: the real homebrew breaker is due for half-open", async () => {
    const mocks = commandScope({ permission: "read" }).permission().reply();
    const file = new FakeFile("batch-control.json", controlText());
    await deliver("/breaker Homebrew");
    expect(mocks.replies[0]).toContain("**homebrew**: `state=half-open skip=false`");
    expect(mocks.replies[0]).toContain("- Recorded state: open, failures: 957");
    expect(mocks.replies[0]).toContain("passed: the next check or scheduled tick moves it to half-open");
    expect(file.commits).toHaveLength(0);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("aliases resolve; a breaker still waiting skips", async () => {
    const mocks = commandScope({ permission: "read" }).permission().reply();
    new FakeFile(
      "batch-control.json",
      controlText((c) => (c.circuit_breaker["crates.io"].opens_at = "2026-11-27T10:45:00Z")),
    );
    await deliver("/breaker cargo");
    expect(mocks.replies[0]).toContain("**crates.io**: `state=open skip=true`");
    expect(mocks.replies[0]).toContain("- Opens at: 2026-11-27T10:45:00Z (in 45m)");
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("an unknown ecosystem is refused with the known names", async () => {
    const mocks = commandScope({ permission: "read" }).permission().reply().react("confused");
    new FakeFile("batch-control.json", controlText());
    await deliver("/breaker homebrw");
    expect(mocks.replies[0]).toContain("😕 Unknown ecosystem `homebrw`. Known: homebrew, crates.io, npm");
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("known names planted in the control file are escaped in the reply", async () => {
    const mocks = commandScope({ permission: "read" }).permission().reply().react("confused");
    new FakeFile(
      "batch-control.json",
      controlText((c) => (c.circuit_breaker["@org/oncall"] = { state: "closed", failures: 0 })),
    );
    await deliver("/breaker homebrw");
    expect(mocks.replies[0]).toContain("default, @\u200borg/oncall.");
    expect(mocks.replies[0]).not.toMatch(/(^|[^\u200b])@org/);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("without an ecosystem: every breaker", async () => {
    const mocks = commandScope({ permission: "read" }).permission().reply();
    new FakeFile("batch-control.json", controlText());
    await deliver("/breaker");
    expect(mocks.replies[0]).toContain("| default | closed | 0 | — | — | `state=closed skip=false` |");
    expect(mocks.replies[0]).toContain("| npm | open | 696 | 2026-06-26T20:51:01Z | 2026-06-26T21:51:01Z | `state=half-open skip=false` |");
    expect(mocks.scope.isDone()).toBe(true);
  });
});

describe("/breaker reset <eco> (maintain)", () => {
  test("closes it with failures=0, audited, and closes its incident issue", async () => {
    const mocks = commandScope({ permission: "maintain" }).permission().reply().react("rocket");
    mockOpenIssues(mocks.scope, "batch-ops:incident", [
      apiIssue(60, "Circuit breaker open: npm", `x\n\n${incidentMarker("breaker:npm")}\n`, ["batch-ops:incident", "severity:medium"]),
    ]);
    let comment = "";
    mocks.scope.post(`${REPO_PATH}/issues/60/comments`, (b) => ((comment = b.body), true)).reply(201, { id: 3, html_url: "c" });
    mocks.scope.patch(`${REPO_PATH}/issues/60`, { state: "closed", state_reason: "completed" }).reply(200, {});
    const file = new FakeFile("batch-control.json", controlText());
    await deliver("/breaker reset npm upstream fixed");
    expect(file.commits[0]!.message).toBe(
      [
        "chore: reset npm circuit breaker [skip ci]",
        "",
        "breaker: npm: open → closed (failures 696 → 0) [reset]",
        "reason: upstream fixed",
        "requested_by: alice",
        `comment: ${COMMENT_URL}`,
      ].join("\n"),
    );
    expect(JSON.parse(file.text!).circuit_breaker.npm).toEqual({
      state: "closed",
      failures: 0,
      last_failure: "2026-06-26T20:51:01Z",
      opens_at: "2026-06-26T21:51:01Z",
    });
    expect(comment).toBe(`The npm circuit breaker was closed by @alice with \`/breaker reset\` (${COMMENT_URL}). Closing.`);
    expect(mocks.replies[0]).toContain("✅ Closed the npm breaker (failures 696 → 0) in `batch-control.json`");
    expect(mocks.replies[0]).toContain("Closed incident #60.");
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("needs maintain: a writer is refused and nothing changes", async () => {
    const mocks = commandScope({ permission: "write" }).permission().reply().react("confused");
    const file = new FakeFile("batch-control.json", controlText());
    await deliver("/breaker reset npm");
    expect(mocks.replies[0]).toContain("needs **maintain** permission");
    expect(file.commits).toHaveLength(0);
    expect(file.reads).toBe(0);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("already closed: nothing to change", async () => {
    const mocks = commandScope({ permission: "admin" }).permission().reply().react("+1");
    const file = new FakeFile("batch-control.json", controlText());
    await deliver("/breaker reset default");
    expect(mocks.replies[0]).toContain("👍 Nothing to change: the default breaker is already closed with no failures.");
    expect(file.commits).toHaveLength(0);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("an unknown ecosystem is refused", async () => {
    const mocks = commandScope({ permission: "maintain" }).permission().reply().react("confused");
    const file = new FakeFile("batch-control.json", controlText());
    await deliver("/breaker reset nppm");
    expect(mocks.replies[0]).toContain("😕 Unknown ecosystem `nppm`.");
    expect(file.commits).toHaveLength(0);
    expect(mocks.scope.isDone()).toBe(true);
  });
});

describe("parsing", () => {
  test.each([
    ["", { kind: "all" }],
    ["npm", { kind: "show", typed: "npm" }],
    ["RESET npm flaky upstream", { kind: "reset", typed: "npm", reason: "flaky upstream" }],
    ["reset", { error: "`/breaker reset` needs an ecosystem" }],
    ["npm pypi", { error: "`/breaker` takes one ecosystem" }],
  ])("%j", (args, plan) => expect(parseBreaker(args)).toEqual(plan));

  test("a breaker not recorded is closed for the check", () => {
    expect(renderBreaker({}, "go", new Date())).toContain("**go**: `state=closed skip=false`\n\nNo breaker recorded");
  });
});
