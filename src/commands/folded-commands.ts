import type { GitHub, RepoRef } from "../core/github.js";
import type { ControlSnapshot, ControlStore, ControlWriteOutcome, ControlWriteRequest, ControlWriter } from "../control/store.js";

/** One command of a comment, ready to run with a given store; never throws (failures are results). */
export interface FoldableCommand<R> {
  /** Its first GitHub call is its control-file edit (see `CommandDefinition.foldable`). */
  foldable: boolean;
  run(store: ControlWriter): Promise<R>;
}

interface Held {
  github: GitHub;
  repo: RepoRef;
  path: string;
  request: ControlWriteRequest;
  resolve: (outcome: ControlWriteOutcome) => void;
  reject: (error: unknown) => void;
}

interface Member<R> {
  done: Promise<R>;
  held: Held[];
}

/**
 * A store for consecutive foldable commands: each edit they submit is held until the last of them has
 * submitted, then all go to the real store together (one commit). Outcomes are handed back in command
 * order, each command finishing (workflows, incident issues) before the next one hears of its commit,
 * so the commands behave as if run one after another.
 */
class FoldGroup<R> implements ControlWriter {
  private readonly members: Member<R>[] = [];
  private current: Member<R> | undefined;
  private flushing = false;
  private submitted: (() => void) | undefined;

  constructor(private readonly store: ControlStore) {}

  read(github: GitHub, repo: RepoRef, path: string): Promise<ControlSnapshot> {
    return this.store.read(github, repo, path);
  }

  submit(github: GitHub, repo: RepoRef, path: string, request: ControlWriteRequest): Promise<ControlWriteOutcome> {
    // A second edit after its commit, or an edit from outside the group, goes straight to the store.
    if (this.flushing || !this.current) return this.store.submit(github, repo, path, request);
    const member = this.current;
    return new Promise((resolve, reject) => {
      member.held.push({ github, repo, path, request, resolve, reject });
      this.submitted?.();
    });
  }

  /** Starts a command; `ready` resolves once it has either finished or is waiting for its commit. */
  start(command: FoldableCommand<R>): { done: Promise<R>; ready: Promise<void> } {
    const submitted = new Promise<void>((resolve) => (this.submitted = resolve));
    const member: Member<R> = { done: Promise.resolve(undefined as R), held: [] };
    this.members.push(member);
    this.current = member;
    member.done = command.run(this);
    const ready = Promise.race([member.done, submitted])
      .catch(() => undefined)
      .then(() => {
        this.current = undefined;
        this.submitted = undefined;
      });
    return { done: member.done, ready };
  }

  /** Commits every held edit together, then lets the commands finish, in order. */
  async flush(): Promise<void> {
    this.flushing = true;
    const held = this.members.flatMap((m) => m.held);
    const outcomes = new Map<Held, Promise<ControlWriteOutcome>>();
    for (const group of groupByFile(held)) {
      const { github, repo, path } = group[0]!;
      const promises = this.store.submitAll(
        github,
        repo,
        path,
        group.map((h) => h.request),
      );
      group.forEach((h, i) => outcomes.set(h, promises[i]!));
    }
    for (const member of this.members) {
      for (const h of member.held) await outcomes.get(h)!.then(h.resolve, h.reject);
      await member.done;
    }
  }
}

function groupByFile(held: readonly Held[]): Held[][] {
  const groups = new Map<string, Held[]>();
  for (const h of held) {
    const key = `${h.repo.owner}/${h.repo.repo}@${h.repo.defaultBranch}:${h.path}`;
    groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  return [...groups.values()];
}

/**
 * Runs a comment's commands in order. Consecutive foldable commands fold their control-file edits into
 * one commit; any other command first waits for those to finish, so it sees what they wrote.
 */
export async function runFolded<R>(commands: readonly FoldableCommand<R>[], store: ControlStore): Promise<R[]> {
  const results: Promise<R>[] = [];
  let group: FoldGroup<R> | undefined;
  for (const command of commands) {
    if (command.foldable) {
      group ??= new FoldGroup<R>(store);
      const { done, ready } = group.start(command);
      results.push(done);
      await ready;
      continue;
    }
    if (group) await group.flush();
    group = undefined;
    const result = command.run(store);
    results.push(result);
    await result;
  }
  if (group) await group.flush();
  return Promise.all(results);
}
