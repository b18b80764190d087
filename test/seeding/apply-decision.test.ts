import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { applyReviewDecision } from "../../src/seeding/apply-decision.js";
import { defaultRepoConfig } from "../../src/config/validate.js";
import { renderReviewIssue } from "../../src/seeding/review-issue.js";
import { FakeLargeFile, repoRef, tokenOctokit } from "../helpers/seeding.js";

const realQueue = readFileSync(new URL("../fixtures/priority-queue.tsuku.json", import.meta.url), "utf8");
const QUEUE = "data/queues/priority-queue.json";
const NOW = new Date("2026-11-27T10:00:00Z");
const noSleep = { attempts: 5, baseMs: 1, maxMs: 1, sleep: async () => {} };
const issue = {
  url: "https://github.com/o/r/issues/3",
  body: renderReviewIssue(
    { package: "exa", old: "homebrew:exa", new: "crates.io:exa", priority: 2, autoAccepted: false },
    { repo: repoRef, run: { id: 1, url: "u" }, queueFile: QUEUE, auditDir: "a", acceptLevel: "write", rejectLevel: "write" },
  ).body,
};

describe("applyReviewDecision under concurrent writers", () => {
  test("the pipeline commits to the queue between our read and write: re-read, re-applied, both changes kept", async () => {
    const queue = new FakeLargeFile(QUEUE, realQueue);
    let pipelineWrites = 0;
    queue.beforeWrite = (file) => {
      if (pipelineWrites++ > 0) return;
      // Another writer marks `node` as failed; the app's first write then carries a stale sha.
      file.text = file.text!.replace('"status": "blocked"', '"status": "failed"');
    };
    const outcome = await applyReviewDecision({
      github: tokenOctokit(),
      repo: repoRef,
      config: defaultRepoConfig(),
      issue,
      decision: "accept",
      reviewer: "alice",
      now: NOW,
      backoff: noSleep,
    });
    expect(outcome.kind).toBe("accepted");
    expect(queue.commits).toHaveLength(1);
    expect(queue.blobReads).toBe(2);
    const doc = JSON.parse(queue.text!);
    expect(doc.entries[0]).toMatchObject({ name: "node", status: "failed" });
    expect(doc.entries.find((e: { name: string }) => e.name === "exa")).toMatchObject({
      source: "crates.io:exa",
      confidence: "curated",
      disambiguated_at: "2026-11-27T10:00:00Z",
      failure_count: 0,
      next_retry_at: null,
    });
  });

  test("someone accepts the same change (curated) meanwhile: no commit, already applied", async () => {
    const queue = new FakeLargeFile(QUEUE, realQueue);
    queue.beforeWrite = (file) => {
      file.text = file.text!.replace(
        '"source": "homebrew:exa",\n      "priority": 2,\n      "status": "pending",\n      "confidence": "auto"',
        '"source": "crates.io:exa",\n      "priority": 2,\n      "status": "pending",\n      "confidence": "curated"',
      );
    };
    const outcome = await applyReviewDecision({
      github: tokenOctokit(),
      repo: repoRef,
      config: defaultRepoConfig(),
      issue,
      decision: "accept",
      reviewer: "alice",
      now: NOW,
      backoff: noSleep,
    });
    expect(outcome).toMatchObject({ kind: "already" });
    expect(queue.commits).toEqual([]);
  });

  test("someone edits only the source by hand meanwhile (the runbook's jq): the accept still marks it curated", async () => {
    const queue = new FakeLargeFile(QUEUE, realQueue);
    queue.beforeWrite = (file) => {
      file.text = file.text!.replace('"source": "homebrew:exa"', '"source": "crates.io:exa"');
    };
    const outcome = await applyReviewDecision({
      github: tokenOctokit(),
      repo: repoRef,
      config: defaultRepoConfig(),
      issue,
      decision: "accept",
      reviewer: "alice",
      now: NOW,
      backoff: noSleep,
    });
    expect(outcome.kind).toBe("accepted");
    expect(queue.commits).toHaveLength(1);
    expect(JSON.parse(queue.text!).entries.find((e: { name: string }) => e.name === "exa")).toMatchObject({
      source: "crates.io:exa",
      confidence: "curated",
      disambiguated_at: "2026-11-27T10:00:00Z",
    });
  });

  test.each([
    ["removed", (text: string) => text.replace(/\n {4}\{\n {6}"name": "exa",[^}]*\},/, "")],
    ["renamed", (text: string) => text.replace('"name": "exa"', '"name": "eza"')],
  ] as const)("the pipeline's commit meanwhile has the entry %s: conflict on the re-read, nothing written", async (_what, edit) => {
    const queue = new FakeLargeFile(QUEUE, realQueue);
    queue.beforeWrite = (file) => {
      file.text = edit(file.text!);
    };
    const outcome = await applyReviewDecision({
      github: tokenOctokit(),
      repo: repoRef,
      config: defaultRepoConfig(),
      issue,
      decision: "accept",
      reviewer: "alice",
      now: NOW,
      backoff: noSleep,
    });
    expect(outcome).toMatchObject({ kind: "conflict", note: expect.stringContaining("no entry named `exa`") });
    expect(queue.commits).toEqual([]);
    expect(queue.blobReads).toBe(2);
    expect(queue.text).not.toContain('"name": "exa"');
  });

  test("a configured queue file is the one edited", async () => {
    const config = { ...defaultRepoConfig(), seeding: { ...defaultRepoConfig().seeding, queue_file: "queue.json" } };
    const queue = new FakeLargeFile("queue.json", JSON.stringify({ entries: [{ name: "exa", source: "homebrew:exa" }] }, null, 2) + "\n");
    const outcome = await applyReviewDecision({
      github: tokenOctokit(),
      repo: repoRef,
      config,
      issue,
      decision: "accept",
      reviewer: "alice",
      now: NOW,
      backoff: noSleep,
    });
    expect(outcome.kind).toBe("accepted");
    expect(JSON.parse(queue.text!).entries[0]).toEqual({
      name: "exa",
      source: "crates.io:exa",
      confidence: "curated",
      disambiguated_at: "2026-11-27T10:00:00Z",
      failure_count: 0,
      next_retry_at: null,
    });
  });

  test("a queue file that does not exist: conflict, nothing created", async () => {
    const queue = new FakeLargeFile(QUEUE, null);
    const outcome = await applyReviewDecision({
      github: tokenOctokit(),
      repo: repoRef,
      config: defaultRepoConfig(),
      issue,
      decision: "accept",
      reviewer: "alice",
      now: NOW,
      backoff: noSleep,
    });
    expect(outcome).toEqual({
      kind: "conflict",
      change: expect.objectContaining({ package: "exa" }),
      note: "the queue file does not exist any more",
    });
    expect(queue.commits).toEqual([]);
  });
});
