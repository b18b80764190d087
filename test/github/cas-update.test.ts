import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { casUpdate, CasExhaustedError, WriteRefusedError } from "../../src/github/cas-update.js";
import type { FileAtRef } from "../../src/github/files.js";
import type { RepoRef } from "../../src/core/github.js";
import { FakeFile, type ConflictWording } from "../helpers/fake-repo.js";
import { isolateNetwork } from "../helpers/github-client.js";
import { API, OWNER, REPO, REPO_PATH } from "../helpers/index.js";
import { UnthrottledOctokit } from "../helpers/octokit.js";

const repo: RepoRef = { owner: OWNER, repo: REPO, defaultBranch: "main", htmlUrl: `https://github.com/${OWNER}/${REPO}` };
const github = () => new UnthrottledOctokit({ auth: "test-token" });
const noSleep = { attempts: 8, baseMs: 1, maxMs: 2, sleep: async () => {} };

/** A line-per-entry file: the edit appends its line to whatever is there, so a lost update shows. */
const append = (line: string) => (file: FileAtRef | null) => ({
  change: { text: `${file?.text ?? ""}${line}\n`, message: `add ${line}` },
  decision: line,
});
const lines = (text: string | null) => (text ?? "").split("\n").filter(Boolean);

isolateNetwork();

describe("casUpdate: a rejected write is told apart by what moved, never by GitHub's wording", () => {
  test.each<ConflictWording>(["does-not-match", "is-at", "expected-to-be-at"])(
    "another writer's commit answered with the %s wording: re-read, re-applied, both kept",
    async (wording) => {
      const file = new FakeFile("list.txt", "base\n");
      file.wording = wording;
      let outside = 0;
      file.beforeWrite = (f) => {
        if (outside++ === 0) f.externalWrite(`${f.text}outside\n`);
      };
      const result = await casUpdate({ github: github(), repo, path: "list.txt", decide: append("ours"), backoff: noSleep });
      expect(lines(file.text)).toEqual(["base", "outside", "ours"]);
      expect(result.attempts).toBe(2);
      expect(file.conflicts).toBe(1);
      expect(file.commits).toHaveLength(1);
      // The file moved, so the branch head was not needed.
      expect(file.headReads).toBe(0);
    },
  );

  test("a commit between our read and write five times in a row: the edit still lands, every outside change kept", async () => {
    const file = new FakeFile("list.txt", "base\n");
    let outside = 0;
    file.beforeWrite = (f) => {
      if (outside < 5) f.externalWrite(`${f.text}outside-${++outside}\n`);
    };
    const result = await casUpdate({ github: github(), repo, path: "list.txt", decide: append("ours"), backoff: noSleep });
    expect(lines(file.text)).toEqual(["base", "outside-1", "outside-2", "outside-3", "outside-4", "outside-5", "ours"]);
    expect(result.attempts).toBe(6);
    expect(file.conflicts).toBe(5);
    expect(file.commits.map((c) => c.message)).toEqual(["add ours"]);
  });

  test("the branch moved under GitHub's own read (another file committed): the same write is retried and lands", async () => {
    const file = new FakeFile("list.txt", "base\n");
    let moves = 0;
    file.duringWrite = (f) => {
      if (moves++ < 2) f.externalCommitElsewhere();
    };
    const result = await casUpdate({ github: github(), repo, path: "list.txt", decide: append("ours"), backoff: noSleep });
    expect(lines(file.text)).toEqual(["base", "ours"]);
    expect(result.attempts).toBe(3);
    expect(file.conflicts).toBe(2);
    expect(file.elsewhere).toBe(2);
    // The file did not move, so the head was read to tell a moving branch from a refusal.
    expect(file.headReads).toBe(2);
    expect(file.commits).toHaveLength(1);
  });

  test("a file created meanwhile (422: sha not supplied) is read and edited, not overwritten", async () => {
    const file = new FakeFile("list.txt", null);
    file.beforeWrite = (f) => {
      if (f.text === null) f.externalWrite("created elsewhere\n");
    };
    await casUpdate({ github: github(), repo, path: "list.txt", decide: append("ours"), backoff: noSleep });
    expect(lines(file.text)).toEqual(["created elsewhere", "ours"]);
  });

  test("a refusal with nothing moving (a ruleset): retried once, then a clear refusal; nothing written", async () => {
    const file = new FakeFile("list.txt", "base\n");
    file.refusal = { status: 409, message: "Repository rule violations found\n\nChanges must be made through a pull request." };
    const sleeps: number[] = [];
    const error = await casUpdate({
      github: github(),
      repo,
      path: "list.txt",
      decide: append("ours"),
      backoff: { ...noSleep, sleep: async (ms) => void sleeps.push(ms) },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteRefusedError);
    expect((error as Error).message).toBe(
      "GitHub refused the write to `list.txt`: `Repository rule violations found Changes must be made through a pull request.`; nothing moved (neither the file nor `main`), so it was not retried",
    );
    expect(sleeps).toHaveLength(2); // two writes, no storm
    expect(file.headReads).toBe(2);
    expect(file.commits).toHaveLength(0);
    expect(file.text).toBe("base\n");
  });

  test("a refusal on a branch that keeps moving is bounded by the attempts", async () => {
    const file = new FakeFile("list.txt", "base\n");
    file.refusal = { status: 409, message: "Repository rule violations found" };
    file.beforeWrite = (f) => f.externalCommitElsewhere();
    await expect(
      casUpdate({ github: github(), repo, path: "list.txt", decide: append("ours"), backoff: { ...noSleep, attempts: 4 } }),
    ).rejects.toBeInstanceOf(CasExhaustedError);
    expect(file.elsewhere).toBe(4);
    expect(file.text).toBe("base\n");
  });

  test("a 422 that is not about the sha, or a 403, fails at once: one write, no re-read", async () => {
    for (const [status, message] of [
      [422, "Invalid request. content is not valid Base64"],
      [403, "Resource not accessible by integration"],
    ] as const) {
      const scope = nock(API);
      scope
        .get(`${REPO_PATH}/contents/list.txt?ref=main`)
        .reply(200, { type: "file", encoding: "base64", sha: "abc", content: Buffer.from("base\n").toString("base64") });
      scope.put(`${REPO_PATH}/contents/list.txt`, (body: { sha: string }) => body.sha === "abc").reply(status, { message });
      await expect(casUpdate({ github: github(), repo, path: "list.txt", decide: append("ours"), backoff: noSleep })).rejects.toMatchObject({
        status,
      });
      expect(scope.isDone()).toBe(true);
    }
  });
});
