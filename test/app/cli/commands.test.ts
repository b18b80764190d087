import { describe, expect, test } from "@jest/globals";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderStatus } from "../../../src/stop/status-render.js";
import { defaultRepoConfig } from "../../../src/config/validate.js";
import { parseControlFile } from "../../../src/control/codec.js";
import { viewControl } from "../../../src/control/view.js";
import { CASE_NOW, tsuku } from "../../shared/control-cases.js";
import { GATED_WORKFLOW } from "../../shared/workflows.js";
import { tempClones } from "../../helpers/temp-repo.js";

const clone = tempClones();
const at = { BATCH_OPS_NOW: CASE_NOW };
const queue = (entries: object[]) => JSON.stringify({ schema_version: 1, updated_at: "2026-08-13T20:39:55Z", entries }, null, 2) + "\n";
const entry = {
  name: "bat",
  source: "github:sharkdp/bat",
  priority: 1,
  status: "success",
  confidence: "curated",
  disambiguated_at: null,
  failure_count: 0,
  next_retry_at: null,
};

describe("help and usage", () => {
  const commands = ["status", "stop", "resume", "breaker", "preflight", "record", "validate", "queue", "rollback"];
  test.each(commands)("%s --help", async (name) => {
    const repo = await clone({}, { init: false });
    const run = await repo.cli([name, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: batch-ops ${name} `));
    expect(run.stdout).toContain("Exit status: 0 done");
  });

  test("batch-ops --help lists every command; no command is a usage error", async () => {
    const repo = await clone({}, { init: false });
    const help = await repo.cli(["--help"]);
    expect(help.code).toBe(0);
    for (const name of commands) expect(help.stdout).toContain(`\n  ${name} `);
    const none = await repo.cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("<command> [options]");
    const unknown = await repo.cli(["explode"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "explode"');
  });

  test("wrong command lines exit 2 and read nothing", async () => {
    const repo = await clone({ "batch-control.json": "{ broken" });
    const cases: [string[], string][] = [
      [["stop"], "name the ecosystems to stop, or `all`"],
      [["stop", "homebrew", "--until", "4h"], "--until applies to `stop all` only"],
      [["stop", "all", "--until", "yesterday"], "--until yesterday is neither"],
      [["stop", "all", "homebrew"], "`stop all` takes no ecosystem names"],
      [["resume"], "name the ecosystems to resume, or `all`"],
      [["breaker"], "name exactly one ecosystem"],
      [["breaker", "npm", "--commit"], "--commit needs --apply"],
      [["status", "--markdown", "--json"], "choose one of --markdown and --json"],
      [["status", "--frobnicate"], "Unknown option '--frobnicate'"],
    ];
    for (const [args, says] of cases) {
      const run = await repo.cli(args, at);
      expect([args, run.code]).toEqual([args, 2]);
      expect(run.stderr).toContain(says);
    }
    const badClock = await repo.cli(["status"], { BATCH_OPS_NOW: "teatime" });
    expect(badClock.code).toBe(2);
    expect(badClock.stderr).toContain("BATCH_OPS_NOW: must be an ISO-8601 time");
  });
});

describe("status", () => {
  test("plain text from the working tree, with the check decision per breaker", async () => {
    const repo = await clone({ "batch-control.json": tsuku });
    const run = await repo.cli(["status"], { BATCH_OPS_NOW: "2026-06-26T21:00:00Z" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Batch processing: enabled");
    expect(run.stdout).toMatch(/ {2}homebrew +open +957 +2026-06-26T20:51:01Z \(8m ago\) +half-open in 51m +skip=true/);
    expect(run.stdout).toMatch(/ {2}default +closed +0 +— +— +skip=false/);
    expect(run.stdout).toContain("macOS: 0 / 1000 min (0%)");
    expect(run.stdout).toContain("Read: batch-control.json (working tree)");
  });

  test("--markdown is exactly the app's /status body; --json carries the same figures", async () => {
    const repo = await clone({ "batch-control.json": tsuku });
    const md = await repo.cli(["status", "--markdown"], at);
    const parsed = parseControlFile(tsuku);
    if (!parsed.ok) throw new Error("fixture");
    const expected = renderStatus({
      view: viewControl(parsed.control),
      config: defaultRepoConfig(),
      now: new Date(CASE_NOW),
      fileLink: "batch-control.json",
      controlPath: "batch-control.json",
      exists: true,
    });
    expect(md.stdout).toBe(expected + "\n");
    const json = JSON.parse((await repo.cli(["status", "--json"], at)).stdout);
    expect(json).toMatchObject({ file: "batch-control.json", exists: true, enabled: true, disabled_ecosystems: [] });
    expect(json.breakers.find((b: { ecosystem: string }) => b.ecosystem === "npm")).toMatchObject({
      state: "open",
      failures: 696,
      check: { state: "half-open", skip: false },
    });
  });

  test("--ref reads an older commit; stop state and escape codes shown safely", async () => {
    const repo = await clone({ "batch-control.json": tsuku });
    const first = (await repo.git(["rev-parse", "HEAD"])).trim();
    await repo.commit("stop", {
      "batch-control.json": JSON.stringify({ enabled: false, reason: "bad \u001b[31mred\u001b[0m batch", disabled_by: "bob" }, null, 2) + "\n",
    });
    const now = await repo.cli(["status"], at);
    expect(now.stdout).toContain("Batch processing: STOPPED");
    expect(now.stdout).toContain("Why: bad [31mred [0m batch");
    expect(now.stdout).not.toContain("\u001b");
    const old = await repo.cli(["status", "--ref", first], at);
    expect(old.stdout).toContain("Batch processing: enabled");
    expect(old.stdout).toContain(`Read: batch-control.json (${first} at ${first.slice(0, 7)})`);
    const missing = await repo.cli(["status", "--ref", "no-such-branch"], at);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--ref no-such-branch: no such commit");
  });

  test("works on a plain directory (no git), and with no control file shows the defaults", async () => {
    const dir = await clone({ "README.md": "x\n" }, { init: false });
    const run = await dir.cli(["status"], at);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Warning: batch-control.json does not exist in working tree; showing the runbook's defaults.");
  });

  test("-C runs in another directory", async () => {
    const repo = await clone({ "batch-control.json": JSON.stringify({ enabled: false }) + "\n" });
    const elsewhere = await clone({}, { init: false });
    const run = await elsewhere.cli(["status", "-C", repo.dir], at);
    expect(run.stdout).toContain("Batch processing: STOPPED");
  });
});

describe("validate", () => {
  test("valid files pass (the real tsuku control file and queue)", async () => {
    const realQueue = (await import("node:fs")).readFileSync(new URL("../../fixtures/priority-queue.tsuku.json", import.meta.url), "utf8");
    const repo = await clone({
      "batch-control.json": tsuku,
      "data/queues/priority-queue.json": realQueue,
      ".github/batch-ops.yml": "ecosystems: [homebrew, npm]\n",
      ".github/workflows/batch.yml": GATED_WORKFLOW,
    });
    const run = await repo.cli(["validate"]);
    expect(run.code).toBe(0);
    // The report is the output: on stdout (issue 14); nothing on stderr when all is well.
    expect(run.stdout).toBe("ok: .github/batch-ops.yml\nok: batch-control.json\nok: data/queues/priority-queue.json\n");
    expect(run.stderr).toBe("");
  });

  test("invalid files: path → message lines and exit 1", async () => {
    const repo = await clone({
      "batch-control.json": JSON.stringify({ enabled: "yes", circuit_breaker: { npm: { state: "ajar", failures: -1 } } }),
      "data/queues/priority-queue.json": queue([entry, { ...entry, priority: 4, status: "lost" }, { ...entry, source: "nocolon" }]),
      ".github/batch-ops.yml": "ecosystems: [homebrew]\nbogus_key: 1\n",
    });
    const run = await repo.cli(["validate"]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toContain('.github/batch-ops.yml: (root) → Unrecognized key: "bogus_key"');
    expect(lines).toContain("batch-control.json: enabled → Invalid input: expected boolean, received string");
    expect(lines).toContain('batch-control.json: circuit_breaker.npm.state → Invalid option: expected one of "closed"|"open"|"half-open"');
    expect(lines).toContain("data/queues/priority-queue.json: entries.1.priority → Too big: expected number to be <=3");
    expect(lines.some((l) => l.startsWith("data/queues/priority-queue.json: entries.1.status → Invalid option"))).toBe(true);
    expect(lines).toContain("data/queues/priority-queue.json: entries.2.source → must be <ecosystem>:<identifier>");
  });

  test("duplicate queue names, bad YAML, --json, --ref", async () => {
    const repo = await clone({ "data/queues/priority-queue.json": queue([entry, entry]) });
    const dup = await repo.cli(["validate", "--json"]);
    expect(dup.code).toBe(1);
    expect(JSON.parse(dup.stdout)).toEqual({
      valid: false,
      files: [
        { file: ".github/batch-ops.yml", status: "absent", errors: [] },
        { file: "batch-control.json", status: "absent", errors: [] },
        { file: "data/queues/priority-queue.json", status: "invalid", errors: ["entries.1.name → duplicate of entries.0 (bat)"] },
      ],
      // No workflow at all reads the control file here: both kinds of stop would stop nothing.
      warnings: [
        "warning: /stop all (enabled: false) may not stop anything: stop_workflows is empty, so no workflow was disabled: the stop works only where a workflow reads enabled.",
        "The repository has no .github/workflows directory.",
        expect.stringMatching(/^Fix: list the batch workflows under stop_workflows/),
        "warning: /stop <ecosystem> (disabled_ecosystems) may not stop anything: an ecosystem stop works only where a workflow reads disabled_ecosystems.",
        "The repository has no .github/workflows directory.",
        expect.stringMatching(/^Fix: gate the batch jobs with the batch-ops pre-flight action/),
      ],
    });
    const good = await repo.commit("fix", { "data/queues/priority-queue.json": queue([entry]), ".github/batch-ops.yml": "ecosystems: [a\n" });
    const yaml = await repo.cli(["validate"]);
    expect(yaml.code).toBe(1);
    expect(yaml.stdout).toMatch(/^\.github\/batch-ops\.yml: \(root\) → not valid YAML: /);
    expect((await repo.cli(["validate", "--ref", `${good}~1`])).code).toBe(1);
    writeFileSync(join(repo.dir, ".github/batch-ops.yml"), "ecosystems: [a]\n");
    expect((await repo.cli(["validate"])).code).toBe(0);
  });
});

describe("stop and resume: refusals and failures leave everything as it was", () => {
  test("a dirty control file is refused; other staged work is never committed", async () => {
    const repo = await clone({ "batch-control.json": tsuku, "notes.txt": "a\n" });
    writeFileSync(join(repo.dir, "notes.txt"), "b\n");
    await repo.git(["add", "notes.txt"]);
    const ok = await repo.cli(["stop", "npm", "--by", "alice"], at);
    expect(ok.code).toBe(0);
    expect(await repo.changedInHead()).toEqual(["batch-control.json"]);
    expect(await repo.status()).toBe("M  notes.txt\n");
    writeFileSync(join(repo.dir, "batch-control.json"), tsuku);
    const dirty = await repo.cli(["resume", "npm", "--by", "alice"], at);
    expect(dirty.code).toBe(1);
    expect(dirty.stderr).toContain("batch-control.json has uncommitted changes");
    expect(repo.read("batch-control.json")).toBe(tsuku);
  });

  test("an invalid control file is refused with path → message lines and never overwritten", async () => {
    const broken = '{ "enabled": true, "disabled_ecosystems": "homebrew" }\n';
    const repo = await clone({ "batch-control.json": broken });
    const run = await repo.cli(["stop", "all", "--by", "alice"], at);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("batch-control.json is invalid, so nothing was done. Fix it by hand first:");
    expect(run.stderr).toContain("batch-control.json: disabled_ecosystems → Invalid input: expected array, received string");
    expect(repo.read("batch-control.json")).toBe(broken);
    expect(await repo.commitCount()).toBe(1);
  });

  test("requested_by comes from git config user.name, else user.email; no identity and no --by is refused", async () => {
    const named = await clone({ "batch-control.json": tsuku }, { identity: { name: "Jane Op", email: "jane@example.com" } });
    await named.cli(["stop", "npm"], at);
    expect((await named.headMessage()).split("\n").slice(-2)).toEqual(["requested_by: Jane Op", "via: batch-ops cli"]);
    const mailOnly = await clone({ "batch-control.json": tsuku }, { identity: { email: "ops@example.com" } });
    await mailOnly.git(["config", "user.name", ""]);
    await mailOnly.cli(["stop", "npm"], { ...at, GIT_AUTHOR_NAME: "x", GIT_COMMITTER_NAME: "x" });
    expect((await mailOnly.headMessage()).split("\n").slice(-2)).toEqual(["requested_by: ops@example.com", "via: batch-ops cli"]);
    const nobody = await clone({ "batch-control.json": tsuku }, { identity: null });
    const run = await nobody.cli(["stop", "npm"], at);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("set `git config user.name` or pass --by");
    expect(nobody.read("batch-control.json")).toBe(tsuku);
  });

  test("when git cannot commit, the file is put back and the exit status is 3", async () => {
    const repo = await clone({ "batch-control.json": tsuku }, { identity: null });
    await repo.git(["config", "user.useConfigOnly", "true"]);
    const run = await repo.cli(["stop", "npm", "--by", "alice"], at);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("the commit failed, and batch-control.json was put back as it was");
    expect(repo.read("batch-control.json")).toBe(tsuku);
    expect(await repo.status()).toBe("");
    expect(await repo.commitCount()).toBe(1);
  });

  test("stop needs a git clone; stop all names the workflows the app would also disable", async () => {
    const plain = await clone({ "batch-control.json": tsuku }, { init: false });
    const run = await plain.cli(["stop", "npm", "--by", "alice"], at);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not a git clone, so nothing can be committed");
    const repo = await clone({ "batch-control.json": tsuku, ".github/batch-ops.yml": "stop_workflows: [batch-generate.yml]\n" });
    const all = await repo.cli(["stop", "all", "--reason", "x", "--by", "alice"], at);
    expect(all.code).toBe(0);
    expect(all.stderr).toContain("The app would also disable batch-generate.yml; without it, run:\n  gh workflow disable batch-generate.yml");
  });

  test("a commit on a branch other than the one the pipeline reads says so", async () => {
    const repo = await clone({ "batch-control.json": tsuku }, { remote: true });
    await repo.git(["checkout", "--quiet", "-b", "ops-fix"]);
    const run = await repo.cli(["stop", "npm", "--by", "alice"], at);
    expect(run.stdout).toContain("Push it with: git push origin HEAD:ops-fix");
    expect(run.stderr).toContain("Note: the pipeline reads main, and this commit is for ops-fix.");
  });
});

describe("symbolic links", () => {
  test("a control file that links elsewhere is neither read (into a log) nor written", async () => {
    const repo = await clone({ "README.md": "x\n" });
    const secret = join(repo.home, "credentials");
    writeFileSync(secret, "ghp_SECRET_TOKEN_VALUE\n");
    symlinkSync(secret, join(repo.dir, "batch-control.json"));
    for (const args of [["validate"], ["preflight"], ["record", "npm", "failure"], ["status"]]) {
      const run = await repo.cli(args, at);
      expect([args, run.code]).toEqual([args, 1]);
      expect(run.stdout + run.stderr).not.toContain("SECRET");
      expect(run.stderr).toContain("batch-control.json is a symbolic link");
    }
    const outside = join(repo.home, "elsewhere");
    mkdirSync(outside);
    symlinkSync(outside, join(repo.dir, "ops"));
    const run = await repo.cli(["record", "npm", "failure", "--control-file", "ops/control.json"], at);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("ops/control.json is outside the clone");
    expect((await import("node:fs")).readdirSync(outside)).toEqual([]);
    expect((await import("node:fs")).readFileSync(secret, "utf8")).toBe("ghp_SECRET_TOKEN_VALUE\n");
  });
});
