import type { Context } from "probot";
import { addedCommands, extractCommands, type CommandLine } from "../commands/extract.js";
import { requiredLevel } from "../commands/help.js";
import { commandNames, findCommand } from "./command-registry.js";
import { failureResult } from "../commands/reply-format.js";
import type { CommandEnv, CommandResult } from "../commands/types.js";
import { loadRepoConfig, renderConfigErrors } from "../config/load.js";
import { permits, type PermissionLevel } from "../core/permission-level.js";
import { reactAfterFirstWrite, reactToComment, replyToIssue } from "../github/comments.js";
import { repositoryPermission } from "../github/permissions.js";
import { repoFromPayload } from "../core/repo-ref.js";
import { statusOf } from "../core/github.js";
import type { AppDeps } from "../core/deps.js";
import { quoteCommand } from "../util/sanitize.js";
import { runFolded, type FoldableCommand } from "../commands/folded-commands.js";
import { refusedEditReply, tooManyCommandsReply } from "../commands/refusals.js";
import { CommentMemo } from "../commands/comment-memo.js";

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

/** An edit by someone other than the comment's author never runs the commands it added (logins ignore case, as GitHub's do). */
export function editedByOther(context: CommentContext): boolean {
  const author = context.payload.comment.user?.login;
  return context.payload.action === "edited" && context.payload.sender.login.toLowerCase() !== author?.toLowerCase();
}

/** `issue_comment.created` / `.edited`: run the slash commands in the comment, in order, and reply once. */
export async function handleCommentCommands(context: CommentContext, deps: AppDeps): Promise<void> {
  const { comment, issue, repository, sender } = context.payload;
  if (isBot(comment.user) || isBot(sender)) return;
  const commands = commandsToRun(context);
  if (commands.length === 0) return;
  if (!(await deps.dedupe.claim(context.id))) {
    context.log.info({ delivery: context.id }, "redelivered webhook ignored");
    return;
  }
  const repo = repoFromPayload(repository);
  const github = context.octokit;
  // The person who caused this event acts: for an edit, the editor, not the comment's author.
  const actor = sender.login;
  // The delivery is handled once claimed: a reply GitHub will not take (a locked, deleted or transferred
  // issue: 403/404/410) is logged, never thrown, or the delivery would be freed for a redelivery that
  // runs its commands again. The reactions still say how it went.
  const reply = async (body: string, statuses: readonly string[]) => {
    try {
      await replyToIssue(github, repo, issue.number, body);
    } catch (error) {
      context.log.error(
        { err: error, status: statusOf(error), delivery: context.id, issue: issue.number, statuses },
        "commands handled, but their reply could not be posted",
      );
    }
  };

  if (editedByOther(context)) {
    context.log.warn({ editor: actor, author: comment.user?.login }, "commands added by someone else's edit refused");
    await reply(refusedEditReply(actor, comment.user?.login ?? "unknown"), ["refused"]);
    await reactToComment(github, repo, comment.id, "confused");
    return;
  }

  // The commit of a /stop is the first write; 👀 follows it instead of holding it back a second.
  const seen = reactAfterFirstWrite(github, repo, comment.id, "eyes");

  const config = await loadRepoConfig(context, deps.repeatReads);
  if (!config.ok) {
    context.log.warn({ repo: `${repo.owner}/${repo.repo}`, errors: config.errors }, "invalid repository config");
    await seen.flush();
    await reply(renderConfigErrors(config.errors), ["refused"]);
    await reactToComment(github, repo, comment.id, "confused");
    return;
  }

  const cap = config.config.max_commands_per_comment;
  if (commands.length > cap) {
    context.log.warn({ commands: commands.length, cap, actor }, "too many commands in one comment; none run");
    await reply(tooManyCommandsReply(commands.length, cap), ["refused"]);
    await reactToComment(github, repo, comment.id, "confused");
    return;
  }

  let permission: Promise<PermissionLevel> | undefined;
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
    workflowTexts: deps.workflowTexts,
    perComment: new CommentMemo(),
    exclusive: deps.exclusive,
    appIdentity: deps.appIdentity,
  };

  const planned: FoldableCommand<CommandResult>[] = commands.map((line) => {
    const command = findCommand(line.name)!;
    return {
      foldable: command.foldable?.(line.args) ?? false,
      async run(store) {
        const needs = requiredLevel(config.config, command.permissionKey(line.args));
        const has = await (permission ??= repositoryPermission(github, repo, actor));
        let result: CommandResult;
        if (!permits(has, needs as PermissionLevel)) {
          result = {
            status: "refused",
            text: `😕 @${actor} needs **${needs}** permission on this repository for this command (has: ${has}). Nothing was changed.`,
          };
        } else {
          try {
            result = await command.run(line.args, { ...env, store, now: deps.clock() });
          } catch (error) {
            context.log.error({ err: error, command: line.name }, "command failed");
            result = failureResult(error, config.config.control_file);
          }
        }
        context.log.info({ command: line.name, status: result.status, actor }, "command handled");
        deps.metrics?.command(line.name, result.status);
        return result;
      },
    };
  });
  // Consecutive control-file edits of one comment land in one commit.
  const results = await runFolded(planned, deps.store);

  const statuses = new Set(results.map((r) => r.status));
  await seen.flush();
  await reply(commands.map((line, i) => section(line, results[i]!)).join("\n\n---\n\n"), [...statuses]);
  if (statuses.has("done")) await reactToComment(github, repo, comment.id, "rocket");
  else if (statuses.has("unchanged")) await reactToComment(github, repo, comment.id, "+1");
  if (statuses.has("refused") || statuses.has("failed")) await reactToComment(github, repo, comment.id, "confused");
}
