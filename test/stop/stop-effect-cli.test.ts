import { describe, expect, test } from "@jest/globals";
import { CASE_NOW, tsuku } from "../shared/control-cases.js";
import { GATED_WORKFLOW, TSUKU_BATCH_GENERATE, TSUKU_BATCH_OPERATIONS } from "../shared/workflows.js";
import { tempClones } from "../helpers/temp-repo.js";

const clones = tempClones();
/** With an origin, so the only stderr lines are the ones under test. */
const clone = (files: Record<string, string>, options: Parameters<typeof clones>[1] = {}) => clones(files, { remote: true, ...options });
const at = { BATCH_OPS_NOW: CASE_NOW };

/** The real pipeline's shape: the hourly workflow reads only the breakers; a placeholder reads the stop fields. */
const tsukuWorkflows = {
  "batch-control.json": tsuku,
  ".github/workflows/batch-generate.yml": TSUKU_BATCH_GENERATE,
  ".github/workflows/batch-operations.yml": TSUKU_BATCH_OPERATIONS,
  ".github/workflows/test.yml": "on: push\njobs: {}\n",
};

describe("a stop that does not stop is said so (issue 14)", () => {
  test("stop homebrew on the real pipeline's workflows: committed, and the warning names the workflow that ignores it", async () => {
    const repo = await clone(tsukuWorkflows);
    const run = await repo.cli(["stop", "homebrew", "--reason", "outage", "--by", "alice"], at);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("commit ");
    expect(run.stderr).toBe(
      [
        "warning: This stop may not stop anything: an ecosystem stop works only where a workflow reads disabled_ecosystems.",
        "batch-generate.yml reads batch-control.json but not disabled_ecosystems: it keeps running.",
        "batch-operations.yml reads disabled_ecosystems.",
        "Fix: gate the batch jobs with the batch-ops pre-flight action (action.yml with ecosystem:, output can_proceed), or stop everything with stop_workflows configured.",
        "",
      ].join("\n"),
    );
  });

  test("stop all with stop_workflows empty: the warning and the fix", async () => {
    const repo = await clone(tsukuWorkflows);
    const run = await repo.cli(["stop", "all", "--by", "alice"], at);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "warning: This stop may not stop anything: stop_workflows is empty, so no workflow was disabled: the stop works only where a workflow reads enabled.",
    );
    expect(run.stderr).toContain("batch-generate.yml reads batch-control.json but not enabled: it keeps running.");
    expect(run.stderr).toContain("Fix: list the batch workflows under stop_workflows in .github/batch-ops.yml");
  });

  test("stop all with stop_workflows set: no warning, the gh commands instead; an ecosystem stop still warns", async () => {
    const repo = await clone({ ...tsukuWorkflows, ".github/batch-ops.yml": "stop_workflows: [batch-generate.yml]\n" });
    const all = await repo.cli(["stop", "all", "--by", "alice"], at);
    expect(all.code).toBe(0);
    expect(all.stderr).toBe("The app would also disable batch-generate.yml; without it, run:\n  gh workflow disable batch-generate.yml\n");
    const eco = await repo.cli(["resume", "all", "--by", "alice"], at);
    expect(eco.code).toBe(0);
    const npm = await repo.cli(["stop", "npm", "--by", "alice"], at);
    expect(npm.stderr).toContain("batch-generate.yml reads batch-control.json but not disabled_ecosystems");
  });

  test("batch workflows gated by the pre-flight action: no warning", async () => {
    const repo = await clone({ "batch-control.json": tsuku, ".github/workflows/batch-generate.yml": GATED_WORKFLOW });
    for (const args of [
      ["stop", "homebrew"],
      ["stop", "all"],
    ]) {
      const run = await repo.cli([...args, "--by", "alice"], at);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe("");
    }
  });

  test("validate and preflight warn, exit status unchanged; validate's report is on stdout", async () => {
    const repo = await clone(tsukuWorkflows);
    const validate = await repo.cli(["validate"]);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain("ok: batch-control.json\n");
    expect(validate.stdout).toContain("warning: /stop all (enabled: false) may not stop anything");
    expect(validate.stdout).toContain("warning: /stop <ecosystem> (disabled_ecosystems) may not stop anything");
    expect(validate.stderr).toBe("");
    const preflight = await repo.cli(["preflight", "--ecosystem", "homebrew"], at);
    expect(preflight.code).toBe(0);
    expect(preflight.stdout).toMatch(/^can_proceed=true\n/);
    expect(preflight.stderr).toContain("batch-generate.yml reads batch-control.json but not enabled: it keeps running.");
  });
});

describe("smaller fixes (issue 14 item 5)", () => {
  test("global options before the command: batch-ops -C dir validate, --dir=, --config", async () => {
    const repo = await clone({ "batch-control.json": tsuku, ".github/workflows/b.yml": GATED_WORKFLOW, "ops/cfg.yml": "ecosystems: [homebrew]\n" });
    const elsewhere = await clone({}, { init: false });
    const short = await elsewhere.cli(["-C", repo.dir, "validate"]);
    expect(short.code).toBe(0);
    expect(short.stdout).toContain("ok: batch-control.json");
    expect((await elsewhere.cli([`-C${repo.dir}`, "validate"])).code).toBe(0);
    expect((await elsewhere.cli([`--dir=${repo.dir}`, "status"])).code).toBe(0);
    const config = await elsewhere.cli(["-C", repo.dir, "--config", `${repo.dir}/ops/cfg.yml`, "validate", "--json"]);
    expect(JSON.parse(config.stdout).files[0]).toEqual({ file: `${repo.dir}/ops/cfg.yml`, status: "valid", errors: [] });
    const unknown = await elsewhere.cli(["--force", "validate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown option "--force" before the command');
    const missing = await elsewhere.cli(["-C"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("-C needs a value");
  });

  test("stop default is refused: it is the breaker's fallback key, not an ecosystem", async () => {
    const repo = await clone({ "batch-control.json": tsuku });
    const before = await repo.commitCount();
    for (const args of [
      ["stop", "default"],
      ["stop", "npm", "default"],
    ]) {
      const run = await repo.cli([...args, "--by", "alice"], at);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("default is the circuit breaker's fallback entry");
      expect(run.stderr).toContain("Nothing was changed");
    }
    expect(await repo.commitCount()).toBe(before);
    const typo = await repo.cli(["stop", "defualt", "--by", "alice"], at);
    expect(typo.stderr).toMatch(/Unknown ecosystem defualt\. Known: (?!.*\bdefault\b)/);
  });
});
