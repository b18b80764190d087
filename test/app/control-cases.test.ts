import { describe, expect, test } from "@jest/globals";
import { ControlStore } from "../../src/control/store.js";
import { commandScope } from "../helpers/command-mocks.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { commentPayload, testDeps, testProbot } from "../helpers/index.js";
import { APP_TRAILER, CASE_NOW, controlCases } from "../shared/control-cases.js";

const REACTION = { committed: "rocket", unchanged: "+1", refused: "confused" } as const;

describe("the app makes the change and commit message of the shared table (the CLI suite runs the same cases)", () => {
  test.each(controlCases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const mocks = commandScope(c.config === undefined ? {} : { config: c.config })
      .permission()
      .reply()
      .react(REACTION[c.expected.kind]);
    const file = new FakeFile(c.path ?? "batch-control.json", c.initial);
    const now = new Date(CASE_NOW);
    const deps = testDeps({
      clock: () => now,
      store: new ControlStore({ clock: () => now, backoff: { attempts: 2, baseMs: 1, maxMs: 1, sleep: async () => {} } }),
    });
    await testProbot(deps).receive({ id: `control-case-${c.name}`, name: "issue_comment", payload: commentPayload(c.slash) } as never);

    if (c.expected.kind === "committed") {
      expect(file.commits).toHaveLength(1);
      expect(file.text).toBe(c.expected.text);
      expect(file.commits[0]!.message).toBe([...c.expected.message, ...APP_TRAILER].join("\n"));
    } else {
      expect(file.commits).toHaveLength(0);
      expect(file.text).toBe(c.initial);
      if (c.expected.kind === "refused") expect(mocks.replies[0]).toContain(c.expected.says);
    }
    expect(mocks.scope.isDone()).toBe(true);
  });
});
