import type { CommentMemo } from "./comment-memo.js";
import type { ExclusiveRunner } from "../coordination/exclusive.js";
import type { WorkflowTexts } from "../github/workflow-texts.js";
import type { Logger } from "probot";
import type { AppIdentityResolver } from "../github/app-identity.js";
import type { RepoConfig } from "../config/schema.js";
import type { GitHub, RepoRef } from "../core/github.js";
import type { ControlWriter } from "../control/store.js";

/** Everything a command may use; built once per comment by the handler. */
export interface CommandEnv {
  github: GitHub;
  repo: RepoRef;
  config: RepoConfig;
  store: ControlWriter;
  now: Date;
  /** Login of the person who typed the command. */
  actor: string;
  /** The issue or pull request the comment is on, and the comment itself. */
  issueUrl: string;
  issueNumber: number;
  commentUrl: string;
  log: Logger;
  /** The repository's workflow files, read cheaply (a stop says when no workflow reads what it sets). */
  workflowTexts: WorkflowTexts;
  /** Work the commands of this comment share. */
  perComment: CommentMemo;
  /** One at a time per key (across replicas with Redis): a command's follow-up issues and a tick's never both create one. */
  exclusive: ExclusiveRunner;
  /** Who this app is, for commands that act only on issues the app opened (/accept, /reject). */
  appIdentity?: AppIdentityResolver;
}

/** done: something changed; unchanged: already true; info: a read-only answer; refused: nothing changed. */
export type CommandStatus = "done" | "unchanged" | "info" | "refused" | "failed";

export interface CommandResult {
  status: CommandStatus;
  /** Markdown body of this command's part of the reply. */
  text: string;
}

export interface HelpEntry {
  syntax: string;
  description: string;
  /** Key into `permissions` in the repository config. */
  permission: string;
  examples?: string[];
}

export interface CommandDefinition {
  name: string;
  help: HelpEntry[];
  /** The `permissions` key that applies to these arguments (`breaker reset` vs `breaker`). */
  permissionKey(args: string): string;
  /**
   * True when, with these arguments, the command's first GitHub call is its control-file edit: such
   * commands of one comment fold into one commit. Others run after the folded ones have finished.
   */
  foldable?(args: string): boolean;
  run(args: string, env: CommandEnv): Promise<CommandResult>;
}

export const refused = (text: string): CommandResult => ({ status: "refused", text });

/** The audit trailer every commit made for a command carries. */
export function auditTrailer(env: Pick<CommandEnv, "actor" | "commentUrl">): string[] {
  return [`requested_by: ${env.actor}`, `comment: ${env.commentUrl}`];
}
