import { fitBody } from "../github/body-limit.js";
import { createIssue, ensureLabel, listOpenIssues, updateIssueBody } from "../github/issues.js";
import { messageOf, type GitHub, type RepoRef } from "../core/github.js";
import type { EscalationIssue } from "./escalation.js";
import { SEEDING_LABELS } from "./labels.js";

export interface WrittenEscalations {
  /** Issues opened or brought up to date now. */
  written: { title: string; url: string }[];
  /** How many of them were opened now (they count against the per-run cap). */
  opened: number;
  /** Titles left for a later tick: over the cap, or after an API error. */
  deferred: string[];
  error?: string;
}

const INVESTIGATE = SEEDING_LABELS.investigate;

/**
 * Opens the escalation issues that are missing, at most `limit` of them (the per-run cap shared with
 * review issues), and updates those already open (free: no new issue). The rest is returned as deferred.
 */
export async function writeEscalations(input: {
  github: GitHub;
  repo: RepoRef;
  issues: readonly EscalationIssue[];
  limit: number;
}): Promise<WrittenEscalations> {
  const { github, repo, issues } = input;
  const result: WrittenEscalations = { written: [], opened: 0, deferred: [] };
  if (issues.length === 0) return result;
  await ensureLabel(github, repo, INVESTIGATE.name, INVESTIGATE.color, INVESTIGATE.description);
  const open = new Map((await listOpenIssues(github, repo, [INVESTIGATE.name])).map((i) => [i.title, i]));
  for (const [index, issue] of issues.entries()) {
    const existing = open.get(issue.title);
    try {
      if (existing) {
        const body = fitBody(issue.body);
        if (existing.body !== body) await updateIssueBody(github, repo, existing.number, body);
        result.written.push({ title: issue.title, url: existing.url });
      } else if (result.opened < input.limit) {
        const created = await createIssue(github, repo, { ...issue, labels: [INVESTIGATE.name] });
        result.opened++;
        result.written.push({ title: issue.title, url: created.url });
      } else {
        result.deferred.push(issue.title);
      }
    } catch (error) {
      // Whatever is left is tried again by a later tick.
      result.deferred.push(
        ...issues
          .slice(index)
          .filter((i) => !open.has(i.title))
          .map((i) => i.title),
      );
      return { ...result, error: messageOf(error) };
    }
  }
  return result;
}
