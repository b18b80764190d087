import { Lexer, type Token } from "marked";

/** One slash-command line as written: `/stop homebrew upstream outage` → name `stop`, args text. */
export interface CommandLine {
  name: string;
  args: string;
  /** The whole line as typed (trimmed), quoted back in replies. */
  line: string;
}

const COMMAND_LINE = /^\/([A-Za-z][\w-]*)(?:[ \t]+([^\n]*))?$/;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

/** Block tokens whose text is never a command: code, quotes (quote-replies) and raw HTML (comments). */
function linesOf(token: Token): string[] {
  if (token.type === "paragraph" || token.type === "text") {
    return token.raw.replace(HTML_COMMENT, "").split("\n");
  }
  return [];
}

/**
 * Finds the command lines in a comment body, in order, using a real markdown lexer so fenced and
 * indented code, block quotes and HTML comments are skipped exactly as GitHub renders them.
 * Only names in `known` are returned: other slash words belong to other bots and are ignored.
 */
export function extractCommands(body: string, known: ReadonlySet<string>): CommandLine[] {
  const tokens = new Lexer({ gfm: true }).lex(body.replace(/\r\n?/g, "\n"));
  const found: CommandLine[] = [];
  for (const token of tokens) {
    for (const rawLine of linesOf(token)) {
      const line = rawLine.trim();
      const match = COMMAND_LINE.exec(line);
      if (!match) continue;
      const name = match[1]!.toLowerCase();
      if (!known.has(name)) continue;
      found.push({ name, args: (match[2] ?? "").trim(), line });
    }
  }
  return found;
}

/**
 * For an edited comment: the commands of the new body that the old body did not already have
 * (compared as whole lines, counting repeats), so an edit never re-runs what already ran.
 */
export function addedCommands(before: readonly CommandLine[], after: readonly CommandLine[]): CommandLine[] {
  const remaining = new Map<string, number>();
  for (const command of before) remaining.set(command.line, (remaining.get(command.line) ?? 0) + 1);
  return after.filter((command) => {
    const left = remaining.get(command.line) ?? 0;
    if (left > 0) {
      remaining.set(command.line, left - 1);
      return false;
    }
    return true;
  });
}
