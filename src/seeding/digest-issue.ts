import { fitBody } from "../github/body-limit.js";
import { findRecentClosedIssue } from "../github/issue-details.js";
import { createIssue, ensureLabel, findOpenIssue, updateIssueBody, type IssueRef } from "../github/issues.js";
import type { GitHub, RepoRef } from "../core/github.js";
import { DIGEST_TITLE } from "./digest.js";
import { parseSeedingState, type SeedingState } from "./history.js";
import { SEEDING_LABELS } from "./labels.js";

export interface DigestRead {
  /** The open digest issue, or undefined when there is none yet. */
  issue: IssueRef | undefined;
  state: SeedingState;
  /** Set when the stored history was damaged and partly dropped. */
  problem?: string;
}

const REPORT = SEEDING_LABELS.report;

/**
 * The run history lives in the sticky digest issue, so it survives restarts and replicas. When a
 * person closed the digest, the next one starts from the closed one's history.
 */
export async function readDigest(github: GitHub, repo: RepoRef): Promise<DigestRead> {
  const open = await findOpenIssue(github, repo, [REPORT.name], DIGEST_TITLE);
  if (open) return { issue: open, ...parseSeedingState(open.body) };
  const closed = await findRecentClosedIssue(github, repo, REPORT.name, DIGEST_TITLE);
  return { issue: undefined, ...parseSeedingState(closed?.body) };
}

/** Replaces the digest body (only when it changed), or opens the digest with its label. */
export async function writeDigest(github: GitHub, repo: RepoRef, issue: IssueRef | undefined, rendered: string): Promise<IssueRef> {
  // Compared as it is written, so a body cut to fit is not rewritten on every call.
  const body = fitBody(rendered);
  if (issue) {
    if (issue.body !== body) await updateIssueBody(github, repo, issue.number, body);
    return { ...issue, body };
  }
  await ensureLabel(github, repo, REPORT.name, REPORT.color, REPORT.description);
  return createIssue(github, repo, { title: DIGEST_TITLE, body, labels: [REPORT.name] });
}
