import { afterAll, describe, expect, test } from "@jest/globals";
import { execFile } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { CLI, TempRepo } from "../helpers/temp-repo.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as {
  inputs: Record<string, { default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { id?: string; run?: string; env?: Record<string, string> }[] };
};
const step = action.runs.steps.find((s) => s.id === "preflight")!;
const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));

/** Runs the action's preflight step script with bash, as the runner would after substituting `env`. */
function runStep(cwd: string, inputs: Record<string, string>, output: string): Promise<number> {
  const env = {
    PATH: process.env["PATH"],
    HOME: cwd,
    GITHUB_OUTPUT: output,
    BATCH_OPS_CLI: CLI,
    INPUT_ECOSYSTEM: "",
    INPUT_APPLY: "false",
    INPUT_CHECK_QUEUE: "false",
    ...inputs,
  };
  return new Promise((resolve) => {
    execFile("bash", ["-e", "-c", step.run!], { cwd, env }, (error) => resolve(error ? ((error as { code?: number }).code ?? 1) : 0));
  });
}

function outputsOf(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

describe("action.yml (composite) runs preflight", () => {
  test("its outputs are the preflight step's, and inputs reach the script only through env", () => {
    expect(action.runs.using).toBe("composite");
    for (const [name, output] of Object.entries(action.outputs)) expect(output.value).toBe(`\${{ steps.preflight.outputs.${name} }}`);
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(["can_proceed", "skip", "state"]));
    for (const s of action.runs.steps) expect(s.run ?? "").not.toContain("${{");
    expect(Object.values(step.env!)).toEqual(expect.arrayContaining(["${{ inputs.ecosystem }}", "${{ inputs.apply }}", "${{ inputs.check-queue }}"]));
  });

  test("gates on the sample pipeline: can_proceed, skip and state for an ecosystem", async () => {
    const repo = await TempRepo.create({}, { init: false });
    repos.push(repo);
    cpSync(join(ROOT, "examples/sample-pipeline"), repo.dir, { recursive: true });
    const output = join(repo.home, "out");
    writeFileSync(output, "");
    expect(await runStep(repo.dir, { INPUT_ECOSYSTEM: "cargo", INPUT_CHECK_QUEUE: "true" }, output)).toBe(0);
    expect(outputsOf(output)).toEqual({ can_proceed: "true", disabled_ecosystems: "[]", skip: "false", state: "closed", queue: "valid", reason: "" });
  });

  test("an open breaker: can_proceed=false; --apply on a due one writes half-open; hostile input stays an argument", async () => {
    const repo = await TempRepo.create(
      {
        "batch-control.json":
          JSON.stringify(
            {
              circuit_breaker: {
                npm: { state: "open", failures: 5, opens_at: "2999-01-01T00:00:00Z" },
                pypi: { state: "open", failures: 5, opens_at: "2000-01-01T00:00:00Z" },
              },
            },
            null,
            2,
          ) + "\n",
      },
      { remote: false },
    );
    repos.push(repo);
    const open = join(repo.home, "open");
    writeFileSync(open, "");
    expect(await runStep(repo.dir, { INPUT_ECOSYSTEM: "npm" }, open)).toBe(0);
    expect(outputsOf(open)).toMatchObject({ can_proceed: "false", skip: "true", state: "open" });

    const due = join(repo.home, "due");
    writeFileSync(due, "");
    expect(await runStep(repo.dir, { INPUT_ECOSYSTEM: "pypi", INPUT_APPLY: "true" }, due)).toBe(0);
    expect(outputsOf(due)).toMatchObject({ can_proceed: "true", state: "half-open" });
    expect(JSON.parse(repo.read("batch-control.json")).circuit_breaker.pypi.state).toBe("half-open");

    const hostile = join(repo.home, "hostile");
    writeFileSync(hostile, "");
    await runStep(repo.dir, { INPUT_ECOSYSTEM: "$(touch pwned)" }, hostile);
    expect(existsSync(join(repo.dir, "pwned"))).toBe(false);
    expect(outputsOf(hostile)).toMatchObject({ can_proceed: "true", state: "closed" });
  });
});

describe("examples/sample-pipeline", () => {
  test("make-clone.sh builds a clone on which the Quick start commands work", async () => {
    const base = await TempRepo.create({}, { init: false });
    repos.push(base);
    const made = await new Promise<string>((resolve, reject) =>
      execFile(
        "bash",
        [join(ROOT, "examples/sample-pipeline/make-clone.sh"), join(base.dir, "sample")],
        { env: { PATH: process.env["PATH"], HOME: base.home, GIT_CONFIG_NOSYSTEM: "1" } },
        (error, stdout) => (error ? reject(error) : resolve(stdout.trim())),
      ),
    );
    expect(made).toBe(join(base.dir, "sample", "clone"));
    // No git identity anywhere (an empty HOME): the README's commands must work as written.
    const run = (args: string[]) => base.cli(args, { BATCH_OPS_NOW: "2026-11-27T10:00:00Z" }, made);
    expect((await run(["validate"])).code).toBe(0);
    expect((await run(["status"])).stdout).toContain("npm        open    5");
    const breaker = await run(["breaker", "npm"]);
    expect(breaker.stdout).toBe("skip=false\nstate=half-open\n::notice::Circuit breaker half-open for npm (probe request)\n");
    const stop = await run(["stop", "homebrew", "--reason", "upstream outage"]);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toContain("Push it with: git push origin HEAD:main");
    expect(await base.git(["-C", made, "log", "-1", "--format=%B"])).toContain("requested_by: Sample Operator\nvia: batch-ops cli\n");
    const resume = await run(["resume", "homebrew", "--reason", "recovered"]);
    expect(resume.code).toBe(0);
    const dry = await run(["rollback", "2026-11-27", "--dry-run"]);
    expect(dry.stdout).toContain("Would delete (added by the batch) (1):\n  recipes/n/ninja.toml");
    const accept = await run(["queue", "accept", "ripgrep", "--new", "crates.io:ripgrep"]);
    expect(accept.code).toBe(0);
    const preflight = await run(["preflight", "--ecosystem", "cargo", "--check-queue"]);
    expect(preflight.stdout).toBe("can_proceed=true\ndisabled_ecosystems=[]\nskip=false\nstate=closed\nqueue=valid\nreason=\n");
  });
});
