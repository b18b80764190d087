import { z } from "zod";
import { describePerson, subjectOf, type PushedCommit, type PushFacts } from "./push-facts.js";
import { code, link, plain, shortSha } from "./markdown.js";

const text = (max: number) => z.string().max(max);

/** A pushed commit as an incident remembers it. */
export const commitRecordSchema = z.object({
  sha: z.string().regex(/^[0-9a-f]{7,40}$/),
  url: text(500),
  subject: text(200),
  author: text(200),
  committer: text(200),
  pushedBy: text(100),
  at: text(40),
});

export type CommitRecord = z.infer<typeof commitRecordSchema>;

export function commitRecord(commit: PushedCommit, push: Pick<PushFacts, "sender">): CommitRecord {
  return {
    sha: commit.sha.slice(0, 40),
    url: commit.url.slice(0, 500),
    subject: subjectOf(commit.message),
    author: describePerson(commit.author),
    committer: describePerson(commit.committer),
    pushedBy: push.sender.login.slice(0, 100),
    at: commit.timestamp.slice(0, 40),
  };
}

/** A force push as an incident remembers it: its new head, and the account that pushed it (no git names). */
export function rewriteRecord(push: Pick<PushFacts, "after" | "sender">, repoHtmlUrl: string, branch: string): CommitRecord {
  return {
    sha: push.after,
    url: `${repoHtmlUrl}/commit/${push.after}`.slice(0, 500),
    subject: `force push to ${branch}`.slice(0, 200),
    author: "",
    committer: "",
    pushedBy: push.sender.login.slice(0, 100),
    at: "",
  };
}

/** "Authored by …, committed by …, pushed by `login`": the git names are self-declared, the pusher is not. */
export function whoLine(r: CommitRecord): string {
  const committer = r.committer && r.committer !== r.author ? `, committed by ${plain(r.committer, 200)}` : "";
  return `authored by ${plain(r.author, 200)}${committer}, pushed by ${code(r.pushedBy || "(unknown)", 100)} (the git names are self-declared; the pusher is the account GitHub authenticated)`;
}

export function commitHeading(r: CommitRecord): string {
  const when = r.at ? ` (${plain(r.at, 40)})` : "";
  return `#### ${link(`\`${shortSha(r.sha)}\``, r.url)} ${plain(r.subject, 150)}${when}`;
}
