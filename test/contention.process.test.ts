import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { AppProcess, useAppAgainst } from "./helpers/app-process.js";
import {
  commandRoutes,
  FakeGitHubServer,
  outsideCommit,
  outsideCommitElsewhere,
  type CommandState,
  type RecordedRequest,
} from "./helpers/fake-github-server.js";
import type { ConflictWording } from "./helpers/fake-repo.js";
import { commentPayload } from "./helpers/payloads.js";

const fixture = readFileSync(new URL("./fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const ecosystems = Array.from({ length: 50 }, (_, i) => `eco${i}`);
const REPLY_PATH = "/repos/Codertocat/Hello-World/issues/1/comments";
const CONTROL_PATH = "/repos/Codertocat/Hello-World/contents/batch-control.json";
const state: CommandState = { file: fixture, commits: [], config: `ecosystems: [${ecosystems.join(", ")}]\n`, etags: true };
const github = new FakeGitHubServer(commandRoutes(state));
const app = useAppAgainst(github);

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const disabled = () => (JSON.parse(state.file).disabled_ecosystems as string[]).slice().sort();
const withReason = (text: string, reason: string) => text.replace(/"reason": "[^"]*"/, `"reason": "${reason}"`);
const replies = () => github.requests.filter((r) => r.method === "POST" && r.path === REPLY_PATH).map((r) => (r.body as { body: string }).body);

function reset(): void {
  state.file = fixture;
  state.beforeWrite = undefined;
  state.duringWrite = undefined;
  state.refusal = undefined;
  state.wording = undefined;
}

describe("the built app against a GitHub whose default branch other writers keep moving", () => {
  test.each<ConflictWording>(["does-not-match", "is-at", "expected-to-be-at"])(
    "a commit landing between read and write, answered with the %s wording: the stop lands, the other change kept",
    async (wording) => {
      reset();
      state.wording = wording;
      let writes = 0;
      state.beforeWrite = (s) => {
        if (writes++ === 0) outsideCommit(s, withReason(s.file, `pipeline ${wording}`));
      };
      const before = replies().length;
      await app().deliver("issue_comment", `wording-${wording}`, commentPayload("/stop eco1 outage"));
      await until(() => replies().length > before, "the reply");
      expect(replies().at(-1)).toContain("✅ Disabled eco1");
      expect(JSON.parse(state.file)).toMatchObject({ disabled_ecosystems: ["eco1"], reason: `pipeline ${wording}` });
    },
    30_000,
  );

  test("50 concurrent /stop commands while the pipeline commits (to the file and to other files): all 50 land, folded", async () => {
    reset();
    const before = state.commits.length;
    const repliesBefore = replies().length;
    let writes = 0;
    state.beforeWrite = (s) => {
      if (++writes <= 3 || writes % 6 === 0) outsideCommit(s, withReason(s.file, `pipeline ${writes}`));
    };
    let checked = 0;
    state.duringWrite = (s) => {
      if (++checked <= 2 || checked % 4 === 0) outsideCommitElsewhere(s);
    };
    const answers = await Promise.all(ecosystems.map((eco, i) => app().deliver("issue_comment", `burst-${i}`, commentPayload(`/stop ${eco} burst`))));
    expect(answers.every((a) => a.status < 300)).toBe(true);
    await until(() => replies().length - repliesBefore >= 50, "50 replies", 60_000);
    expect(disabled()).toEqual(ecosystems.slice().sort());
    expect(JSON.parse(state.file).reason).toMatch(/^pipeline \d+$/);
    const commits = state.commits.slice(before);
    expect(commits.length).toBeLessThan(50);
    for (const eco of ecosystems) expect(commits.join("\n")).toContain(`chore: disable ${eco} batch processing`);
    expect(
      replies()
        .slice(repliesBefore)
        .every((r) => r.includes("✅ Disabled eco")),
    ).toBe(true);
  }, 90_000);

  test("a write GitHub refuses with nothing moving (a ruleset): a clear reply, two attempts, nothing written", async () => {
    reset();
    state.refusal = { status: 409, message: "Repository rule violations found" };
    const putsBefore = github.requests.filter((r) => r.method === "PUT" && r.path === CONTROL_PATH).length;
    const before = replies().length;
    await app().deliver("issue_comment", "refused-1", commentPayload("/stop eco2 outage"));
    await until(() => replies().length > before, "the reply");
    expect(replies().at(-1)).toContain(
      "😕 GitHub refused the write to `batch-control.json`: `Repository rule violations found`; nothing moved (neither the file nor `main`), so it was not retried. Nothing was changed.",
    );
    expect(github.requests.filter((r) => r.method === "PUT" && r.path === CONTROL_PATH).length - putsBefore).toBe(2);
    expect(state.file).toBe(fixture);
  }, 30_000);

  test("repeat commands: config, permission and the workflows listing come back 304 (no rate limit), at most 6 calls that count", async () => {
    reset();
    const stop = async (id: string, eco: string) => {
      const before = replies().length;
      await app().deliver("issue_comment", id, commentPayload(`/stop ${eco}`));
      await until(() => replies().length > before, "the reply");
    };
    // The first command warms the conditional reads (it may be the app's first, when this test runs alone).
    await stop("repeat-0", "eco3");
    const from = github.requests.length;
    const notModifiedBefore = state.notModified ?? 0;
    for (const [i, eco] of ["eco4", "eco5"].entries()) await stop(`repeat-${i + 1}`, eco);
    const isConditional = (r: RecordedRequest) => r.headers["if-none-match"] !== undefined;
    const repeats = github.requests.slice(from).filter((r) => !r.path.startsWith("/app/"));
    const conditionalReads = repeats.filter(isConditional);
    expect(conditionalReads.length).toBe(6); // config, permission and the workflows listing, on each command
    expect((state.notModified ?? 0) - notModifiedBefore).toBe(conditionalReads.length);
    // Calls that count against the rate limit per command, once warm: reactions, control read, commit, reply.
    expect((repeats.length - conditionalReads.length) / 2).toBeLessThanOrEqual(6);
  }, 30_000);
});

describe("with GitHub's write spacing (1 s between writes per installation)", () => {
  const spaced: CommandState = { file: fixture, commits: [] };
  const server = new FakeGitHubServer(commandRoutes(spaced));
  let spacedApp: AppProcess;

  beforeAll(async () => {
    spacedApp = new AppProcess({ GHE_HOST: await server.start() });
    await spacedApp.start();
  }, 30_000);

  afterAll(async () => {
    await spacedApp?.stop();
    await server.stop();
  });

  test("the commit is the first write, not held back behind 👀", async () => {
    const start = performance.now();
    await spacedApp.deliver("issue_comment", "spaced-1", commentPayload("/stop npm outage"));
    const put = await server.waitFor((r) => r.method === "PUT");
    const eyes = await server.waitFor(
      (r) => r.method === "POST" && r.path.endsWith("/reactions") && (r.body as { content: string }).content === "eyes",
    );
    await server.waitFor((r) => r.method === "POST" && r.path === REPLY_PATH);
    expect(put.at).toBeLessThan(eyes.at);
    expect(put.at - start).toBeLessThan(1000);
    expect(JSON.parse(spaced.file).disabled_ecosystems).toEqual(["npm"]);
  }, 30_000);
});
