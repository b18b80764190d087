import { hasMarker, LABEL_STYLE, labelsOf, withMarker, type IncidentIssueSpec } from "./issue-spec.js";
import { fitBody } from "../github/body-limit.js";
import { addLabels, closeIssue, commentOnIssue, createIssue, ensureLabel, listOpenIssues, type IssueRef } from "../github/issues.js";
import type { GitHub, RepoRef } from "../core/github.js";

/**
 * Issues the app keeps exactly one open of per key (incidents, the stale pipeline, the budget): created
 * when missing, updated in place otherwise, closed with a comment. Shared by every feature that reports
 * through issues.
 */

export async function ensureLabels(github: GitHub, repo: RepoRef, labels: readonly string[]): Promise<void> {
  for (const label of labels) {
    const style = LABEL_STYLE[label] ?? { color: "ededed", description: "" };
    await ensureLabel(github, repo, label, style.color, style.description);
  }
}

/** Open issues with `label`; pass the result to the calls below to look several keys up with one request. */
export function openIssuesWithLabel(github: GitHub, repo: RepoRef, label: string): Promise<IssueRef[]> {
  return listOpenIssues(github, repo, [label]);
}

export function pickIncident(open: readonly IssueRef[], key: string): IssueRef | undefined {
  return open.find((issue) => hasMarker(issue.body, key));
}

export interface UpsertResult {
  issue: IssueRef;
  created: boolean;
  /** The title or body changed (false when the issue already said exactly this). */
  updated: boolean;
}

/** One open issue per (first label, key): created with every label, or its title, body and labels brought up to date. */
export async function upsertIncidentIssue(github: GitHub, repo: RepoRef, spec: IncidentIssueSpec, open?: readonly IssueRef[]): Promise<UpsertResult> {
  const labels = labelsOf(spec);
  await ensureLabels(github, repo, labels);
  // Compared as it is written, so a body cut to fit is not rewritten on every update.
  const body = fitBody(withMarker(spec.body, spec.key));
  const existing = pickIncident(open ?? (await openIssuesWithLabel(github, repo, labels[0]!)), spec.key);
  if (!existing) {
    return { issue: await createIssue(github, repo, { title: spec.title, body, labels }), created: true, updated: true };
  }
  const updated = existing.title !== spec.title || existing.body !== body;
  if (updated) {
    await github.rest.issues.update({ owner: repo.owner, repo: repo.repo, issue_number: existing.number, title: spec.title, body });
  }
  // GitHub's label names ignore case: `Severity:High` already is `severity:high`.
  const have = new Set(existing.labels.map((l) => l.toLowerCase()));
  const missing = labels.filter((l) => !have.has(l.toLowerCase()));
  if (missing.length > 0) await addLabels(github, repo, existing.number, missing);
  return { issue: { ...existing, title: spec.title, body, labels: [...existing.labels, ...missing] }, created: false, updated };
}

/** Closes the open issue for `key` with a comment saying why; undefined when there was none. */
export async function closeIncidentIssue(
  github: GitHub,
  repo: RepoRef,
  where: { label: string; key: string },
  comment: string,
  open?: readonly IssueRef[],
): Promise<IssueRef | undefined> {
  const issue = pickIncident(open ?? (await openIssuesWithLabel(github, repo, where.label)), where.key);
  if (!issue) return undefined;
  await commentOnIssue(github, repo, issue.number, comment);
  await closeIssue(github, repo, issue.number, "completed");
  return { ...issue, state: "closed" };
}

/** Whether any comment on the issue contains `marker` (for reminders made once). */
export async function issueHasCommentWith(github: GitHub, repo: RepoRef, issueNumber: number, marker: string): Promise<boolean> {
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner: repo.owner,
    repo: repo.repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  return comments.some((c) => (c.body ?? "").includes(marker));
}
