import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { readFileSync } from "node:fs";
import { parseControlFile } from "../../src/control/codec.js";
import { stopEcosystems } from "../../src/stop/stop-resume.js";
import type { RepoRef } from "../../src/core/github.js";
import { CasExhaustedError } from "../../src/github/cas-update.js";
import { ControlStore, InvalidControlFileError } from "../../src/control/store.js";
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
const stop = (eco: string) => ({
  edit: stopEcosystems([eco], { reason: `r-${eco}`, incidentUrl: "u", by: "alice" }),
  audit: [`requested_by: user-${eco}`],
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
    for (const eco of ecosystems.slice(1))
      expect(folded).toContain(`chore: disable ${eco} batch processing\n\nreason: r-${eco}\nincident_url: u\nrequested_by: user-${eco}`);
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

  test("a file as GitHub serves it (base64 in 60-character lines) with a BOM and CRLF line endings: read as meant, written in the pipeline's layout", async () => {
    // A Windows editor's save: byte-order mark, CRLF. The pipeline's jq reads it; batch-ops must too
    // (an emergency stop must not be blocked by it), and writes it back as the pipeline itself would.
    const windows = "\ufeff" + fixture.replace(/\n/g, "\r\n");
    const wrapped = (text: string) => Buffer.from(text, "utf8").toString("base64").replace(/.{60}/g, "$&\n");
    const scope = nock(API);
    scope
      .get(`/repos/${OWNER}/${REPO}/contents/batch-control.json`)
      .query({ ref: "main" })
      .reply(200, { type: "file", encoding: "base64", size: Buffer.byteLength(windows), sha: "bom-crlf", content: wrapped(windows) });
    let written = "";
    scope
      .put(`/repos/${OWNER}/${REPO}/contents/batch-control.json`, (body: { content: string; sha?: string; branch: string }) => {
        written = Buffer.from(body.content, "base64").toString("utf8");
        return body.sha === "bom-crlf" && body.branch === "main";
      })
      .reply(200, { content: { sha: "new" }, commit: { sha: "c1", html_url: "https://github.com/x/y/commit/c1" } });
    const store = new ControlStore({ clock: () => NOW, backoff: noSleep });
    const outcome = await store.submit(github, repo, "batch-control.json", stop("npm"));
    expect(outcome.kind).toBe("committed");
    expect(written).toBe(fixture.replace('"disabled_ecosystems": [],', '"disabled_ecosystems": [\n    "npm"\n  ],'));
    expect(scope.isDone()).toBe(true);
  });

  test.each([
    ["[]", "(root) → must be a JSON object"],
    ["null", "(root) → must be a JSON object"],
    ['"enabled"', "(root) → must be a JSON object"],
  ])("a control file that is JSON but not an object (%s) is refused and never written", async (text, error) => {
    const file = new FakeFile("batch-control.json", text);
    const store = new ControlStore({ clock: () => NOW, backoff: noSleep });
    const failure = await store.submit(github, repo, "batch-control.json", stop("npm")).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(InvalidControlFileError);
    expect((failure as InvalidControlFileError).errors).toEqual([error]);
    expect(file.commits).toHaveLength(0);
    expect(file.text).toBe(text);
  });

  test.each([10, 50])("%i concurrent stops while an outside writer commits between read and write: all land, none lost, folded", async (n) => {
    const file = new FakeFile("batch-control.json", fixture);
    // The pipeline's own job: commits land between the app's reads and writes, to this file (another
    // field: on odd writes among the first six, then every fifth), and to another file while GitHub
    // writes (the branch moves under GitHub's own read, "is at X but expected Y": on the first three
    // writes that get that far, then every fourth).
    let writes = 0;
    file.beforeWrite = (f) => {
      writes++;
      if ((writes <= 6 || writes % 5 === 0) && writes % 2 === 1) {
        const parsed = parseControlFile(f.text!);
        if (parsed.ok) f.externalWrite(JSON.stringify({ ...parsed.control, external_counter: writes }, null, 2) + "\n");
      }
    };
    let checked = 0;
    file.duringWrite = (f) => {
      if (++checked <= 3 || checked % 4 === 0) f.externalCommitElsewhere();
    };
    const names = Array.from({ length: n }, (_, i) => `eco${i}`);
    const replicas = [0, 1].map(() => new ControlStore({ clock: () => NOW, backoff: { ...noSleep, attempts: 40 } }));
    const outcomes = await Promise.all(names.map((eco, i) => replicas[i % 2]!.submit(github, repo, "batch-control.json", stop(eco))));
    expect(outcomes.every((o) => o.kind === "committed")).toBe(true);
    expect(disabledIn(file.text).sort()).toEqual([...names].sort());
    expect(file.conflicts).toBeGreaterThan(0);
    expect(file.elsewhere).toBeGreaterThan(0);
    expect(file.commits.length).toBeLessThan(n); // folded
    const parsed = parseControlFile(file.text!);
    expect(parsed.ok && (parsed.control as Record<string, unknown>)["external_counter"]).toBeDefined();
    const messages = file.commits.map((c) => c.message).join("\n");
    for (const eco of names) expect(messages).toContain(`chore: disable ${eco} batch processing`);
  });

  test("a write GitHub refuses with nothing moving (a ruleset) is a clear refusal for every waiting edit, not a failure", async () => {
    const file = new FakeFile("batch-control.json", fixture);
    file.refusal = { status: 409, message: "Repository rule violations found" };
    const store = new ControlStore({ clock: () => NOW, backoff: noSleep });
    const outcomes = await Promise.all([
      store.submit(github, repo, "batch-control.json", stop("npm")),
      store.submit(github, repo, "batch-control.json", stop("pypi")),
    ]);
    const note =
      "GitHub refused the write to `batch-control.json`: `Repository rule violations found`; nothing moved (neither the file nor `main`), so it was not retried";
    expect(outcomes).toEqual([
      { kind: "refused", note },
      { kind: "refused", note },
    ]);
    expect(file.commits).toHaveLength(0);
    expect(file.text).toBe(fixture);
  });

  test("GitHub errors other than rejected writes fail the write at once", async () => {
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/contents/batch-control.json?ref=main`)
      .reply(200, {
        type: "file",
        encoding: "base64",
        sha: "abc",
        content: Buffer.from(fixture).toString("base64"),
      });
    nock(API).put(`/repos/${OWNER}/${REPO}/contents/batch-control.json`).reply(403, { message: "Resource not accessible by integration" });
    const store = new ControlStore({ clock: () => NOW, backoff: noSleep });
    await expect(store.submit(github, repo, "batch-control.json", stop("npm"))).rejects.toMatchObject({ status: 403 });
    expect(nock.isDone()).toBe(true);
  });
});
