import type { BranchPull } from "../github/batch-branch-pulls.js";
import type { RepoRef } from "../core/github.js";
import { escapeMarkdown } from "../util/sanitize.js";
import { humanDuration } from "../util/time.js";
import type { NewestRun, Staleness } from "./staleness.js";

export const STALE_KEY = "stale";

export interface StaleFacts {
  repo: RepoRef;
  stalenessHours: number;
  staleness: Staleness;
  newest?: NewestRun;
  /** Each batch workflow file and its state (`active`, `disabled_manually`, `missing`…). */
  workflows: { file: string; state: string }[];
  /** `enabled` in the control file, and the stop's reason. */
  enabled: boolean;
  reason: string;
  blockingPulls: BranchPull[];
}

export function staleTitle(facts: Pick<StaleFacts, "staleness">): string {
  if (facts.staleness.ageMs === undefined) return "Batch pipeline stale: no completed run found";
  return `Batch pipeline stale: no run in ${Math.floor(facts.staleness.ageMs / 3_600_000)} hours`;
}

/** The likely causes, each checked when the facts show it. Pure. */
export function staleBody(facts: StaleFacts): string {
  const disabled = facts.workflows.filter((w) => w.state !== "active");
  const last = facts.newest
    ? `The newest completed batch run is [${escapeMarkdown(facts.newest.workflowFile)} #${facts.newest.run.id}](${facts.newest.run.url}), ${facts.newest.run.conclusion ?? "no conclusion"}, completed ${facts.newest.run.completedAt} (${humanDuration(facts.staleness.ageMs ?? 0)} ago).`
    : `No completed run of ${facts.workflows.map((w) => `\`${escapeMarkdown(w.file)}\``).join(", ")} was found.`;
  const lines = [
    `No batch run has completed in more than ${facts.stalenessHours} hours (\`staleness_hours\`). ${last}`,
    "",
    "### Likely causes",
    "",
    `- ${disabled.length > 0 ? "[x]" : "[ ]"} Workflow disabled: ${facts.workflows.map((w) => `\`${escapeMarkdown(w.file)}\` ${w.state}`).join(", ")}`,
    `- ${facts.enabled ? "[ ]" : "[x]"} \`enabled=false\` in the control file${facts.enabled ? "" : `: ${escapeMarkdown(facts.reason) || "no reason given"}`}`,
    `- ${facts.blockingPulls.length > 0 ? "[x]" : "[ ]"} Open pull requests from \`batch/\` branches blocking the pipeline${facts.blockingPulls.length > 0 ? ":" : ""}`,
    ...facts.blockingPulls
      .slice(0, 20)
      .map((p) => `  - [#${p.number}](${p.url}) \`${escapeMarkdown(p.branch)}\` ${escapeMarkdown(p.title)} (opened ${p.createdAt})`),
    "",
    "While a `batch/` pull request stays open the hourly runs do not reach the merge job, so breakers and every dashboard figure freeze (runbook-vs-reality §8).",
    "",
    `Runs: ${facts.workflows.map((w) => `[${escapeMarkdown(w.file)}](${facts.repo.htmlUrl}/actions/workflows/${encodeURIComponent(w.file)})`).join(", ")}. batch-ops closes this issue when a batch run completes.`,
  ];
  return lines.join("\n");
}
