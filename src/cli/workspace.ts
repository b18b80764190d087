import { lstat, readFile, realpath } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve, sep } from "node:path";
import { CONFIG_PATH, type RepoConfig } from "../config/schema.js";
import { validateRepoConfig } from "../config/validate.js";
import type { ControlFile } from "../control/schema.js";
import { InvalidControlFileError, snapshotOf } from "../control/store.js";
import { refusal, usageError } from "./exit-codes.js";
import { git, gitSucceeds, runGit } from "./git.js";

/** Where the CLI reads from: a directory (the clone's top level when it is a git clone) and optionally a revision. */
export interface Workspace {
  root: string;
  isGit: boolean;
  /** `--ref`: read every file as it is at this commit instead of the working tree. */
  ref?: string;
}

export async function openWorkspace(dir: string, ref?: string): Promise<Workspace> {
  const top = await runGit(dir, ["rev-parse", "--show-toplevel"]).catch(() => undefined);
  const isGit = top !== undefined && top.code === 0;
  const root = isGit ? top.stdout.trim() : resolve(dir);
  if (ref === undefined) return { root, isGit };
  if (!isGit) throw usageError(`--ref needs a git clone, and ${root} is not one`);
  if (ref.startsWith("-") || !(await gitSucceeds(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]))) {
    throw usageError(`--ref ${ref}: no such commit in ${root}`);
  }
  return { root, isGit, ref };
}

/** A path from config, a flag or `CONTROL_FILE`: relative, inside the repository, `/`-separated. */
export function repoPath(path: string, what: string): string {
  const normalised = path.replace(/\\/g, "/").replace(/^\.\//, "");
  if (normalised === "" || isAbsolute(path) || normalised.startsWith("/") || normalised.split("/").includes("..")) {
    throw usageError(`${what} ${path} must be a path inside the repository`);
  }
  return normalised;
}

const missing = (error: unknown) => ["ENOENT", "ENOTDIR"].includes((error as NodeJS.ErrnoException).code ?? "");

/**
 * The working-tree file at `path`, checked to be a regular file inside the clone: a pull request could
 * otherwise turn the control file into a symbolic link to a runner's secrets, which a parse error would
 * quote into a public log, or which a write would overwrite. Null when it does not exist.
 */
async function checkedFile(ws: Workspace, path: string): Promise<string | null> {
  const full = join(ws.root, path);
  let parent: string;
  try {
    parent = await realpath(dirname(full));
  } catch (error) {
    if (missing(error)) return null;
    throw error;
  }
  const root = await realpath(ws.root);
  if (parent !== root && !parent.startsWith(root + sep))
    throw refusal(`${path} is outside the clone (through a symbolic link); nothing was read or written`);
  try {
    if ((await lstat(full)).isSymbolicLink()) throw refusal(`${path} is a symbolic link; batch-ops reads and writes only regular files in the clone`);
  } catch (error) {
    if (missing(error)) return null;
    throw error;
  }
  return full;
}

/** A file's text from the working tree or at `ws.ref`; null when it does not exist there. */
export async function readRepoText(ws: Workspace, path: string): Promise<string | null> {
  if (ws.ref === undefined) {
    const full = await checkedFile(ws, path);
    return full === null ? null : readFile(full, "utf8");
  }
  const spec = `${ws.ref}:${path}`;
  if (!(await gitSucceeds(ws.root, ["cat-file", "-e", spec]))) return null;
  return git(ws.root, ["cat-file", "blob", spec]);
}

/**
 * `.github/batch-ops.yml` as the app reads it, validated by the same schema (all defaults when absent).
 * `--config` reads another file. `_extends` needs the API, so it is refused here with the way out.
 */
export async function loadConfig(ws: Workspace, override?: string): Promise<RepoConfig> {
  const path = override ?? CONFIG_PATH;
  const text = override !== undefined ? await readFile(resolve(override), "utf8").catch(() => null) : await readRepoText(ws, CONFIG_PATH);
  if (text === null && override !== undefined) throw usageError(`--config ${override}: cannot be read`);
  let raw: unknown = null;
  if (text !== null) {
    // Loaded only when there is a config to read: most clones have none, and start-up time counts in CI.
    const { parse: parseYaml } = await import("yaml");
    try {
      raw = parseYaml(text);
    } catch (error) {
      throw refusal(`${path} is invalid, so nothing was done:`, [`${path}: (root) → not valid YAML: ${(error as Error).message.split("\n")[0]}`]);
    }
  }
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw) && "_extends" in raw) {
    throw refusal(`${path} uses _extends, which only the app can follow; pass the merged file with --config <file>`);
  }
  const checked = validateRepoConfig(raw);
  if (!checked.ok)
    throw refusal(
      `${path} is invalid, so nothing was done:`,
      checked.errors.map((e) => `${path}: ${e}`),
    );
  return checked.config;
}

export interface ControlRead {
  path: string;
  control: ControlFile;
  /** The text read, or null when the file does not exist (the runbook's defaults are used). */
  text: string | null;
}

/** Reads and validates the control file; an invalid one is refused with `path → message` lines. */
export async function readControl(ws: Workspace, path: string): Promise<ControlRead> {
  const text = await readRepoText(ws, path);
  return { path, control: controlFromText(path, text).control, text };
}

/** Validates control-file text (null: the file does not exist); an invalid one is refused with `path → message` lines. */
export function controlFromText(path: string, text: string | null): { control: ControlFile } {
  try {
    // The app's own reading: a missing file is the runbook's default document.
    return { control: snapshotOf(path, text === null ? null : { text, sha: "" }).control };
  } catch (error) {
    if (!(error instanceof InvalidControlFileError)) throw error;
    throw refusal(
      `${path} is invalid, so nothing was done. Fix it by hand first:`,
      error.errors.map((e) => `${path}: ${e}`),
    );
  }
}

/** The control file path: `--control-file`, then `CONTROL_FILE` (the pipeline scripts' variable), then the config. */
export function controlPath(config: RepoConfig, flag: string | undefined, envValue: string | undefined): string {
  if (flag !== undefined) return repoPath(flag, "--control-file");
  if (envValue !== undefined) return repoPath(envValue, "CONTROL_FILE");
  return config.control_file;
}
