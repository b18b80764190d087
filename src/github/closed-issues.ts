import { toIssueRef, type IssueRef } from "./issues.js";
import type { GitHub, RepoRef } from "../core/github.js";

export interface ClosedIssue extends IssueRef {
  closedAt: string | null;
}

/** Closed issues with `label` updated since `since` (one page of 100, most recently updated first). */
export async function listClosedIssuesSince(github: GitHub, repo: RepoRef, label: string, since: Date): Promise<ClosedIssue[]> {
  const { data } = await github.rest.issues.listForRepo({
    owner: repo.owner,
    repo: repo.repo,
    state: "closed",
    labels: label,
    since: since.toISOString(),
    sort: "updated",
    direction: "desc",
    per_page: 100,
  });
  return data.filter((i) => !i.pull_request).map((i) => ({ ...toIssueRef(i), closedAt: i.closed_at ?? null }));
}
