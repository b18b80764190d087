import { execFile } from "node:child_process";

/** Large enough for the real 1.4 MB queue many times over, and for `git log` over a long history. */
const MAX_BUFFER = 512 * 1024 * 1024;

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(" ")} failed${exitCode === null ? "" : ` (exit ${exitCode})`}: ${stderr.trim().split("\n")[0] ?? ""}`);
    this.name = "GitError";
  }
}

export interface GitRun {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * Runs git in `cwd` with arguments (never a shell), optional stdin and extra environment. Git's own
 * configuration applies (identity, signing); only the locale is fixed so messages can be read.
 */
export function runGit(cwd: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      args as string[],
      { cwd, maxBuffer: MAX_BUFFER, encoding: "utf8", env: { ...process.env, ...options.env, LC_ALL: "C" } },
      (error, stdout, stderr) => {
        if (error && typeof (error as { code?: unknown }).code !== "number") {
          reject(new GitError(args, null, (error as Error).message));
          return;
        }
        resolve({ stdout, stderr, code: error ? ((error as { code?: number }).code ?? 1) : 0 });
      },
    );
    // git may exit before reading its input (an error, or a command that reads none): that is not ours to report.
    child.stdin?.on("error", () => undefined);
    if (options.input === undefined) child.stdin?.end();
    else child.stdin?.end(options.input);
  });
}

/** Runs git and returns stdout; a non-zero exit is a `GitError`. */
export async function git(cwd: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const run = await runGit(cwd, args, options);
  if (run.code !== 0) throw new GitError(args, run.code, run.stderr);
  return run.stdout;
}

/** Runs git and says whether it exited 0 (for questions git answers with its exit status). */
export async function gitSucceeds(cwd: string, args: readonly string[]): Promise<boolean> {
  return (await runGit(cwd, args)).code === 0;
}
