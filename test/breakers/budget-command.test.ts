import { describe, expect, test } from "@jest/globals";
import { commentPayload, REPO_PATH, testProbot } from "../helpers/index.js";
import { commandScope } from "../helpers/command-mocks.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { apiIssue, controlText, mockOpenIssues } from "../helpers/batch-run.js";
import { parseBudget } from "../../src/breakers/budget-command.js";
import { incidentMarker } from "../../src/incidents/issue-spec.js";

function deliver(body: string) {
  return testProbot().receive({ id: "c1", name: "issue_comment", payload: commentPayload(body) } as never);
}

describe("/budget (read)", () => {
  test("use per OS and per ecosystem, thresholds and what the budget switched off", async () => {
    const mocks = commandScope({ permission: "read" }).permission().reply();
    new FakeFile(
      "batch-control.json",
      controlText((c) => {
        c.disabled_ecosystems = ["npm"];
        Object.assign(c.budget, {
          macos_minutes_used: 850,
          linux_minutes_used: 1200,
          sampling_active: true,
          ecosystem_minutes: { homebrew: 1300, npm: 250 },
          thresholds_crossed: ["sampling"],
          disabled_by_budget: ["npm"],
        });
      }),
    );
    await deliver("/budget");
    const reply = mocks.replies[0]!;
    expect(reply).toContain("| macOS | 850 min | 1000 min | 85% |");
    expect(reply).toContain("| Linux | 1200 min | 5000 min | 24% |");
    expect(reply).toContain("**Use: 85%** (the larger of the two).");
    expect(reply).toContain("Week: from 2026-11-23, resets 2026-11-30T00:00:00Z.");
    expect(reply).toContain("| enable sampling | 80% | ✅ crossed, acted on |");
    expect(reply).toContain("Switched off by the budget policy (re-enabled by the weekly reset): npm.");
    expect(reply).toContain("| homebrew | 1300 | 63.4% ⚠️ |");
    expect(reply).toContain("| npm | 250 | 12.2% |");
    expect(mocks.scope.isDone()).toBe(true);
  });
});

describe("/budget sampling on|off (write)", () => {
  test("turns sampling on, audited", async () => {
    const mocks = commandScope({ permission: "write" }).permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", controlText());
    await deliver("/budget sampling on heavy week");
    expect(file.commits[0]!.message.split("\n").slice(0, 4)).toEqual([
      "chore: enable budget sampling",
      "",
      "reason: heavy week",
      "requested_by: alice",
    ]);
    expect(JSON.parse(file.text!).budget.sampling_active).toBe(true);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("already off: nothing to change", async () => {
    const mocks = commandScope({ permission: "write" }).permission().reply().react("+1");
    const file = new FakeFile("batch-control.json", controlText());
    await deliver("/budget sampling off");
    expect(mocks.replies[0]).toContain("budget sampling is already off");
    expect(file.commits).toHaveLength(0);
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("needs write", async () => {
    const mocks = commandScope({ permission: "triage", role: "triage" }).permission().reply().react("confused");
    const file = new FakeFile("batch-control.json", controlText());
    await deliver("/budget sampling on");
    expect(mocks.replies[0]).toContain("needs **write** permission");
    expect(file.reads).toBe(0);
    expect(mocks.scope.isDone()).toBe(true);
  });
});

describe("/budget reset (maintain)", () => {
  test("starts a new week now, re-enables only what the budget disabled, closes the budget issue", async () => {
    const mocks = commandScope({ permission: "maintain" }).permission().reply().react("rocket");
    mockOpenIssues(mocks.scope, "batch-ops:budget", [apiIssue(70, "Batch CI budget", `x\n\n${incidentMarker("budget")}\n`, ["batch-ops:budget"])]);
    mocks.scope.post(`${REPO_PATH}/issues/70/comments`).reply(201, { id: 1, html_url: "c" });
    mocks.scope.patch(`${REPO_PATH}/issues/70`, { state: "closed", state_reason: "completed" }).reply(200, {});
    const file = new FakeFile(
      "batch-control.json",
      controlText((c) => {
        c.disabled_ecosystems = ["npm", "pypi"];
        c.reason = "Budget threshold exceeded";
        Object.assign(c.budget, { macos_minutes_used: 950, disabled_by_budget: ["npm"], thresholds_crossed: ["sampling", "disable_noncritical"] });
      }),
    );
    await deliver("/budget reset limits raised");
    const written = JSON.parse(file.text!);
    expect(written).toMatchObject({ disabled_ecosystems: ["pypi"], reason: "" });
    expect(written.budget).toMatchObject({ macos_minutes_used: 0, week_start: "2026-11-27", disabled_by_budget: [], thresholds_crossed: [] });
    expect(file.commits[0]!.message).toContain("chore: reset budget for new week\n\nweek_start: 2026-11-27\n");
    expect(file.commits[0]!.message).toContain("reason: limits raised\nrequested_by: alice");
    expect(mocks.replies[0]).toContain("✅ Reset the budget for a new week from 2026-11-27, re-enabled npm in `batch-control.json`");
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("needs maintain", async () => {
    const mocks = commandScope({ permission: "write" }).permission().reply().react("confused");
    const file = new FakeFile("batch-control.json", controlText());
    await deliver("/budget reset");
    expect(mocks.replies[0]).toContain("needs **maintain** permission");
    expect(file.reads).toBe(0);
    expect(mocks.scope.isDone()).toBe(true);
  });
});

describe("parsing", () => {
  test.each([
    ["", { kind: "show" }],
    ["sampling ON", { kind: "sampling", on: true, reason: "manual change" }],
    ["sampling off quiet week", { kind: "sampling", on: false, reason: "quiet week" }],
    ["reset", { kind: "reset", reason: "manual reset" }],
    ["sampling maybe", { error: "`/budget sampling` takes `on` or `off`" }],
    ["spend `all`", { error: "unknown `/budget` argument `spend`" }],
  ])("%j", (args, plan) => expect(parseBudget(args)).toEqual(plan));
});
