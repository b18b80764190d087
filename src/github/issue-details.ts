import { toIssueRef, type IssueRef } from "./issues.js";
import type { GitHub, RepoRef } from "../core/github.js";

/** An issue with who opened it, as the issue API reports it (for "opened by this app" checks). */
export interface IssueDetails extends IssueRef {
  user: { login: string; type: string } | null;
  performedViaAppId: number | null;
  stateReason: string | null;
  isPullRequest: boolean;
}

type IssueData = {
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels: (string | { name?: string })[];
  user?: { login: string; type: string } | null;
  performed_via_github_app?: { id?: number } | null;
  pull_request?: unknown;
};

function toDetails(data: IssueData): IssueDetails {
  return {
    ...toIssueRef(data),
    user: data.user ? { login: data.user.login, type: data.user.type } : null,
    performedViaAppId: data.performed_via_github_app?.id ?? null,
    stateReason: data.state_reason ?? null,
    isPullRequest: !!data.pull_request,
  };
}

export async function getIssueDetails(github: GitHub, repo: RepoRef, issueNumber: number): Promise<IssueDetails> {
  const { data } = await github.rest.issues.get({ owner: repo.owner, repo: repo.repo, issue_number: issueNumber });
  return toDetails(data);
}

/** The most recently updated closed issue with `label` and exactly `title`, among the latest 30. */
export async function findRecentClosedIssue(github: GitHub, repo: RepoRef, label: string, title: string): Promise<IssueRef | undefined> {
  const { data } = await github.rest.issues.listForRepo({
    owner: repo.owner,
    repo: repo.repo,
    state: "closed",
    labels: label,
    sort: "updated",
    direction: "desc",
    per_page: 30,
  });
  return (data as IssueData[]).map(toDetails).find((i) => !i.isPullRequest && i.title === title);
}
