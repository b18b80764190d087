import { execFile } from "node:child_process";
import { afterAll } from "@jest/globals";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built CLI (`npm test` builds dist first in `pretest`). */
export const CLI = fileURLToPath(new URL("../../dist/app/cli/main.js", import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; input?: string }): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { cwd: options.cwd, env: options.env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === "number" ? (error as { code: number }).code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(options.input);
  });
}

/**
 * A real git repository in a temporary directory, isolated from the machine's git configuration (its own
 * HOME, no system config), with a committer identity unless told otherwise.
 */
export class TempRepo {
  private constructor(
    readonly dir: string,
    readonly home: string,
  ) {}

  /**
   * A clone with `files` committed on `main`, pushed to a bare `origin` (so `origin/HEAD` is main, as in a
   * real clone) unless `remote: false`; `init: false` makes a plain directory.
   */
  static async create(
    files: Record<string, string>,
    options: { identity?: { name?: string; email?: string } | null; init?: boolean; remote?: boolean } = {},
  ): Promise<TempRepo> {
    const base = mkdtempSync(join(tmpdir(), "batch-ops-cli-"));
    const repo = new TempRepo(join(base, "clone"), join(base, "home"));
    mkdirSync(repo.dir);
    mkdirSync(repo.home);
    if (options.init === false) {
      for (const [path, text] of Object.entries(files)) repo.write(path, text);
      return repo;
    }
    await repo.git(["init", "--quiet", "--initial-branch=main"]);
    const identity = options.identity === undefined ? { name: "Test Operator", email: "operator@example.com" } : options.identity;
    if (identity?.name) await repo.git(["config", "user.name", identity.name]);
    if (identity?.email) await repo.git(["config", "user.email", identity.email]);
    await repo.git(["config", "commit.gpgsign", "false"]);
    if (Object.keys(files).length > 0) {
      for (const [path, text] of Object.entries(files)) repo.write(path, text);
      await repo.git(["add", "--all"]);
      await repo.git(["commit", "--quiet", "-m", "initial"], {
        GIT_AUTHOR_NAME: "Seed",
        GIT_AUTHOR_EMAIL: "seed@example.com",
        GIT_COMMITTER_NAME: "Seed",
        GIT_COMMITTER_EMAIL: "seed@example.com",
      });
    }
    if (options.remote !== false && Object.keys(files).length > 0) {
      const origin = join(dirname(repo.dir), "origin.git");
      await repo.git(["init", "--quiet", "--bare", "--initial-branch=main", origin]);
      await repo.git(["remote", "add", "origin", origin]);
      await repo.git(["push", "--quiet", "--set-upstream", "origin", "main"]);
      await repo.git(["remote", "set-head", "origin", "main"]);
    }
    return repo;
  }

  private env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return { PATH: process.env["PATH"], HOME: this.home, GIT_CONFIG_NOSYSTEM: "1", LC_ALL: "C", ...extra };
  }

  async git(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
    const run = await exec("git", args, { cwd: this.dir, env: this.env(env) });
    if (run.code !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
    return run.stdout;
  }

  /** Runs `node dist/app/cli/main.js …` in the clone, as a separate process. */
  cli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = this.dir): Promise<Run> {
    return exec(process.execPath, [CLI, ...args], { cwd, env: this.env(env) });
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), "utf8");
  }

  exists(path: string): boolean {
    return existsSync(join(this.dir, path));
  }

  write(path: string, text: string): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), text);
  }

  async commit(message: string, files: Record<string, string>): Promise<string> {
    for (const [path, text] of Object.entries(files)) this.write(path, text);
    await this.git(["add", "--all"]);
    await this.git(["commit", "--quiet", "-m", message]);
    return (await this.git(["rev-parse", "HEAD"])).trim();
  }

  async headMessage(): Promise<string> {
    // %B is the raw body plus one newline; the message itself is what `cat-file` shows after the headers.
    const raw = await this.git(["cat-file", "commit", "HEAD"]);
    return raw.slice(raw.indexOf("\n\n") + 2);
  }

  async commitCount(): Promise<number> {
    return Number((await this.git(["rev-list", "--count", "--all"])).trim());
  }

  async changedInHead(): Promise<string[]> {
    return (await this.git(["show", "--name-only", "--format=", "HEAD"])).split("\n").filter((l) => l !== "");
  }

  async status(): Promise<string> {
    return this.git(["status", "--porcelain=v1", "--untracked-files=all"]);
  }

  remove(): void {
    rmSync(dirname(this.dir), { recursive: true, force: true });
  }
}

/** Temporary clones (no remote unless asked) made by one test file, removed after it. */
export function tempClones(): (files: Record<string, string>, options?: Parameters<typeof TempRepo.create>[1]) => Promise<TempRepo> {
  const repos: TempRepo[] = [];
  afterAll(() => repos.forEach((r) => r.remove()));
  return async (files, options = {}) => {
    const repo = await TempRepo.create(files, { remote: false, ...options });
    repos.push(repo);
    return repo;
  };
}
