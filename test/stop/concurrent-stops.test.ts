import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { readFileSync } from "node:fs";
import { API, COMMENT_ID, commentPayload, NOW, REPO_PATH, testDeps, testProbot } from "../helpers/index.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { workflowsDirectory } from "../helpers/command-mocks.js";
import { ControlStore } from "../../src/control/store.js";

const fixture = readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8");

/** Everything but the control file, for any number of deliveries; replies and the workflows answers collected. */
function githubFor(ecosystems: string[]) {
  const replies: string[] = [];
  const scope = nock(API).persist();
  scope.post("/app/installations/2/access_tokens").reply(200, { token: "test-token", permissions: {} });
  scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`).reply(201, {});
  scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(200, `ecosystems: [${ecosystems.join(", ")}]\n`);
  scope.get(`${REPO_PATH}/collaborators/alice/permission`).reply(200, { permission: "write", role_name: "write" });
  scope
    .post(`${REPO_PATH}/issues/1/comments`, (b: { body: string }) => (replies.push(b.body), true))
    .reply(201, { id: 1, html_url: "https://github.com/c" });
  const workflows = workflowsDirectory(); // a batch workflow gated by the pre-flight action: the stops take effect
  return { replies, workflows };
}

describe("concurrent /stop commands while the pipeline commits to the default branch", () => {
  test.each([10, 50])("%i stops, an outside commit landing between reads and writes: all applied, none lost, folded", async (n) => {
    const ecosystems = Array.from({ length: n }, (_, i) => `eco${i}`);
    const { replies, workflows } = githubFor(ecosystems);
    const file = new FakeFile("batch-control.json", fixture);
    // The pipeline's job: a commit to this file before the first writes, and to another file while GitHub
    // writes (the branch moves under GitHub's own read), then now and then.
    let writes = 0;
    file.beforeWrite = (f) => {
      if (++writes <= 3 || writes % 7 === 0) f.externalWrite(f.text!.replace(/"reason": "[^"]*"/, `"reason": "pipeline ${writes}"`));
    };
    let checked = 0;
    file.duringWrite = (f) => {
      if (++checked <= 2 || checked % 5 === 0) f.externalCommitElsewhere();
    };
    const probot = testProbot(
      testDeps({ store: new ControlStore({ clock: () => NOW, backoff: { attempts: 30, baseMs: 1, maxMs: 2, sleep: async () => {} } }) }),
    );
    await Promise.all(
      ecosystems.map((eco, i) => probot.receive({ id: `c${n}-${i}`, name: "issue_comment", payload: commentPayload(`/stop ${eco} burst`) } as never)),
    );

    const written = JSON.parse(file.text!) as { disabled_ecosystems: string[]; reason: string };
    expect(written.disabled_ecosystems.slice().sort()).toEqual(ecosystems.slice().sort());
    expect(written.reason).toMatch(/^pipeline \d+$/); // the outside writer's change is kept
    expect(file.conflicts).toBeGreaterThan(0);
    expect(file.elsewhere).toBeGreaterThan(0);
    expect(file.commits.length).toBeLessThan(n);
    expect(replies).toHaveLength(n);
    for (const reply of replies) expect(reply).toContain("✅ Disabled eco");
    for (const reply of replies) expect(reply).not.toContain("may not stop anything");
    // The burst shares one listing (later ones are free 304s) and at most one read of the workflow file.
    expect(workflows.filter((a) => a === "list 200")).toHaveLength(1);
    expect(workflows.filter((a) => a.startsWith("read")).length).toBeLessThanOrEqual(1);
    const messages = file.commits.map((c) => c.message).join("\n");
    for (const eco of ecosystems) expect(messages).toContain(`chore: disable ${eco} batch processing`);
  });
});
