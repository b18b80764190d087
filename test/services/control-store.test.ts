import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { readFileSync } from "node:fs";
import { parseControlFile } from "../../src/control/codec.js";
import { stopEcosystems } from "../../src/control/stop-resume.js";
import type { RepoRef } from "../../src/github/types.js";
import { CasExhaustedError } from "../../src/github/cas-update.js";
import { ControlStore, InvalidControlFileError } from "../../src/services/control-store.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { UnthrottledOctokit } from "../helpers/octokit.js";
import { API, NOW, OWNER, REPO } from "../helpers/index.js";

const fixture = readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const repo: RepoRef = { owner: OWNER, repo: REPO, defaultBranch: "main", htmlUrl: `https://github.com/${OWNER}/${REPO}` };
const github = new UnthrottledOctokit({ auth: "test-token" }) as never;
const noSleep = { attempts: 8, baseMs: 1, maxMs: 2, sleep: async () => {} };

function disabledIn(text: string | null): string[] {
  const parsed = parseControlFile(text ?? "");
  return parsed.ok ? (parsed.control.disabled_ecosystems ?? []) : [];
}

const ecosystems = Array.from({ length: 30 }, (_, i) => `eco${i}`);
const stop = (eco: string) => ({ edit: stopEcosystems([eco], { reason: `r-${eco}`, incidentUrl: "u", by: "alice" }), audit: [`requested_by: user-${eco}`] });

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("ControlStore", () => {
  test("30 concurrent edits in one process all land, folded into few commits", async () => {
    const file = new FakeFile("batch-control.json", fixture);
    const store = new ControlStore({ clock: () => NOW, backoff: noSleep });
    const outcomes = await Promise.all(ecosystems.map((eco) => store.submit(github, repo, "batch-control.json", stop(eco))));
    expect(disabledIn(file.text).sort()).toEqual([...ecosystems].sort());
    expect(outcomes.every((o) => o.kind === "committed")).toBe(true);
    // The first edit commits alone; everything that queued meanwhile is folded into the next commit.
    expect(file.commits.length).toBe(2);
    expect(file.conflicts).toBe(0);
    const folded = file.commits[1]!.message;
    expect(folded.split("\n")[0]).toBe("chore: update batch control (29 changes)");
    for (const eco of ecosystems.slice(1)) expect(folded).toContain(`chore: disable ${eco} batch processing\n\nreason: r-${eco}\nincident_url: u\nrequested_by: user-${eco}`);
    // Every reply links the commit that holds its change.
    const committed = outcomes.filter((o) => o.kind === "committed");
    expect(new Set(committed.map((o) => o.kind === "committed" && o.commit.sha))).toEqual(new Set(file.commits.map((c) => c.sha)));
  });

  test("replicas racing on a file whose sha keeps changing lose no update", async () => {
    const file = new FakeFile("batch-control.json", fixture);
    // Someone else commits an unrelated change before every third write.
    let writes = 0;
    file.beforeWrite = (f) => {
      if (++writes % 3 === 0) {
        const parsed = parseControlFile(f.text!);
        if (parsed.ok) f.externalWrite(JSON.stringify({ ...parsed.control, external_counter: writes }, null, 2) + "\n");
      }
    };
    // Three stores = three replicas with no shared queue: only compare-and-swap keeps them honest.
    const replicas = [0, 1, 2].map(() => new ControlStore({ clock: () => NOW, backoff: { ...noSleep, attempts: 40 } }));
    await Promise.all(ecosystems.map((eco, i) => replicas[i % 3]!.submit(github, repo, "batch-control.json", stop(eco))));
    expect(disabledIn(file.text).sort()).toEqual([...ecosystems].sort());
    expect(file.conflicts).toBeGreaterThan(0);
    const parsed = parseControlFile(file.text!);
    expect(parsed.ok && (parsed.control as Record<string, unknown>)["external_counter"]).toBeDefined();
  });

  test("an edit that is already true commits nothing", async () => {
    const file = new FakeFile("batch-control.json", fixture.replace('"disabled_ecosystems": []', '"disabled_ecosystems": ["eco1"]'));
    const store = new ControlStore({ clock: () => NOW, backoff: noSleep });
    const outcome = await store.submit(github, repo, "batch-control.json", stop("eco1"));
    expect(outcome).toEqual({ kind: "unchanged", note: "eco1 is already disabled", fileUrl: `${repo.htmlUrl}/blob/main/batch-control.json` });
    expect(file.commits).toHaveLength(0);
  });

  test("an invalid control file is never overwritten", async () => {
    const broken = '{ "enabled": true, ';
    const file = new FakeFile("batch-control.json", broken);
    const store = new ControlStore({ clock: () => NOW, backoff: noSleep });
    await expect(store.submit(github, repo, "batch-control.json", stop("npm"))).rejects.toBeInstanceOf(InvalidControlFileError);
    expect(file.text).toBe(broken);
    expect(file.commits).toHaveLength(0);
  });

  test("a file that never stops changing: bounded attempts, nothing written, a clear error", async () => {
    const file = new FakeFile("batch-control.json", fixture);
    let n = 0;
    file.beforeWrite = (f) => f.externalWrite(fixture.replace('"reason": ""', `"reason": "x${++n}"`));
    const store = new ControlStore({ clock: () => NOW, backoff: { ...noSleep, attempts: 4 } });
    await expect(store.submit(github, repo, "batch-control.json", stop("npm"))).rejects.toBeInstanceOf(CasExhaustedError);
    expect(file.conflicts).toBe(4);
    expect(file.commits).toHaveLength(0);
    expect(disabledIn(file.text)).toEqual([]);
  });

  test("a missing control file is created from the runbook's defaults", async () => {
    const file = new FakeFile("batch-control.json", null);
    const store = new ControlStore({ clock: () => NOW, backoff: noSleep });
    const outcome = await store.submit(github, repo, "batch-control.json", stop("npm"));
    expect(outcome.kind).toBe("committed");
    expect(JSON.parse(file.text!)).toEqual({
      enabled: true,
      disabled_ecosystems: ["npm"],
      reason: "",
      incident_url: "",
      disabled_by: "",
      disabled_at: "",
      expected_resume: "",
      circuit_breaker: {},
      budget: { macos_minutes_used: 0, linux_minutes_used: 0, week_start: "", sampling_active: false },
    });
  });

  test("GitHub errors other than conflicts fail the write at once", async () => {
    nock(API).get(`/repos/${OWNER}/${REPO}/contents/batch-control.json?ref=main`).reply(200, {
      type: "file", encoding: "base64", sha: "abc", content: Buffer.from(fixture).toString("base64"),
    });
    nock(API).put(`/repos/${OWNER}/${REPO}/contents/batch-control.json`).reply(409, { message: "Repository rule violations found" });
    const store = new ControlStore({ clock: () => NOW, backoff: noSleep });
    await expect(store.submit(github, repo, "batch-control.json", stop("npm"))).rejects.toMatchObject({ status: 409 });
    expect(nock.isDone()).toBe(true);
  });
});
