/** Replies that refuse a whole comment before any command in it runs. */

/** Someone edited another person's comment to add commands (GitHub lets maintainers edit any comment). */
export function refusedEditReply(editor: string, author: string): string {
  return `😕 @${editor} edited @${author}'s comment: commands added by an edit run only when the comment's author makes the edit. Nothing was changed.`;
}

/** Over `max_commands_per_comment`: one short reply, whatever the number of commands. */
export function tooManyCommandsReply(count: number, cap: number): string {
  return `😕 This comment has ${count} commands; batch-ops runs at most ${cap} per comment (\`max_commands_per_comment\`). Nothing was run: split them over several comments.`;
}
