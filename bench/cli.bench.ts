import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { measure, result, type BenchResult } from "./harness.js";
import { runCli } from "../src/app/cli/run.js";

const CLI = fileURLToPath(new URL("../src/app/cli/main.js", import.meta.url));
const control = readFileSync(new URL("../../test/fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const queue = readFileSync(new URL("../../test/fixtures/priority-queue.tsuku.json", import.meta.url), "utf8");
const PREFLIGHT = ["preflight", "--ecosystem", "homebrew", "--check-queue"];

function runProcess(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => execFile(process.execPath, [CLI, ...args], { cwd }, (error) => (error ? reject(error) : resolve())));
}

/** A clone holding the real tsuku control file and the real 5,305-entry (1.4 MB) priority queue. */
function realClone(): string {
  const dir = mkdtempSync(join(tmpdir(), "batch-ops-bench-cli-"));
  mkdirSync(join(dir, "data/queues"), { recursive: true });
  writeFileSync(join(dir, "batch-control.json"), control);
  writeFileSync(join(dir, "data/queues/priority-queue.json"), queue);
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.com", ...args], { cwd: dir });
  git("init", "--quiet", "--initial-branch=main");
  git("add", "--all");
  git("commit", "--quiet", "-m", "real pipeline files");
  return dir;
}

/**
 * The CLI as the pipeline runs it: process start-up (`--help`: node plus the CLI's modules), and
 * `preflight --ecosystem homebrew --check-queue` on the real queue, as a whole process and in-process
 * (where CPU time is the CLI's own: config, control file, breaker decision, queue schema over 5,305 entries).
 */
export async function benchCli(runs = 40): Promise<BenchResult[]> {
  const dir = realClone();
  try {
    for (let i = 0; i < 3; i++) await runProcess(PREFLIGHT, dir);
    const startup = await measure(runs, () => runProcess(["--help"], dir));
    const preflightProcess = await measure(runs, () => runProcess(PREFLIGHT, dir));
    const io = { cwd: dir, env: {}, out: () => undefined, err: () => undefined };
    if ((await runCli(PREFLIGHT, io)) !== 0) throw new Error("preflight failed on the real queue");
    const preflightInProcess = await measure(runs * 5, async () => {
      await runCli(PREFLIGHT, io);
    });
    const processNote = "whole process, wall time is what counts (CPU figures are the benchmark's own, not the child's); no API calls";
    return [
      result("cli: start-up (batch-ops --help)", {}, startup, processNote),
      result("cli: preflight on the real queue (process)", {}, preflightProcess, `${processNote}; real tsuku control file and 1.4 MB queue`),
      result(
        "cli: preflight on the real queue (in-process)",
        {},
        preflightInProcess,
        "runCli in this process: read config and control file, breaker decision, queue schema check of 5,305 entries",
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
