import type { ControlView } from "../control/view.js";
import type { RepoRef } from "../core/github.js";
import { escapeMarkdown } from "../util/sanitize.js";
import { parseStamp } from "../util/time.js";

/** The stop's expected resume time has passed and batch processing is still stopped. */
export function reminderDue(view: ControlView, now: Date): boolean {
  if (view.enabled) return false;
  const expected = parseStamp(view.expectedResume);
  return expected !== undefined && expected.getTime() <= now.getTime();
}

/** The issue or pull request number of an `incident_url` in this repository, or undefined. */
export function issueNumberFromUrl(url: string, repo: RepoRef): number | undefined {
  const prefix = repo.htmlUrl.replace(/\/+$/, "").toLowerCase();
  const match = /^(.*)\/(?:issues|pull)\/(\d{1,9})(?:[#?/].*)?$/.exec(url.trim());
  if (!match || match[1]!.toLowerCase() !== prefix) return undefined;
  return Number(match[2]);
}

/** One reminder per expected resume time: the marker is looked for in the issue's comments. */
export function reminderMarker(expectedResume: string): string {
  return `<!-- batch-ops:resume-reminder=${expectedResume.replace(/--+/g, "-")} -->`;
}

export function reminderBody(view: ControlView): string {
  return [
    `⏰ The expected resume time (${escapeMarkdown(view.expectedResume)}) has passed and batch processing is still stopped.`,
    "",
    `- Why: ${escapeMarkdown(view.reason) || "—"}`,
    `- Stopped by: ${escapeMarkdown(view.disabledBy) || "—"} at ${escapeMarkdown(view.disabledAt) || "—"}`,
    "",
    "batch-ops never resumes on its own. When the cause is resolved: `/resume all <summary>`; otherwise update `expected_resume` in the control file (a new time gets its own reminder).",
    "",
    reminderMarker(view.expectedResume),
  ].join("\n");
}
