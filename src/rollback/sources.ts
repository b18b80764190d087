import type { ChangedFile } from "../github/git-data.js";

/** How a source changed one path; renames and copies are split into these by `toSourceFiles`. */
export type ChangeStatus = "added" | "modified" | "removed";

export interface SourceFile {
  path: string;
  status: ChangeStatus;
  /** The blob the change left at `path`; null when it removed the path. */
  blob: string | null;
}

/**
 * One way batch work reached (or did not reach) the default branch: a commit found there with the
 * trailer, or a pull request from a batch branch whose commits carry it (squash merges drop it).
 */
export interface BatchSource {
  kind: "commit" | "pull";
  /** Commit sha, or pull request number as text. */
  key: string;
  url: string;
  /** Commit subject or pull request title, as written (untrusted). */
  title: string;
  /** Landed on the default branch. */
  merged: boolean;
  /** The commit on the default branch that brought the change in. */
  landingSha: string | null;
  /** The default branch just before that commit, when already known (commits from search know it). */
  beforeSha: string | null;
  /** ISO time it landed (or was made, when not merged), to order several sources of one batch. */
  at: string;
  files: SourceFile[];
  pullNumber?: number;
  /** How it landed, in words, when the finder knows more than `landingSha` (the CLI's squash, merge or content match). */
  landingNote?: string;
}

/** Git's statuses mapped to what a rollback needs; a rename is its old path removed and its new one added. */
export function toSourceFiles(files: readonly ChangedFile[]): SourceFile[] {
  const out: SourceFile[] = [];
  for (const file of files) {
    switch (file.status) {
      case "added":
      case "copied":
        out.push({ path: file.path, status: "added", blob: file.blob });
        break;
      case "modified":
      case "changed":
        out.push({ path: file.path, status: "modified", blob: file.blob });
        break;
      case "removed":
        out.push({ path: file.path, status: "removed", blob: null });
        break;
      case "renamed":
        if (file.previousPath) out.push({ path: file.previousPath, status: "removed", blob: null });
        out.push({ path: file.path, status: "added", blob: file.blob });
        break;
      default:
        break; // "unchanged": nothing happened to the content
    }
  }
  return out;
}

export function isUnder(path: string, dir: string): boolean {
  return path.startsWith(dir) && path.length > dir.length;
}

/** A short human name for a source in lists: `#2082` or `abc1234`. */
export function sourceLabel(source: BatchSource): string {
  return source.kind === "pull" ? `#${source.key}` : source.key.slice(0, 7);
}
