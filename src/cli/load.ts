import { resolve } from "node:path";
import type { RepoConfig } from "../config/schema.js";
import { stringOption, type CliContext, type ParsedCommand } from "./command.js";
import { controlPath, loadConfig, openWorkspace, type Workspace } from "./workspace.js";

export interface Clone {
  ws: Workspace;
  config: RepoConfig;
  /** The control file's path inside the clone. */
  controlPath: string;
}

/** The clone a command works on: `-C`, `--ref` (when the command reads only), the config, the control file path. */
export async function openClone(parsed: ParsedCommand, ctx: CliContext, options: { ref?: boolean } = {}): Promise<Clone> {
  const dir = resolve(ctx.cwd, stringOption(parsed, "dir") ?? ".");
  const ws = await openWorkspace(dir, options.ref ? stringOption(parsed, "ref") : undefined);
  const override = stringOption(parsed, "config");
  const config = await loadConfig(ws, override === undefined ? undefined : resolve(ctx.cwd, override));
  return { ws, config, controlPath: controlPath(config, stringOption(parsed, "control-file"), ctx.env.CONTROL_FILE) };
}
