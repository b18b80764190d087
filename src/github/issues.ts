import { fitBody } from "./body-limit.js";
import { statusOf, type GitHub, type RepoRef } from "../core/github.js";

export interface IssueRef {
  number: number;
  url: string;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
}

export function toIssueRef(data: {
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
  state: string;
  labels: (string | { name?: string })[];
}): IssueRef {
  return {
    number: data.number,
    url: data.html_url,
    title: data.title,
    body: data.body ?? "",
    state: data.state === "closed" ? "closed" : "open",
    labels: data.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
  };
}

/** Creates the label when it is missing (422 "already_exists" from a race counts as success). */
export async function ensureLabel(github: GitHub, repo: RepoRef, name: string, color = "d73a4a", description = ""): Promise<void> {
  try {
    await github.rest.issues.getLabel({ owner: repo.owner, repo: repo.repo, name });
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
    try {
      await github.rest.issues.createLabel({ owner: repo.owner, repo: repo.repo, name, color, description });
    } catch (createError) {
      if (statusOf(createError) !== 422) throw createError;
    }
  }
}

/** Opened by a person's account, not by an app (a bot account, or through an app's token). */
function openedByPerson(issue: { user?: { type?: string } | null; performed_via_github_app?: unknown }): boolean {
  return issue.user?.type === "User" && !issue.performed_via_github_app;
}

/**
 * Open issues carrying every one of `labels` (pull requests excluded), newest first. `exceptPeople`
 * leaves out those a person opened: a person's issue with an app's title and label is not the app's.
 */
export async function listOpenIssues(
  github: GitHub,
  repo: RepoRef,
  labels: readonly string[],
  options: { exceptPeople?: boolean } = {},
): Promise<IssueRef[]> {
  const items = await github.paginate(github.rest.issues.listForRepo, {
    owner: repo.owner,
    repo: repo.repo,
    state: "open",
    labels: labels.join(","),
    per_page: 100,
  });
  return items.filter((i) => !("pull_request" in i && i.pull_request) && !(options.exceptPeople && openedByPerson(i))).map(toIssueRef);
}

/** The open issue with exactly this title among those with `labels` (exact match, not search). */
export async function findOpenIssue(github: GitHub, repo: RepoRef, labels: readonly string[], title: string): Promise<IssueRef | undefined> {
  return (await listOpenIssues(github, repo, labels)).find((i) => i.title === title);
}

export async function createIssue(github: GitHub, repo: RepoRef, issue: { title: string; body: string; labels: string[] }): Promise<IssueRef> {
  const { data } = await github.rest.issues.create({ owner: repo.owner, repo: repo.repo, ...issue, body: fitBody(issue.body) });
  return toIssueRef(data);
}

export async function updateIssueBody(github: GitHub, repo: RepoRef, issueNumber: number, body: string): Promise<void> {
  await github.rest.issues.update({ owner: repo.owner, repo: repo.repo, issue_number: issueNumber, body: fitBody(body) });
}

export async function commentOnIssue(github: GitHub, repo: RepoRef, issueNumber: number, body: string): Promise<{ id: number; url: string }> {
  const { data } = await github.rest.issues.createComment({ owner: repo.owner, repo: repo.repo, issue_number: issueNumber, body: fitBody(body) });
  return { id: data.id, url: data.html_url };
}

export async function closeIssue(
  github: GitHub,
  repo: RepoRef,
  issueNumber: number,
  reason: "completed" | "not_planned" = "completed",
): Promise<void> {
  await github.rest.issues.update({ owner: repo.owner, repo: repo.repo, issue_number: issueNumber, state: "closed", state_reason: reason });
}

export async function reopenIssue(github: GitHub, repo: RepoRef, issueNumber: number): Promise<void> {
  await github.rest.issues.update({ owner: repo.owner, repo: repo.repo, issue_number: issueNumber, state: "open" });
}

export async function addLabels(github: GitHub, repo: RepoRef, issueNumber: number, labels: string[]): Promise<void> {
  await github.rest.issues.addLabels({ owner: repo.owner, repo: repo.repo, issue_number: issueNumber, labels });
}

/**
 * One open issue per (labels, title): created with the labels when missing, otherwise its body is
 * replaced. The labels are ensured first. Returns the issue and whether it was created now.
 */
export async function upsertIssue(
  github: GitHub,
  repo: RepoRef,
  issue: { title: string; body: string; labels: string[] },
): Promise<{ issue: IssueRef; created: boolean }> {
  for (const label of issue.labels) await ensureLabel(github, repo, label);
  const existing = await findOpenIssue(github, repo, issue.labels.slice(0, 1), issue.title);
  // Compared as it is written, so a body cut to fit is not rewritten on every call.
  const body = fitBody(issue.body);
  if (existing) {
    if (existing.body !== body) await updateIssueBody(github, repo, existing.number, body);
    return { issue: { ...existing, body }, created: false };
  }
  return { issue: await createIssue(github, repo, { ...issue, body }), created: true };
}
