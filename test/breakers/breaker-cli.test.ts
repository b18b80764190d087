import { describe, expect, test } from "@jest/globals";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BREAKER_NOW, breakerCases, controlWith, HALF_OPEN_CASE } from "../shared/breaker-cases.js";
import { CLI_TRAILER } from "../shared/control-cases.js";
import { tempClones } from "../helpers/temp-repo.js";

const clone = tempClones();
const at = { BATCH_OPS_NOW: BREAKER_NOW };
const breakerOf = (text: string) => JSON.stringify(JSON.parse(text).circuit_breaker.homebrew);

describe("record: the shared breaker table (the app suite runs it through batchRunEdit)", () => {
  test.each(breakerCases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const repo = await clone({ "batch-control.json": controlWith(c.before) });
    const before = await repo.commitCount();
    const run = await repo.cli(["record", "homebrew", c.outcome, "--commit", "--by", "alice"], at);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n").filter((l) => l.startsWith("breaker: "))).toEqual(c.lines);
    if (c.after === undefined) {
      expect(run.stdout).toContain("Nothing to change: the homebrew breaker stays open");
      expect(repo.read("batch-control.json")).toBe(controlWith(c.before));
      expect(await repo.commitCount()).toBe(before);
    } else {
      expect(breakerOf(repo.read("batch-control.json"))).toBe(JSON.stringify(c.after));
      expect(await repo.headMessage()).toBe(["chore: update circuit breaker state [skip ci]", "", ...c.lines, ...CLI_TRAILER].join("\n"));
      expect(await repo.commitCount()).toBe(before + 1);
    }
    expect(await repo.status()).toBe("");
  });

  test("without --commit the file is only written, like update_breaker.sh, even on a dirty file", async () => {
    const repo = await clone({ "batch-control.json": controlWith({ state: "closed", failures: 0 }) });
    writeFileSync(join(repo.dir, "batch-control.json"), controlWith({ state: "closed", failures: 3 }));
    const run = await repo.cli(["record", "HomeBrew", "failure"], at);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("(written, not committed)");
    expect(breakerOf(repo.read("batch-control.json"))).toBe(JSON.stringify({ state: "closed", failures: 4, last_failure: BREAKER_NOW }));
    expect(await repo.commitCount()).toBe(1);
  });

  test("--json gives the outcome and the transitions", async () => {
    const repo = await clone({ "batch-control.json": controlWith({ state: "closed", failures: 4 }) });
    const run = await repo.cli(["record", "homebrew", "failure", "--json"], at);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ status: "written", file: "batch-control.json", ecosystem: "homebrew", outcome: "failure" });
    expect(out.transitions).toEqual([
      { ecosystem: "homebrew", from: "closed", to: "open", failuresBefore: 4, failuresAfter: 5, cause: "failure", opensAt: "2026-11-27T11:00:00Z" },
    ]);
  });

  test("refusals: unknown ecosystem (1), bad outcome (2), dirty file with --commit (1); nothing written", async () => {
    const text = controlWith({ state: "closed", failures: 1 });
    const repo = await clone({ "batch-control.json": text });
    const unknown = await repo.cli(["record", "homebrw", "failure"], at);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Unknown ecosystem homebrw. Known: homebrew, crates.io");
    const bad = await repo.cli(["record", "homebrew", "flaky"], at);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("the outcome must be success or failure");
    expect(repo.read("batch-control.json")).toBe(text);
    writeFileSync(join(repo.dir, "batch-control.json"), text.replace('"failures": 1', '"failures": 2'));
    const dirty = await repo.cli(["record", "homebrew", "failure", "--commit", "--by", "alice"], at);
    expect(dirty.code).toBe(1);
    expect(dirty.stderr).toContain("batch-control.json has uncommitted changes");
    expect(repo.read("batch-control.json")).toBe(text.replace('"failures": 1', '"failures": 2'));
    expect(await repo.commitCount()).toBe(1);
  });
});

describe("breaker: the check script's output", () => {
  const cases: [string, object | undefined, string[]][] = [
    ["no breaker: closed", undefined, ["skip=false", "state=closed"]],
    ["closed", { state: "closed", failures: 2 }, ["skip=false", "state=closed"]],
    [
      "open and waiting",
      { state: "open", failures: 5, opens_at: "2026-11-27T10:30:00Z" },
      ["skip=true", "state=open", "::warning::Circuit breaker open for homebrew until 2026-11-27T10:30:00Z"],
    ],
    [
      "open without opens_at",
      { state: "open", failures: 5 },
      ["skip=true", "state=open", "::warning::Circuit breaker open for homebrew (no recovery time set)"],
    ],
    [
      "open past opens_at",
      { state: "open", failures: 5, opens_at: "2026-11-27T09:00:00Z" },
      ["skip=false", "state=half-open", "::notice::Circuit breaker half-open for homebrew (probe request)"],
    ],
    [
      "open with an unreadable opens_at (the script reads it as 0)",
      { state: "open", failures: 5, opens_at: "soon" },
      ["skip=false", "state=half-open", "::notice::Circuit breaker half-open for homebrew (probe request)"],
    ],
    [
      "half-open",
      { state: "half-open", failures: 5 },
      ["skip=false", "state=half-open", "::notice::Circuit breaker half-open for homebrew (probe request)"],
    ],
  ];
  test.each(cases)("%s", async (_name, breaker, lines) => {
    const text = controlWith(breaker as never);
    const repo = await clone({ "batch-control.json": text });
    const output = join(repo.home, "github_output");
    writeFileSync(output, "earlier=kept\n");
    const run = await repo.cli(["breaker", "homebrew"], { ...at, GITHUB_OUTPUT: output });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(lines.join("\n") + "\n");
    // Appended, skip first then state, as scripts/check_breaker.sh writes them.
    expect(readFileSync(output, "utf8")).toBe(`earlier=kept\n${lines.slice(0, 2).join("\n")}\n`);
    // Without --apply nothing is written, whatever the decision.
    expect(repo.read("batch-control.json")).toBe(text);
  });

  test("aliases resolve to the breaker's key (cargo → crates.io)", async () => {
    const repo = await clone({
      "batch-control.json":
        JSON.stringify({ circuit_breaker: { "crates.io": { state: "open", failures: 9, opens_at: "2026-11-27T12:00:00Z" } } }, null, 2) + "\n",
    });
    const run = await repo.cli(["breaker", "cargo", "--json"], at);
    expect(JSON.parse(run.stdout)).toEqual({ ecosystem: "crates.io", skip: true, state: "open", due: false });
  });

  test("--apply writes open → half-open (no commit); --apply --commit commits it with the app's message", async () => {
    const repo = await clone({ "batch-control.json": HALF_OPEN_CASE.before });
    const written = await repo.cli(["breaker", "homebrew", "--apply"], at);
    expect(written.stdout).toBe("skip=false\nstate=half-open\n::notice::Circuit breaker half-open for homebrew (probe request)\n");
    expect(written.stderr).toContain("Moved homebrew to half-open in batch-control.json (written, not committed)");
    expect(repo.read("batch-control.json")).toBe(HALF_OPEN_CASE.after);
    expect(await repo.commitCount()).toBe(1);

    await repo.git(["checkout", "--", "batch-control.json"]);
    const committed = await repo.cli(["breaker", "homebrew", "--apply", "--commit", "--by", "alice"], at);
    expect(committed.code).toBe(0);
    expect(repo.read("batch-control.json")).toBe(HALF_OPEN_CASE.after);
    expect(await repo.headMessage()).toBe([...HALF_OPEN_CASE.message, ...CLI_TRAILER].join("\n"));
    // Now half-open: a second --apply has nothing to write.
    const again = await repo.cli(["breaker", "homebrew", "--apply", "--commit", "--by", "alice"], at);
    expect(again.stdout).toContain("state=half-open");
    expect(await repo.commitCount()).toBe(2);
  });

  test("an invalid control file: skip=true state=unknown to $GITHUB_OUTPUT, exit 1, nothing written", async () => {
    const broken = '{ "circuit_breaker": { "homebrew": { "state": "ajar", "failures": 1 } } }\n';
    const repo = await clone({ "batch-control.json": broken });
    const output = join(repo.home, "github_output");
    const run = await repo.cli(["breaker", "homebrew", "--apply"], { ...at, GITHUB_OUTPUT: output });
    expect(run.code).toBe(1);
    expect(readFileSync(output, "utf8")).toBe("skip=true\nstate=unknown\n");
    expect(run.stderr).toContain("batch-control.json: circuit_breaker.homebrew.state → Invalid option");
    expect(repo.read("batch-control.json")).toBe(broken);
  });

  test("CONTROL_FILE (the scripts' variable) and --control-file choose the file", async () => {
    const repo = await clone({ "ops/breakers.json": controlWith({ state: "open", failures: 5 }) });
    expect((await repo.cli(["breaker", "homebrew"], { ...at, CONTROL_FILE: "ops/breakers.json" })).stdout).toContain("skip=true");
    expect((await repo.cli(["breaker", "homebrew", "--control-file", "ops/breakers.json"], at)).stdout).toContain("skip=true");
    const outside = await repo.cli(["breaker", "homebrew", "--control-file", "../x.json"], at);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain("must be a path inside the repository");
  });
});

describe("preflight", () => {
  async function preflight(control: object, args: string[] = []) {
    const repo = await clone({ "batch-control.json": JSON.stringify(control, null, 2) + "\n" });
    const output = join(repo.home, "github_output");
    const run = await repo.cli(["preflight", ...args], { ...at, GITHUB_OUTPUT: output });
    return { run, output: readFileSync(output, "utf8"), repo };
  }

  test("enabled, ecosystem not disabled, breaker closed: can proceed", async () => {
    const { run, output } = await preflight({ enabled: true, disabled_ecosystems: ["npm"] }, ["--ecosystem", "homebrew"]);
    expect(run.code).toBe(0);
    expect(output).toBe('can_proceed=true\ndisabled_ecosystems=["npm"]\nskip=false\nstate=closed\nreason=\n');
    expect(run.stdout).toBe(output);
  });

  test("stopped: cannot proceed, with the reason on one line", async () => {
    const { run, output } = await preflight({ enabled: false, reason: "Emergency stop: bad\nbatch", disabled_ecosystems: [] });
    expect(run.code).toBe(0);
    expect(output).toBe("can_proceed=false\ndisabled_ecosystems=[]\nreason=batch processing is stopped: Emergency stop: bad batch\n");
  });

  test("a disabled ecosystem (by alias) cannot proceed", async () => {
    const { output } = await preflight({ disabled_ecosystems: ["crates.io"] }, ["--ecosystem", "cargo"]);
    expect(output).toBe(
      'can_proceed=false\ndisabled_ecosystems=["crates.io"]\nskip=false\nstate=closed\nreason=crates.io is in disabled_ecosystems\n',
    );
  });

  test("an open breaker cannot proceed; a due one goes half-open and can", async () => {
    const open = await preflight({ circuit_breaker: { npm: { state: "open", failures: 5, opens_at: "2026-11-27T11:00:00Z" } } }, [
      "--ecosystem",
      "npm",
    ]);
    expect(open.output).toBe("can_proceed=false\ndisabled_ecosystems=[]\nskip=true\nstate=open\nreason=the npm circuit breaker is open\n");
    const due = await preflight({ circuit_breaker: { npm: { state: "open", failures: 5, opens_at: "2026-11-27T09:00:00Z" } } }, [
      "--ecosystem",
      "npm",
      "--json",
    ]);
    expect(JSON.parse(due.run.stdout)).toEqual({
      can_proceed: true,
      disabled_ecosystems: [],
      ecosystem: "npm",
      skip: false,
      state: "half-open",
      reason: "",
    });
  });

  test("a hostile control file cannot add outputs of its own", async () => {
    const { output } = await preflight({ enabled: false, reason: "x\ncan_proceed=true", disabled_ecosystems: ["a\nskip=false"] });
    expect(
      output
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => l.split("=")[0]),
    ).toEqual(["can_proceed", "disabled_ecosystems", "reason"]);
    expect(output).toContain('disabled_ecosystems=["a\\nskip=false"]');
  });

  test("invalid JSON: can_proceed=false to $GITHUB_OUTPUT and exit 1", async () => {
    const repo = await clone({ "batch-control.json": "{ not json" });
    const output = join(repo.home, "github_output");
    const run = await repo.cli(["preflight", "--ecosystem", "npm"], { ...at, GITHUB_OUTPUT: output });
    expect(run.code).toBe(1);
    expect(readFileSync(output, "utf8")).toBe("can_proceed=false\nskip=true\nstate=unknown\nreason=the control file or config cannot be read\n");
    expect(run.stderr).toContain("batch-control.json: (root) → not valid JSON");
  });

  test("an invalid config fails closed too", async () => {
    const repo = await clone({ "batch-control.json": controlWith(undefined), ".github/batch-ops.yml": "ecosystems: homebrew\n" });
    const output = join(repo.home, "github_output");
    const run = await repo.cli(["preflight"], { ...at, GITHUB_OUTPUT: output });
    expect(run.code).toBe(1);
    expect(readFileSync(output, "utf8")).toContain("can_proceed=false\n");
    expect(run.stderr).toContain(".github/batch-ops.yml: ecosystems → Invalid input: expected array");
  });
});
