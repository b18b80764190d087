import type { RepoConfig } from "../config/schema.js";
import type { CommandEnv } from "../commands/types.js";
import { candidateWorkflows, stopEffectNote, workflowUse, type StopCheck, type StopField } from "./stop-readers.js";
import { messageOf, statusOf, type GitHub, type RepoRef } from "../core/github.js";
import type { WorkflowTexts } from "../github/workflow-texts.js";
import { sanitizeReason } from "../util/sanitize.js";

/**
 * The warning a stop's reply carries when it may not stop anything (see `stopEffectNote`), or none.
 * Costs nothing for a stop of everything with `stop_workflows` set; otherwise one conditional listing
 * of `.github/workflows` (a free 304 once it is known) and, the first time or after a change, one read
 * per batch workflow file (at most 10). The commands of one comment share one check. Never throws:
 * when GitHub cannot tell, the note says so.
 */
export function stopEffectLines(
  env: Pick<CommandEnv, "workflowTexts" | "github" | "repo" | "config" | "perComment">,
  field: StopField,
): Promise<string[]> {
  const { config } = env;
  if (field === "enabled" && config.stop_workflows.length > 0) return Promise.resolve([]);
  return env.perComment.once(`stop-effect|${field}`, () =>
    check(env.workflowTexts, env.github, env.repo, config).then((result) =>
      stopEffectNote({ field, stopWorkflows: config.stop_workflows, controlFile: config.control_file, check: result }),
    ),
  );
}

async function check(workflows: WorkflowTexts, github: GitHub, repo: RepoRef, config: RepoConfig): Promise<StopCheck> {
  try {
    const listing = await workflows.list(github, repo);
    const files = candidateWorkflows([...listing.files.keys()], config);
    const uses = await workflows.analyse(github, repo, listing, files, config.control_file, (file, text) =>
      workflowUse(file, text, config.control_file),
    );
    return { kind: "checked", uses, directoryFound: listing.found };
  } catch (error) {
    const status = statusOf(error);
    return { kind: "unknown", reason: status ? `GitHub answered ${status}` : sanitizeReason(messageOf(error), 200).replace(/`/g, "") };
  }
}
