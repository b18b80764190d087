import type { RepoConfig } from "../config/schema.js";
import { candidateWorkflows, stopEffectNote, workflowUse, type StopCheck, type StopField } from "./stop-readers.js";
import { messageOf, statusOf, type GitHub, type RepoRef } from "../core/github.js";
import { analyseWorkflows, listWorkflows } from "../github/workflow-texts.js";
import { sanitizeReason } from "../util/sanitize.js";

/** Commands of one comment share one check: the config object is read once per delivery. */
const perDelivery = new WeakMap<RepoConfig, Map<string, Promise<string[]>>>();

/**
 * The warning a stop's reply carries when it may not stop anything (see `stopEffectNote`), or none.
 * Costs nothing for a stop of everything with `stop_workflows` set; otherwise one conditional listing
 * of `.github/workflows` (a free 304 once it is known) and, the first time or after a change, one read
 * per batch workflow file (at most 10). Never throws: when GitHub cannot tell, the note says so.
 */
export function stopEffectLines(github: GitHub, repo: RepoRef, config: RepoConfig, field: StopField): Promise<string[]> {
  if (field === "enabled" && config.stop_workflows.length > 0) return Promise.resolve([]);
  const memo = perDelivery.get(config) ?? new Map<string, Promise<string[]>>();
  perDelivery.set(config, memo);
  const key = `${repo.owner}/${repo.repo}|${field}`.toLowerCase();
  let lines = memo.get(key);
  if (!lines) {
    lines = check(github, repo, config).then((result) =>
      stopEffectNote({ field, stopWorkflows: config.stop_workflows, controlFile: config.control_file, check: result }),
    );
    memo.set(key, lines);
  }
  return lines;
}

async function check(github: GitHub, repo: RepoRef, config: RepoConfig): Promise<StopCheck> {
  try {
    const listing = await listWorkflows(github, repo);
    const files = candidateWorkflows([...listing.files.keys()], config);
    const uses = await analyseWorkflows(github, repo, listing, files, config.control_file, (file, text) =>
      workflowUse(file, text, config.control_file),
    );
    return { kind: "checked", uses, directoryFound: listing.found };
  } catch (error) {
    const status = statusOf(error);
    return { kind: "unknown", reason: status ? `GitHub answered ${status}` : sanitizeReason(messageOf(error), 200).replace(/`/g, "") };
  }
}
