import { BlockScanner } from "./markdown-blocks.js";
import { inlineSpans } from "./markdown-inline.js";

/** One slash-command line as written: `/stop homebrew upstream outage` → name `stop`, args text. */
export interface CommandLine {
  name: string;
  args: string;
  /** The whole line as typed (trimmed), quoted back in replies. */
  line: string;
}

const COMMAND_LINE = /^\/([A-Za-z][\w-]*)(?:[ \t]+([^\n]*))?$/;
/**
 * Characters that render as nothing (zero-width space, joiners, word joiner, a stray byte-order mark),
 * which mobile keyboards and copy-paste leave around words: removed from a command line, so
 * `/stop npm<U+200B>` is `/stop npm` as it reads, not a refusal of an ecosystem named `npm<U+200B>`.
 */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
/** White space other than a space or a tab (a no-break space, which phone keyboards type) reads as a space. */
const OTHER_SPACE = /[^\S\t ]/g;
/**
 * Anything that could be a command once block structure is known: `/name` at a line start, or right
 * after the end of an HTML comment (which is cut out of the rendered line).
 */
const CANDIDATE = /(?:^|-->)(?:[^\S\n]|[\u200b-\u200d\u2060])*\/([A-Za-z][\w-]*)(?![\w-])/gm;

/** Whether any line of the body could be one of the known commands (cheap: one regular-expression pass). */
export function mayHaveCommands(body: string, known: ReadonlySet<string>): boolean {
  CANDIDATE.lastIndex = 0;
  for (let match = CANDIDATE.exec(body); match; match = CANDIDATE.exec(body)) {
    if (known.has(match[1]!.toLowerCase())) return true;
  }
  return false;
}

/**
 * The lines of a top-level paragraph as rendered: HTML comments cut out (a comment spanning lines
 * joins them), and lines whose first character is inside a code span, a tag or an autolink dropped.
 */
function visibleLines(lines: readonly string[]): string[] {
  const text = lines.join("\n");
  const spans = inlineSpans(text);
  const opaque = spans.filter((span) => span.kind === "opaque");
  const visible: string[] = [];
  let opaqueIndex = 0;
  let line = "";
  let firstChar = -1;
  const endLine = () => {
    while (opaqueIndex < opaque.length && opaque[opaqueIndex]!.end <= firstChar) opaqueIndex++;
    const covering = opaque[opaqueIndex];
    const hidden = firstChar >= 0 && covering !== undefined && covering.start < firstChar && firstChar < covering.end;
    if (!hidden) visible.push(line);
    line = "";
    firstChar = -1;
  };
  const addVisible = (from: number, to: number) => {
    for (let at = from; at < to;) {
      const newline = text.indexOf("\n", at);
      const stop = newline < 0 || newline >= to ? to : newline;
      const chunk = text.slice(at, stop);
      if (firstChar < 0) {
        const offset = chunk.length - chunk.trimStart().length;
        if (offset < chunk.length) firstChar = at + offset;
      }
      line += chunk;
      if (stop === newline) endLine();
      at = stop === newline ? stop + 1 : stop;
    }
  };
  let cursor = 0;
  for (const span of spans) {
    if (span.kind !== "remove") continue;
    addVisible(cursor, span.start);
    cursor = span.end;
  }
  addVisible(cursor, text.length);
  endLine();
  return visible;
}

/**
 * Finds the command lines in a comment body, in order. A command is a line of a top-level paragraph,
 * as GitHub renders it: fenced and indented code, block quotes (quote-replies), list items, tables,
 * headings, HTML blocks and HTML comments are skipped. Linear in the body's length, no recursion.
 * Only names in `known` are returned: other slash words belong to other bots and are ignored.
 */
export function extractCommands(body: string, known: ReadonlySet<string>): CommandLine[] {
  const text = body.replace(/\r\n?/g, "\n");
  if (!mayHaveCommands(text, known)) return [];
  const found: CommandLine[] = [];
  const scanner = new BlockScanner((lines) => {
    for (const rawLine of visibleLines(lines)) {
      const line = rawLine.replace(INVISIBLE, "").replace(OTHER_SPACE, " ").trim();
      const match = COMMAND_LINE.exec(line);
      if (!match) continue;
      const name = match[1]!.toLowerCase();
      if (!known.has(name)) continue;
      found.push({ name, args: (match[2] ?? "").trim(), line });
    }
  });
  scanner.scan(text);
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
