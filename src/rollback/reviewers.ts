import type { ReviewerRequest } from "../github/pulls.js";

/**
 * `rollback.second_reviewers` entries (`alice`, `@alice`, `org/team`, `@org/team`) as the review-request
 * API wants them. The person who asked for the rollback is left out: the second operator is someone else.
 */
export function secondReviewers(entries: readonly string[], requester: string): ReviewerRequest {
  const users = new Set<string>();
  const teams = new Set<string>();
  for (const entry of entries) {
    const name = entry.replace(/^@/, "");
    const slash = name.indexOf("/");
    if (slash >= 0) teams.add(name.slice(slash + 1));
    else if (name.toLowerCase() !== requester.toLowerCase()) users.add(name);
  }
  return { users: [...users], teams: [...teams] };
}

/** Those asked, as `@bob, @org/team` for replies (logins and slugs are restricted by the config schema). */
export function describeReviewers(entries: readonly string[], requester: string): string {
  const shown = entries.map((e) => e.replace(/^@/, "")).filter((name) => name.includes("/") || name.toLowerCase() !== requester.toLowerCase());
  return [...new Set(shown)].map((name) => `@${name}`).join(", ");
}
