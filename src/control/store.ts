import { casUpdate, WriteRefusedError, type CasResult } from "../github/cas-update.js";
import { fileUrl, readTextFile, type CommitRef, type FileAtRef } from "../github/files.js";
import { repoKey, type GitHub, type RepoRef } from "../core/github.js";
import { parseControlFile, serializeControlFile } from "./codec.js";
import { commitMessage, foldedCommitMessage } from "./commit-message.js";
import { defaultControlFile } from "./defaults.js";
import type { ControlEdit } from "./edit.js";
import type { ControlFile } from "./schema.js";
import type { BackoffOptions } from "../util/backoff.js";
import { inProcessLock, type RepoLock } from "../coordination/repo-lock.js";

export interface ControlWriteRequest {
  edit: ControlEdit;
  /** Trailer lines added to the commit body: `requested_by: …`, the comment link. */
  audit: string[];
}

export type ControlWriteOutcome =
  | { kind: "committed"; commit: CommitRef; note: string; foldedWith: number }
  | { kind: "unchanged"; note: string; fileUrl: string }
  | { kind: "refused"; note: string };

/** What commands and services need of the store: reads and queued edits. */
export type ControlWriter = Pick<ControlStore, "read" | "submit">;

/** The control file is not valid JSON or breaks the schema: it is never overwritten. */
export class InvalidControlFileError extends Error {
  constructor(
    readonly path: string,
    readonly errors: string[],
  ) {
    super(`${path} is invalid: ${errors.join("; ")}`);
    this.name = "InvalidControlFileError";
  }
}

export interface ControlSnapshot {
  control: ControlFile;
  /** Blob sha, or null when the file does not exist (defaults shown). */
  sha: string | null;
  exists: boolean;
}

export interface ControlStoreEvents {
  onCommit?: (repo: RepoRef, changes: number) => void;
  onConflict?: (repo: RepoRef) => void;
}

interface Job {
  request: ControlWriteRequest;
  resolve: (outcome: ControlWriteOutcome) => void;
  reject: (error: unknown) => void;
}

interface FileQueue {
  pending: Job[];
  running: boolean;
}

type JobDecision = { job: Job; outcome: ReturnType<ControlEdit> };

/** Parses what was read; a missing file is the runbook's default document. */
export function snapshotOf(path: string, file: FileAtRef | null): ControlSnapshot {
  if (file === null) return { control: defaultControlFile(), sha: null, exists: false };
  const parsed = parseControlFile(file.text);
  if (!parsed.ok) throw new InvalidControlFileError(path, parsed.errors);
  return { control: parsed.control, sha: file.sha, exists: true };
}

function messageFor(decisions: JobDecision[]): string {
  const blocks = decisions.flatMap(({ job, outcome }) => (outcome.changed ? [commitMessage(outcome, job.request.audit)] : []));
  // Folded: several waiting changes in one commit, each keeping its own subject and audit trail.
  return blocks.length === 1 ? blocks[0]! : foldedCommitMessage(blocks);
}

/**
 * Every change to a repository's control file goes through here: changes to one file are queued in the
 * process, and whatever is waiting when the previous write finishes is folded into one commit. Each
 * commit is a compare-and-swap on the blob sha, retried by re-reading and re-applying every edit
 * whenever the file or the branch moved (see `casUpdate`).
 */
export class ControlStore {
  private readonly queues = new Map<string, FileQueue>();

  constructor(
    private readonly deps: {
      clock?: () => Date;
      backoff?: BackoffOptions;
      lock?: RepoLock;
      events?: ControlStoreEvents;
      /** Most edits folded into one commit. */
      maxFold?: number;
    } = {},
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /** Reads and validates the control file (the runbook's defaults when it does not exist). */
  async read(github: GitHub, repo: RepoRef, path: string): Promise<ControlSnapshot> {
    return snapshotOf(path, await readTextFile(github, repo, path));
  }

  /** Queues one edit and resolves with what became of it once it is committed, found true, or refused. */
  submit(github: GitHub, repo: RepoRef, path: string, request: ControlWriteRequest): Promise<ControlWriteOutcome> {
    return this.submitAll(github, repo, path, [request])[0]!;
  }

  /**
   * Queues several edits at once (the commands of one comment), so they are decided in order and
   * land in one commit; one outcome per edit.
   */
  submitAll(github: GitHub, repo: RepoRef, path: string, requests: readonly ControlWriteRequest[]): Promise<ControlWriteOutcome>[] {
    const key = `${repoKey(repo)}:${repo.defaultBranch}:${path}`;
    const queue = this.queues.get(key) ?? { pending: [], running: false };
    this.queues.set(key, queue);
    const outcomes = requests.map(
      (request) => new Promise<ControlWriteOutcome>((resolve, reject) => queue.pending.push({ request, resolve, reject })),
    );
    if (!queue.running) void this.drain(key, queue, github, repo, path);
    return outcomes;
  }

  private async drain(key: string, queue: FileQueue, github: GitHub, repo: RepoRef, path: string): Promise<void> {
    queue.running = true;
    try {
      while (queue.pending.length > 0) {
        const batch = queue.pending.splice(0, this.deps.maxFold ?? 50);
        try {
          const result = await (this.deps.lock ?? inProcessLock).withLock(key, () => this.commitBatch(github, repo, path, batch));
          this.settle(repo, path, result);
        } catch (error) {
          // A refusal (a ruleset, a protected branch) is an answer about the repository, not a failure to retry.
          if (error instanceof WriteRefusedError) for (const job of batch) job.resolve({ kind: "refused", note: error.message });
          else for (const job of batch) job.reject(error);
        }
      }
    } finally {
      queue.running = false;
      this.queues.delete(key);
    }
  }

  private commitBatch(github: GitHub, repo: RepoRef, path: string, batch: Job[]): Promise<CasResult<JobDecision[]>> {
    return casUpdate<JobDecision[]>({
      github,
      repo,
      path,
      backoff: this.deps.backoff,
      onConflict: () => this.deps.events?.onConflict?.(repo),
      decide: (file) => {
        const snapshot = snapshotOf(path, file);
        const now = this.now();
        let current = snapshot.control;
        const decisions: JobDecision[] = [];
        for (const job of batch) {
          const outcome = job.request.edit(current, now);
          if (outcome.changed) current = outcome.next;
          decisions.push({ job, outcome });
        }
        if (!decisions.some((d) => d.outcome.changed)) return { change: null, decision: decisions };
        return { change: { text: serializeControlFile(current), message: messageFor(decisions) }, decision: decisions };
      },
    });
  }

  private settle(repo: RepoRef, path: string, result: CasResult<JobDecision[]>): void {
    const changed = result.decision.filter((d) => d.outcome.changed).length;
    const link = result.commit ? fileUrl(repo, path, result.commit.sha) : fileUrl(repo, path, repo.defaultBranch);
    if (result.commit) this.deps.events?.onCommit?.(repo, changed);
    for (const { job, outcome } of result.decision) {
      if (outcome.changed && result.commit) {
        job.resolve({ kind: "committed", commit: result.commit, note: outcome.note, foldedWith: changed - 1 });
      } else if (!outcome.changed && outcome.refused) {
        job.resolve({ kind: "refused", note: outcome.note });
      } else {
        job.resolve({ kind: "unchanged", note: outcome.note, fileUrl: link });
      }
    }
  }
}
