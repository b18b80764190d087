import { describe, expect, test } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { casCommit, type FileAtHead } from "../../src/cli/cas-commit.js";
import { GitError } from "../../src/cli/git.js";
import { CASE_NOW, tsuku } from "../shared/control-cases.js";
import { GATED_WORKFLOW } from "../shared/workflows.js";
import { tempClones, type TempRepo } from "../helpers/temp-repo.js";

const clone = tempClones();
const noSleep = { attempts: 8, baseMs: 1, maxMs: 2, sleep: async () => {} };

/** Another process committing in the same clone, synchronously (from inside `decide`, between our read and our ref update). */
function outsideCommit(repo: TempRepo, path: string, text: string, message: string): void {
  writeFileSync(join(repo.dir, path), text);
  const env = { PATH: process.env["PATH"], HOME: repo.home, GIT_CONFIG_NOSYSTEM: "1", LC_ALL: "C" };
  execFileSync("git", ["add", "--", path], { cwd: repo.dir, env });
  execFileSync("git", ["commit", "--quiet", "-m", message, "--", path], { cwd: repo.dir, env });
}

const append = (line: string) => (file: FileAtHead) => ({ change: { text: `${file.text ?? ""}${line}\n`, message: `add ${line}` }, decision: line });

describe("the CLI's local commit is a compare-and-swap on HEAD", () => {
  test("a commit landing between our read and our ref update five times in a row: ours lands on top, every one kept", async () => {
    const repo = await clone({ "list.txt": "base\n" });
    let outside = 0;
    const result = await casCommit(
      repo.dir,
      "list.txt",
      (file) => {
        if (outside < 5) outsideCommit(repo, "list.txt", `${file.text}outside-${++outside}\n`, `outside ${outside}`);
        return append("ours")(file);
      },
      noSleep,
    );
    const atHead = await repo.git(["show", "HEAD:list.txt"]);
    expect(atHead).toBe("base\noutside-1\noutside-2\noutside-3\noutside-4\noutside-5\nours\n");
    expect((await repo.git(["log", "--format=%s"])).trim().split("\n")).toEqual([
      "add ours",
      "outside 5",
      "outside 4",
      "outside 3",
      "outside 2",
      "outside 1",
      "initial",
    ]);
    expect(result.commit!.sha).toBe((await repo.git(["rev-parse", "HEAD"])).trim());
  });

  test("another file committed meanwhile: the same change is made again on top of it, both kept", async () => {
    const repo = await clone({ "list.txt": "base\n", "other.txt": "x\n" });
    let outside = 0;
    await casCommit(
      repo.dir,
      "list.txt",
      (file) => {
        if (outside++ === 0) outsideCommit(repo, "other.txt", "y\n", "outside");
        return append("ours")(file);
      },
      noSleep,
    );
    expect(await repo.git(["show", "HEAD:list.txt"])).toBe("base\nours\n");
    expect(await repo.git(["show", "HEAD:other.txt"])).toBe("y\n");
    expect(await repo.changedInHead()).toEqual(["list.txt"]);
  });

  test("a ref update git refuses with HEAD not moving (a held lock): tried twice, then the failure; nothing moved", async () => {
    const repo = await clone({ "list.txt": "base\n" });
    const head = (await repo.git(["rev-parse", "HEAD"])).trim();
    writeFileSync(join(repo.dir, ".git/refs/heads/main.lock"), "");
    let decisions = 0;
    const error = await casCommit(repo.dir, "list.txt", (file) => (decisions++, append("ours")(file)), noSleep).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect((error as Error).message).toContain("main.lock");
    expect(decisions).toBe(2);
    expect((await repo.git(["rev-parse", "HEAD"])).trim()).toBe(head);
    expect(repo.read("list.txt")).toBe("base\n");
    expect(await repo.status()).toBe("");
  });

  test("the CLI with a held lock: exit 3, the file and the index as they were", async () => {
    const repo = await clone({ "batch-control.json": tsuku });
    writeFileSync(join(repo.dir, ".git/refs/heads/main.lock"), "");
    const run = await repo.cli(["stop", "npm", "--by", "alice"], { BATCH_OPS_NOW: CASE_NOW });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("the commit failed, and batch-control.json was put back as it was");
    expect(repo.read("batch-control.json")).toBe(tsuku);
    expect(await repo.status()).toBe("");
    expect(await repo.commitCount()).toBe(1);
  });

  test("8 CLI runs at once in one clone, with another file committed meanwhile: every stop lands, no commit lost", async () => {
    const names = Array.from({ length: 8 }, (_, i) => `eco${i}`);
    // A realistic repository: its batch workflow is gated by the pre-flight action, so the stops take effect (no warning).
    const repo = await clone({
      "batch-control.json": tsuku,
      "notes.txt": "0\n",
      ".github/batch-ops.yml": `ecosystems: [${names.join(", ")}]\n`,
      ".github/workflows/batch.yml": GATED_WORKFLOW,
    });
    const runs = Promise.all(names.map((eco) => repo.cli(["stop", eco, "--reason", `r ${eco}`, "--by", "alice"], { BATCH_OPS_NOW: CASE_NOW })));
    // The pipeline's job meanwhile, in the same clone: commits to another file, retrying when git's lock is busy.
    for (let i = 1; i <= 3; i++) {
      for (let tries = 0; tries < 50; tries++) {
        try {
          outsideCommit(repo, "notes.txt", `${i}\n`, `outside ${i}`);
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    }
    const results = await runs;
    expect(results.map((r) => [r.code, r.stderr])).toEqual(names.map(() => [0, "Note: this clone has no remote.\n"]));
    const control = JSON.parse(await repo.git(["show", "HEAD:batch-control.json"])) as { disabled_ecosystems: string[] };
    expect(control.disabled_ecosystems.slice().sort()).toEqual(names);
    expect(await repo.git(["show", "HEAD:notes.txt"])).toBe("3\n");
    const subjects = (await repo.git(["log", "--format=%s"])).trim().split("\n");
    for (const eco of names) expect(subjects).toContain(`chore: disable ${eco} batch processing`);
    expect(subjects.filter((s) => s.startsWith("outside"))).toHaveLength(3);
    expect(repo.read("batch-control.json")).toBe(await repo.git(["show", "HEAD:batch-control.json"]));
    expect(await repo.status()).toBe("");
  }, 60_000);
});
