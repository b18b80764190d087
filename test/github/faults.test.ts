import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { readFileSync } from "node:fs";
import { SharedRateLimitPause } from "../../src/coordination/rate-limit-pause.js";
import { commandScope } from "../helpers/command-mocks.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { API, commentPayload, REPO_PATH, testDeps, testProbot } from "../helpers/index.js";
import { fastPolicyOctokit } from "../helpers/octokit.js";

const fixture = readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const contents = { type: "file", encoding: "base64", sha: "abc", content: Buffer.from(fixture).toString("base64") };

function deliver(body: string, pause = new SharedRateLimitPause(undefined)) {
  const probot = testProbot(testDeps(), fastPolicyOctokit({ pause }));
  return probot.receive({ id: `d-${Math.random()}`, name: "issue_comment", payload: commentPayload(body) } as never);
}

describe("GitHub faults are absorbed (production retry and throttling policy)", () => {
  test("502 then success: the read is retried and the command completes", async () => {
    const mocks = commandScope().permission().reply().react("rocket");
    mocks.scope.get(`${REPO_PATH}/contents/batch-control.json?ref=main`).reply(502, "Bad Gateway");
    mocks.scope.get(`${REPO_PATH}/contents/batch-control.json?ref=main`).reply(200, contents);
    let written = "";
    mocks.scope
      .put(
        `${REPO_PATH}/contents/batch-control.json`,
        (body: { sha: string; content: string }) => ((written = Buffer.from(body.content, "base64").toString()), body.sha === "abc"),
      )
      .reply(200, { commit: { sha: "c1", html_url: "https://github.com/c/c1" } });
    await deliver("/stop npm");
    expect(JSON.parse(written).disabled_ecosystems).toEqual(["npm"]);
    expect(mocks.replies[0]).toContain("✅ Disabled npm");
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("three write conflicts then success: re-read and re-applied, one commit, nothing lost", async () => {
    const mocks = commandScope().permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    let conflicts = 0;
    file.beforeWrite = (f) => {
      if (conflicts++ < 3) f.externalWrite(f.text!.replace(/"reason": "[^"]*"/, `"reason": "external ${conflicts}"`));
    };
    await deliver("/stop npm");
    expect(file.conflicts).toBe(3);
    expect(file.commits).toHaveLength(1);
    const written = JSON.parse(file.text!);
    expect(written.disabled_ecosystems).toEqual(["npm"]);
    expect(written.reason).toBe("external 3"); // the other writer's change survives
    expect(mocks.replies[0]).toContain("✅ Disabled npm");
    expect(mocks.scope.isDone()).toBe(true);
  });

  test("a secondary rate limit is waited out (retry-after) and retried, and the pause is shared", async () => {
    const mocks = commandScope().permission().reply().react("rocket");
    mocks.scope.get(`${REPO_PATH}/contents/batch-control.json?ref=main`).reply(200, contents);
    mocks.scope
      .put(`${REPO_PATH}/contents/batch-control.json`)
      .reply(403, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." }, { "retry-after": "1" });
    mocks.scope.put(`${REPO_PATH}/contents/batch-control.json`).reply(200, { commit: { sha: "c2", html_url: "https://github.com/c/c2" } });
    const paused: [string, number][] = [];
    const pause = new (class extends SharedRateLimitPause {
      override pause(scope: string, seconds: number) {
        paused.push([scope, seconds]);
        return super.pause(scope, seconds);
      }
    })(undefined);
    await deliver("/stop npm", pause);
    expect(mocks.replies[0]).toContain("✅ Disabled npm");
    expect(mocks.scope.isDone()).toBe(true);
    // Recorded for installation 2 (retry-after 1 s, scaled to 1 ms in tests) so other replicas wait too.
    expect(paused).toEqual([["2", 0.001]]);
  });

  test("a permanent failure gives a clear reply and leaves nothing half-written", async () => {
    const mocks = commandScope().permission().reply().react("confused");
    mocks.scope.get(`${REPO_PATH}/contents/batch-control.json?ref=main`).times(4).reply(500, { message: "Server Error" });
    const neverWritten = nock(API).put(`${REPO_PATH}/contents/batch-control.json`).reply(200, {});
    await deliver("/stop npm");
    expect(mocks.replies[0]).toContain("❌ Failed: GitHub answered 500: Server Error. Nothing was written; run the command again.");
    expect(mocks.scope.isDone()).toBe(true); // 1 try + 3 retries of the read
    expect(neverWritten.isDone()).toBe(false);
  });

  test("a 409 is never retried blindly by the HTTP layer (only re-read by the write loop)", async () => {
    const mocks = commandScope().permission().reply().react("rocket");
    const file = new FakeFile("batch-control.json", fixture);
    let once = true;
    file.beforeWrite = (f) => {
      if (once) f.externalWrite(fixture.replace('"reason": ""', '"reason": "x"'));
      once = false;
    };
    await deliver("/stop npm");
    expect(file.conflicts).toBe(1);
    expect(file.reads).toBe(2);
    expect(mocks.scope.isDone()).toBe(true);
  });
});
