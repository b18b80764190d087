/**
 * The open issues the health panel counts, by the labels batch-ops and the seeding workflow put on them.
 */
export const TRACKED_ISSUES = [
  { kind: "incident", label: "batch-ops:incident", title: "Incidents" },
  { kind: "budget", label: "batch-ops:budget", title: "Budget" },
  { kind: "stale", label: "batch-ops:stale", title: "Stale pipeline" },
  { kind: "seeding_review", label: "seeding:review", title: "Seeding review" },
] as const;

export type TrackedIssueKind = (typeof TRACKED_ISSUES)[number]["kind"];

/** The repository's issue list filtered to open issues with the label. */
export function issueSearchUrl(htmlUrl: string, label: string): string {
  return `${htmlUrl}/issues?q=${encodeURIComponent(`is:issue is:open label:"${label}"`)}`;
}
