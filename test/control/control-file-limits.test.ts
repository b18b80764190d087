import { describe, expect, test } from "@jest/globals";
import { commandScope } from "../helpers/command-mocks.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { commentPayload, testProbot } from "../helpers/index.js";

describe("a control file nested deeper than the schema allows", () => {
  test.each([
    ["10,000 nested arrays in an unknown key", `{"enabled": true, "x": ${"[".repeat(10_000)}${"]".repeat(10_000)}}\n`],
    ["10,000 nested objects in an unknown key", `{"enabled": true, "x": ${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}\n`],
  ])("%s: the command says the file is invalid and nothing changed, not that it failed", async (_name, text) => {
    const mocks = commandScope().permission().reply().react("confused");
    const file = new FakeFile("batch-control.json", text);
    await testProbot().receive({ id: `deep-${Math.random()}`, name: "issue_comment", payload: commentPayload("/stop npm outage") } as never);
    expect(file.commits).toHaveLength(0);
    expect(file.text).toBe(text);
    expect(mocks.replies).toHaveLength(1);
    expect(mocks.replies[0]).toContain(
      "😕 `batch-control.json` is not valid, so it was not changed. Fix it by hand first:\n- (root) → too deeply nested (more than 64 levels of arrays and objects)",
    );
    expect(mocks.replies[0]).not.toContain("Failed");
    expect(mocks.replies[0]).not.toContain("run the command again");
    expect(mocks.scope.isDone()).toBe(true);
  });
});
