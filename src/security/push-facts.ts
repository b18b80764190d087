import { sanitizeReason } from "../util/sanitize.js";

export interface GitPerson {
  name: string;
  email: string;
  username?: string;
}

/** One commit of a push, from the payload. Every text field is untrusted (anyone can set git names). */
export interface PushedCommit {
  sha: string;
  url: string;
  message: string;
  timestamp: string;
  author: GitPerson;
  committer: GitPerson;
  added: string[];
  modified: string[];
  removed: string[];
}

export interface PushFacts {
  ref: string;
  deleted: boolean;
  forced: boolean;
  /** The branch head before and after the push (40 hex digits; "" when the payload has none). */
  before: string;
  after: string;
  /** The account that pushed, as GitHub authenticated it: the one identity a person cannot forge. */
  sender: { login: string; type: string };
  pusher: { name: string };
  commits: PushedCommit[];
}

export type ChangeKind = "added" | "modified" | "removed";

export interface FileChange {
  path: string;
  change: ChangeKind;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function sha(value: unknown): string {
  return typeof value === "string" && /^[0-9a-f]{40}$/.test(value) ? value : "";
}

function paths(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((p): p is string => typeof p === "string") : [];
}

function person(value: unknown): GitPerson {
  const v = (value ?? {}) as Record<string, unknown>;
  const username = text(v["username"]);
  return { name: text(v["name"]), email: text(v["email"]), ...(username ? { username } : {}) };
}

/** The push payload's fields this feature reads, with missing ones as empty values. */
export function pushFacts(payload: Record<string, unknown>): PushFacts {
  const sender = (payload["sender"] ?? {}) as Record<string, unknown>;
  const pusher = (payload["pusher"] ?? {}) as Record<string, unknown>;
  const commits = Array.isArray(payload["commits"]) ? (payload["commits"] as Record<string, unknown>[]) : [];
  return {
    ref: text(payload["ref"]),
    deleted: payload["deleted"] === true,
    forced: payload["forced"] === true,
    before: sha(payload["before"]),
    after: sha(payload["after"]),
    sender: { login: text(sender["login"]), type: text(sender["type"]) },
    pusher: { name: text(pusher["name"]) },
    commits: commits.map((c) => ({
      sha: text(c["id"]),
      url: text(c["url"]),
      message: text(c["message"]),
      timestamp: text(c["timestamp"]),
      author: person(c["author"]),
      committer: person(c["committer"]),
      added: paths(c["added"]),
      modified: paths(c["modified"]),
      removed: paths(c["removed"]),
    })),
  };
}

export function isDefaultBranchPush(facts: PushFacts, defaultBranch: string): boolean {
  return !facts.deleted && facts.ref === `refs/heads/${defaultBranch}`;
}

/**
 * A force push that moved the branch off its old head: what it dropped (a rewind, or the commits a
 * rewritten history replaced) is in no `commits` list, so the old head is compared with where it left off.
 */
export function isRewrite(facts: PushFacts): boolean {
  return facts.forced && facts.before !== "" && facts.after !== "" && !/^0+$/.test(facts.before) && facts.before !== facts.after;
}

/** Pushed by this app itself (its audited commits): the sender GitHub authenticated, not a git name. */
export function pushedByApp(facts: PushFacts, appLogin: string): boolean {
  return facts.sender.type === "Bot" && facts.sender.login.toLowerCase() === appLogin.toLowerCase();
}

export function pushedByBot(facts: PushFacts): boolean {
  return facts.sender.type === "Bot";
}

/** The files of a commit under `dir` (which ends with `/`), with how each changed. */
export function changesUnder(commit: PushedCommit, dir: string): FileChange[] {
  const under = (p: string) => p.startsWith(dir) && p.length > dir.length;
  return [
    ...commit.modified.filter(under).map((path) => ({ path, change: "modified" as const })),
    ...commit.added.filter(under).map((path) => ({ path, change: "added" as const })),
    ...commit.removed.filter(under).map((path) => ({ path, change: "removed" as const })),
  ];
}

/** How a commit changed exactly `path`, if it did. */
export function changeOf(commit: PushedCommit, path: string): ChangeKind | undefined {
  if (commit.modified.includes(path)) return "modified";
  if (commit.added.includes(path)) return "added";
  if (commit.removed.includes(path)) return "removed";
  return undefined;
}

export function subjectOf(message: string): string {
  return sanitizeReason(message.split("\n")[0] ?? "", 200);
}

/** "Jane <jane@x> (jane)" — a git identity as the commit states it (self-declared, not verified). */
export function describePerson(p: GitPerson): string {
  const name = p.name || "(no name)";
  const email = p.email ? ` <${p.email}>` : "";
  const user = p.username && p.username !== p.name ? ` (${p.username})` : "";
  return sanitizeReason(`${name}${email}${user}`, 200);
}
