import type { Context } from "probot";
import { addedCommands, extractCommands, type CommandLine } from "../commands/extract.js";
import { requiredLevel } from "../commands/help.js";
import { commandNames, findCommand } from "../commands/registry.js";
import { failureResult } from "../commands/reply-format.js";
import type { CommandEnv, CommandResult } from "../commands/types.js";
import { loadRepoConfig, renderConfigErrors } from "../config/load.js";
import { permits, type PermissionLevel } from "../config/permission-level.js";
import { reactAfterFirstWrite, reactToComment, replyToIssue } from "../github/comments.js";
import { repositoryPermission } from "../github/permissions.js";
import { repoFromPayload } from "../github/repo-ref.js";
import type { AppDeps } from "../deps.js";
import { quoteCommand } from "../util/sanitize.js";

type CommentContext = Context<"issue_comment.created" | "issue_comment.edited">;

function isBot(user: { type?: string; login: string } | null | undefined): boolean {
  return !user || user.type === "Bot" || user.login.endsWith("[bot]");
}

/** The command lines this event should run: all of a new comment, only what an edit added. */
export function commandsToRun(context: CommentContext): CommandLine[] {
  const known = commandNames();
  const now = extractCommands(context.payload.comment.body ?? "", known);
  if (context.payload.action !== "edited") return now;
  const before = (context.payload as { changes?: { body?: { from?: string } } }).changes?.body?.from;
  if (before === undefined) return [];
  return addedCommands(extractCommands(before, known), now);
}

function section(command: CommandLine, result: CommandResult): string {
  return `${quoteCommand(command.line)}\n\n${result.text}`;
}

/** `issue_comment.created` / `.edited`: run the slash commands in the comment, in order, and reply once. */
export async function handleCommentCommands(context: CommentContext, deps: AppDeps): Promise<void> {
  const { comment, issue, repository } = context.payload;
  if (isBot(comment.user) || isBot(context.payload.sender)) return;
  const commands = commandsToRun(context);
  if (commands.length === 0) return;
  if (!(await deps.dedupe.claim(context.id))) {
    context.log.info({ delivery: context.id }, "redelivered webhook ignored");
    return;
  }
  const repo = repoFromPayload(repository);
  const github = context.octokit;
  // The commit of a /stop is the first write; 👀 follows it instead of holding it back a second.
  const seen = reactAfterFirstWrite(github, repo, comment.id, "eyes");

  const config = await loadRepoConfig(context);
  if (!config.ok) {
    context.log.warn({ repo: `${repo.owner}/${repo.repo}`, errors: config.errors }, "invalid repository config");
    await seen.flush();
    await replyToIssue(github, repo, issue.number, renderConfigErrors(config.errors));
    await reactToComment(github, repo, comment.id, "confused");
    return;
  }

  const actor = comment.user!.login;
  let permission: PermissionLevel | undefined;
  const env: CommandEnv = {
    github,
    repo,
    config: config.config,
    store: deps.store,
    now: deps.clock(),
    actor,
    issueUrl: issue.html_url,
    issueNumber: issue.number,
    commentUrl: comment.html_url,
    log: context.log,
    appIdentity: deps.appIdentity,
  };

  const sections: string[] = [];
  const statuses = new Set<CommandResult["status"]>();
  for (const line of commands) {
    const command = findCommand(line.name)!;
    const needs = requiredLevel(config.config, command.permissionKey(line.args));
    permission ??= await repositoryPermission(github, repo, actor);
    let result: CommandResult;
    if (!permits(permission, needs as PermissionLevel)) {
      result = { status: "refused", text: `😕 @${actor} needs **${needs}** permission on this repository for this command (has: ${permission}). Nothing was changed.` };
    } else {
      try {
        result = await command.run(line.args, { ...env, now: deps.clock() });
      } catch (error) {
        context.log.error({ err: error, command: line.name }, "command failed");
        result = failureResult(error, config.config.control_file);
      }
    }
    context.log.info({ command: line.name, status: result.status, actor }, "command handled");
    deps.metrics?.command(line.name, result.status);
    statuses.add(result.status);
    sections.push(section(line, result));
  }

  await seen.flush();
  await replyToIssue(github, repo, issue.number, sections.join("\n\n---\n\n"));
  if (statuses.has("done")) await reactToComment(github, repo, comment.id, "rocket");
  else if (statuses.has("unchanged")) await reactToComment(github, repo, comment.id, "+1");
  if (statuses.has("refused") || statuses.has("failed")) await reactToComment(github, repo, comment.id, "confused");
}
