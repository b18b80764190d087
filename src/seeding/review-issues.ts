import type { RepoConfig } from "../config/schema.js";
import { createIssue, ensureLabel, listOpenIssues, type IssueRef } from "../github/issues.js";
import { messageOf, type GitHub, type RepoRef } from "../core/github.js";
import { SEEDING_LABELS } from "./labels.js";
import { renderReviewIssue } from "./review-issue.js";
import type { SourceChange } from "./summary.js";

export interface OpenedReviews {
  opened: IssueRef[];
  /** Changes skipped because an open issue already has their exact title. */
  alreadyOpen: number;
  /** Index of the first change not handled yet (equal to the list length when all are). */
  next: number;
  /** Set when opening stopped on an API error; the rest is left for a later tick. */
  error?: string;
}

const REVIEW = SEEDING_LABELS.review;

/**
 * Opens review issues for `changes[from…]`, at most `limit` new ones, skipping packages that already
 * have an open `seeding:review` issue with exactly the same title.
 */
export async function openReviewIssues(input: {
  github: GitHub;
  repo: RepoRef;
  config: RepoConfig;
  changes: readonly SourceChange[];
  from: number;
  limit: number;
  run: { id: number; url: string };
}): Promise<OpenedReviews> {
  const { github, repo, config, changes } = input;
  const result: OpenedReviews = { opened: [], alreadyOpen: 0, next: input.from };
  if (input.from >= changes.length || input.limit <= 0) return result;
  await ensureLabel(github, repo, REVIEW.name, REVIEW.color, REVIEW.description);
  // Only review issues this app can act on count: a person's issue with the same title is no review (closing it changes nothing).
  const openTitles = new Set((await listOpenIssues(github, repo, [REVIEW.name], { exceptPeople: true })).map((i) => i.title));
  const context = {
    repo,
    run: input.run,
    queueFile: config.seeding.queue_file,
    auditDir: config.seeding.audit_dir,
    acceptLevel: config.permissions["accept"] ?? "write",
    rejectLevel: config.permissions["reject"] ?? "write",
  };
  while (result.next < changes.length && result.opened.length < input.limit) {
    const issue = renderReviewIssue(changes[result.next]!, context);
    if (openTitles.has(issue.title)) {
      result.alreadyOpen++;
    } else {
      try {
        result.opened.push(await createIssue(github, repo, { ...issue, labels: [REVIEW.name] }));
      } catch (error) {
        return { ...result, error: messageOf(error) };
      }
      openTitles.add(issue.title);
    }
    result.next++;
  }
  return result;
}
