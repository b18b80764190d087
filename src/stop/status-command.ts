import { viewControl } from "../control/view.js";
import { fileUrl, readTextFile } from "../github/files.js";
import { defaultBranchHead } from "../github/commits.js";
import { snapshotOf } from "../control/store.js";
import { renderStatus } from "./status-render.js";
import type { CommandDefinition } from "../commands/types.js";

export const statusCommand: CommandDefinition = {
  name: "status",
  help: [
    {
      syntax: "/status",
      description:
        "Stop state (who, when, why, expected resume), disabled ecosystems, every breaker (state, failures, last failure, time to recovery; an open breaker past `opens_at` shows as due for half-open), budget use as % of the weekly limits, sampling, and a link to the control file at the exact commit read.",
      permission: "status",
    },
  ],
  permissionKey: () => "status",
  async run(_args, env) {
    const path = env.config.control_file;
    // Read at a fixed commit so the link shows exactly what the answer was computed from.
    const head = await defaultBranchHead(env.github, env.repo);
    const snapshot = snapshotOf(path, await readTextFile(env.github, env.repo, path, head));
    const text = renderStatus({
      view: viewControl(snapshot.control),
      config: env.config,
      now: env.now,
      fileLink: fileUrl(env.repo, path, head),
      controlPath: path,
      exists: snapshot.exists,
    });
    return { status: "info", text };
  },
};
