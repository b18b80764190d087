import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { RepoConfig } from "../config/schema.js";
import { candidateWorkflows, stopEffectNote, workflowUse, type StopCheck, type StopField } from "./stop-readers.js";
import { git, gitSucceeds } from "../cli/git.js";
import { readRepoText, type Workspace } from "../cli/workspace.js";

const WORKFLOWS_DIR = ".github/workflows";

/** File names in `.github/workflows` of the working tree (or at `ws.ref`); null when there is no such directory. */
async function workflowFiles(ws: Workspace): Promise<string[] | null> {
  if (ws.ref !== undefined) {
    if (!(await gitSucceeds(ws.root, ["cat-file", "-e", `${ws.ref}:${WORKFLOWS_DIR}`]))) return null;
    const out = await git(ws.root, ["ls-tree", "--name-only", "-z", `${ws.ref}:${WORKFLOWS_DIR}`]);
    return out.split("\0").filter((f) => f !== "");
  }
  try {
    return (await readdir(join(ws.root, WORKFLOWS_DIR), { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch (error) {
    if (["ENOENT", "ENOTDIR"].includes((error as NodeJS.ErrnoException).code ?? "")) return null;
    throw error;
  }
}

/** The app's check of whether a stop takes effect, on the clone's own workflow files (no API). */
export async function localStopCheck(ws: Workspace, config: RepoConfig): Promise<StopCheck> {
  try {
    const files = await workflowFiles(ws);
    if (files === null) return { kind: "checked", uses: [], directoryFound: false };
    const uses = [];
    for (const file of candidateWorkflows(files, config)) {
      const text = await readRepoText(ws, `${WORKFLOWS_DIR}/${file}`);
      if (text !== null) uses.push(workflowUse(file, text, config.control_file));
    }
    return { kind: "checked", uses, directoryFound: true };
  } catch (error) {
    return { kind: "unknown", reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The note's lines as plain text (the CLI prints no markdown). */
export function plainStopNote(check: StopCheck, config: RepoConfig, field: StopField, subject?: string): string[] {
  return stopEffectNote({
    field,
    stopWorkflows: config.stop_workflows,
    controlFile: config.control_file,
    check,
    ...(subject ? { subject } : {}),
  }).map((line) => line.replace(/`/g, "").replace(/^⚠️ /, "warning: "));
}
