import type { CommitKind } from "./commit-kind.js";
import { code, link, plain, shortSha } from "./markdown.js";

/** A recent commit to the recipes directory on the default branch, classified. */
export interface RecentChange {
  sha: string;
  url: string;
  /** Subject line and author as the commit states them (untrusted). */
  subject: string;
  author: string;
  date: string;
  kind: CommitKind | { kind: "unknown"; why: string };
}

export function kindLabel(kind: RecentChange["kind"]): string {
  switch (kind.kind) {
    case "batch": {
      const id = kind.batchId ? ` ${code(kind.batchId, 64)}` : "";
      const pull = kind.pull ? ` via ${link(`#${kind.pull.number}`, kind.pull.url)}` : "";
      return `batch commit${id}${pull}`;
    }
    case "pull":
      return `not a batch commit: merged pull request ${link(`#${kind.pull.number}`, kind.pull.url)}`;
    case "direct":
      return `⚠️ **not a batch commit**: ${kind.why}`;
    case "unknown":
      return `❔ could not be classified (${plain(kind.why, 200)})`;
  }
}

/** The incident's "recent changes" section: one line per commit, newest first. */
export function renderRecentChanges(changes: readonly RecentChange[], dir: string, branch: string, error?: string): string[] {
  const heading = `### Recent changes to ${code(dir)} on ${code(branch)}`;
  if (error) return [heading, "", `⚠️ Could not list them: ${plain(error, 300)}. Run \`git log --format="%H %ae %s" -- ${dir}\`.`];
  if (changes.length === 0) return [heading, "", "No commits found."];
  const lines = changes.map((c) => {
    const when = c.date ? ` ${c.date.slice(0, 10)}` : "";
    return `- ${link(`\`${shortSha(c.sha)}\``, c.url)}${when} ${plain(c.subject, 120)} — ${plain(c.author, 80)}: ${kindLabel(c.kind)}`;
  });
  return [heading, "", ...lines];
}
