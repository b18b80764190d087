import { endsHtmlBlock, htmlBlockStart, type HtmlBlockKind } from "./markdown-html.js";

/**
 * The block structure of a comment as GitHub (cmark-gfm) parses it, reduced to the one thing commands
 * need: the paragraphs at the top level of the document (not in a quote, a list item, code, HTML or a
 * table). It follows cmark's line-by-line algorithm with an explicit stack of open containers, so it
 * is linear in the body's length and no nesting depth can overflow the call stack.
 */

/**
 * An open container, as a number so deep nesting allocates nothing: 0 is a block quote, n > 0 a list
 * item whose content starts n columns in, -n the same item while it is still empty.
 */
type Container = number;
const QUOTE: Container = 0;

type Leaf =
  | { kind: "paragraph"; lines: string[]; topLevel: boolean }
  | { kind: "fence"; char: string; length: number }
  | { kind: "indented" }
  | { kind: "html"; html: HtmlBlockKind }
  | { kind: "table" };

const TAB_STOP = 4;

/** Tabs as spaces to the next multiple of 4, which is how CommonMark counts indentation. */
function expandTabs(line: string): string {
  if (!line.includes("\t")) return line;
  let out = "";
  let column = 0;
  for (const ch of line) {
    if (ch === "\t") {
      const width = TAB_STOP - (column % TAB_STOP);
      out += " ".repeat(width);
      column += width;
    } else {
      out += ch;
      column++;
    }
  }
  return out;
}

function firstNonSpace(line: string, from: number): number {
  let i = from;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  return i;
}

function runOf(line: string, at: number, ch: string): number {
  let i = at;
  while (line[i] === ch) i++;
  return i - at;
}

const isBlankFrom = (line: string, at: number): boolean => firstNonSpace(line, at) >= line.length;

function isAtxHeading(line: string, at: number): boolean {
  const hashes = runOf(line, at, "#");
  return hashes >= 1 && hashes <= 6 && (at + hashes === line.length || line[at + hashes] === " ");
}

function fenceOpen(line: string, at: number): { char: string; length: number } | undefined {
  const char = line[at];
  if (char !== "`" && char !== "~") return undefined;
  const length = runOf(line, at, char);
  if (length < 3) return undefined;
  if (char === "`" && line.indexOf("`", at + length) >= 0) return undefined;
  return { char, length };
}

function closesFence(line: string, fence: { char: string; length: number }): boolean {
  const at = firstNonSpace(line, 0);
  if (at > 3) return false;
  const length = runOf(line, at, fence.char);
  return length >= fence.length && isBlankFrom(line, at + length);
}

/**
 * Where thematic breaks (`***`, `- - -`) can start in a line: a break runs to the end of the line, so
 * it is decided once per line from the end (checking each nesting level from scratch would be quadratic).
 */
function thematicBreakStarts(line: string): { char: string; from: number; to: number } | undefined {
  let end = line.length - 1;
  while (end >= 0 && line[end] === " ") end--;
  const char = line[end];
  if (char !== "-" && char !== "_" && char !== "*") return undefined;
  let from = end;
  let count = 0;
  let to = -1;
  for (let i = end; i >= 0 && (line[i] === char || line[i] === " "); i--) {
    if (line[i] === char && ++count === 3) to = i;
    from = i;
  }
  return to < 0 ? undefined : { char, from, to };
}

function isSetextUnderline(line: string, at: number): boolean {
  const char = line[at];
  if (char !== "=" && char !== "-") return false;
  return isBlankFrom(line, at + runOf(line, at, char));
}

/** A list item marker at `at`: its width to the item's content (marker plus spacing) and where content starts. */
function listMarker(line: string, at: number, interruptsParagraph: boolean): { after: number; padding: number } | undefined {
  let end = at;
  const ch = line[at];
  if (ch === "-" || ch === "+" || ch === "*") {
    end = at + 1;
  } else {
    while (end < line.length && end - at < 10 && line[end]! >= "0" && line[end]! <= "9") end++;
    const digits = end - at;
    if (digits < 1 || digits > 9 || (line[end] !== "." && line[end] !== ")")) return undefined;
    if (interruptsParagraph && Number(line.slice(at, end)) !== 1) return undefined;
    end++;
  }
  if (end < line.length && line[end] !== " ") return undefined;
  const blankAfter = isBlankFrom(line, end);
  if (interruptsParagraph && blankAfter) return undefined;
  const spaces = firstNonSpace(line, end) - end;
  const markerLength = end - at;
  if (spaces >= 5 || blankAfter) return { after: end + (spaces > 0 ? 1 : 0), padding: markerLength + 1 };
  return { after: end + spaces, padding: markerLength + spaces };
}

/** Cells of a GFM table row: split on unescaped `|`, one leading and one trailing pipe optional. */
function cellCount(row: string): number {
  const text = row.trim();
  let cells = 1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "|") cells++;
  }
  if (text.startsWith("|")) cells--;
  if (text.length > 1 && text.endsWith("|") && !text.endsWith("\\|")) cells--;
  return cells;
}

const DELIMITER_ROW = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

function isDelimiterRow(rest: string): boolean {
  return DELIMITER_ROW.test(rest) && (rest.includes("|") || rest.includes(":"));
}

/** Walks the lines of a body (already `\n`-separated) and reports each top-level paragraph's lines. */
export class BlockScanner {
  private readonly stack: Container[] = [];
  /** Indexes in `stack` that are block quotes, ascending (blank lines skip to the first one). */
  private readonly quotes: number[] = [];
  private leaf: Leaf | undefined;

  constructor(private readonly onParagraph: (lines: string[]) => void) {}

  scan(body: string): void {
    let start = 0;
    while (start <= body.length) {
      const newline = body.indexOf("\n", start);
      const end = newline < 0 ? body.length : newline;
      if (end === start) this.blankLine();
      else this.line(body.slice(start, end));
      start = end + 1;
    }
    this.closeLeaf();
  }

  /** An empty line (the common case in long bodies), decided without the general machinery. */
  private blankLine(): void {
    const stack = this.stack;
    let matched = this.firstQuoteFrom(0);
    if (matched === stack.length && matched > 0 && stack[matched - 1]! < 0) matched--;
    const leaf = this.leaf;
    if (matched === stack.length && leaf !== undefined) {
      if (leaf.kind === "fence" || leaf.kind === "indented" || (leaf.kind === "html" && leaf.html <= 5)) return;
      this.closeLeaf();
      return;
    }
    if (leaf) this.closeLeaf();
    if (stack.length > matched) stack.length = matched;
    while (this.quotes.length > 0 && this.quotes[this.quotes.length - 1]! >= matched) this.quotes.pop();
  }

  private firstQuoteFrom(index: number): number {
    const quotes = this.quotes;
    let lo = 0;
    let hi = quotes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (quotes[mid]! < index) lo = mid + 1;
      else hi = mid;
    }
    return lo < quotes.length ? quotes[lo]! : this.stack.length;
  }

  private closeLeaf(): void {
    const leaf = this.leaf;
    this.leaf = undefined;
    if (leaf?.kind === "paragraph" && leaf.topLevel) this.onParagraph(leaf.lines);
  }

  /** A new block starts: the open leaf and every container that did not continue on this line close. */
  private startBlock(matched: number): void {
    if (this.leaf) this.closeLeaf();
    if (this.stack.length > matched) this.stack.length = matched;
    while (this.quotes.length > 0 && this.quotes[this.quotes.length - 1]! >= matched) this.quotes.pop();
    if (matched > 0 && this.stack[matched - 1]! < 0) this.stack[matched - 1] = -this.stack[matched - 1]!;
  }

  private push(container: Container): void {
    if (container === QUOTE) this.quotes.push(this.stack.length);
    this.stack.push(container);
  }

  private line(raw: string): void {
    const line = expandTabs(raw);
    const stack = this.stack;
    let pos = 0;
    let matched = 0;

    // 1. Which open containers does this line continue? (`nonSpace` is reused while `pos` stays
    // inside the leading spaces, so deep nesting does not rescan them.)
    let nonSpace = -1;
    while (matched < stack.length) {
      if (nonSpace < pos) nonSpace = firstNonSpace(line, pos);
      const at = nonSpace;
      if (at >= line.length) {
        // Blank: every list item continues (unless it is still empty) up to the first quote.
        matched = this.firstQuoteFrom(matched);
        // An item still empty (`-n`) does not continue over a blank line.
        if (matched === stack.length && matched > 0 && stack[matched - 1]! < 0) matched--;
        pos = line.length;
        break;
      }
      const container = stack[matched]!;
      if (container === QUOTE) {
        if (at - pos > 3 || line[at] !== ">") break;
        pos = at + 1;
        if (line[pos] === " ") pos++;
      } else {
        const width = Math.abs(container);
        if (at - pos < width) break;
        pos += width;
      }
      matched++;
    }
    const allMatched = matched === stack.length;
    const leaf = this.leaf;

    // 2. Does the open leaf continue?
    if (allMatched && leaf) {
      const at = firstNonSpace(line, pos);
      const blank = at >= line.length;
      if (leaf.kind === "fence") {
        if (closesFence(line.slice(pos), leaf)) this.leaf = undefined;
        return;
      }
      if (leaf.kind === "indented" && (blank || at - pos >= 4)) return;
      if (leaf.kind === "html") {
        if (leaf.html >= 6 && blank) {
          this.leaf = undefined;
          return;
        }
        if (leaf.html <= 5) {
          if (endsHtmlBlock(leaf.html, line.slice(pos))) this.leaf = undefined;
          return;
        }
        if (leaf.html >= 6) return;
      }
    }

    // 3. Open new blocks on the rest of the line.
    let maybeLazy = leaf?.kind === "paragraph";
    let paragraphContinues = allMatched && leaf?.kind === "paragraph" && !isBlankFrom(line, pos);
    let opened = false;
    let thematic: ReturnType<typeof thematicBreakStarts> | null | undefined;
    for (;;) {
      const at = firstNonSpace(line, pos);
      const indent = at - pos;
      const blank = at >= line.length;
      const indented = indent >= 4;
      const ch = line[at];
      if (!indented && ch === ">") {
        this.startBlock(matched);
        this.push(QUOTE);
        matched = stack.length;
        pos = at + 1;
        if (line[pos] === " ") pos++;
        paragraphContinues = false;
        maybeLazy = false;
        opened = true;
        continue;
      }
      if (!indented && ch === "#" && isAtxHeading(line, at)) {
        this.startBlock(matched);
        return;
      }
      const fence = indented ? undefined : fenceOpen(line, at);
      if (fence) {
        this.startBlock(matched);
        this.leaf = { kind: "fence", ...fence };
        return;
      }
      if (!indented && ch === "<") {
        const html = htmlBlockStart(line, at, paragraphContinues);
        if (html !== undefined) {
          this.startBlock(matched);
          this.leaf = html <= 5 && endsHtmlBlock(html, line.slice(at)) ? undefined : { kind: "html", html };
          return;
        }
      }
      if (!indented && paragraphContinues && isSetextUnderline(line, at)) {
        // The paragraph was a heading all along.
        this.leaf = undefined;
        return;
      }
      if (!indented && (ch === "-" || ch === "_" || ch === "*")) thematic ??= thematicBreakStarts(line) ?? null;
      if (!indented && thematic && ch === thematic.char && at >= thematic.from && at <= thematic.to) {
        this.startBlock(matched);
        return;
      }
      const marker = indented || blank ? undefined : listMarker(line, at, paragraphContinues);
      if (marker) {
        this.startBlock(matched);
        this.push(-(indent + marker.padding));
        matched = stack.length;
        pos = marker.after;
        paragraphContinues = false;
        maybeLazy = false;
        opened = true;
        continue;
      }
      if (indented && !maybeLazy && !blank) {
        this.startBlock(matched);
        this.leaf = { kind: "indented" };
        return;
      }
      if (!indented && paragraphContinues && leaf?.kind === "paragraph" && isDelimiterRow(line.slice(at))) {
        const header = leaf.lines[leaf.lines.length - 1]!;
        if (cellCount(header) === cellCount(line.slice(at))) {
          leaf.lines.pop();
          this.closeLeaf();
          this.leaf = { kind: "table" };
          return;
        }
      }
      break;
    }

    // 4. The rest of the line is text.
    const blank = isBlankFrom(line, pos);
    if (!opened && !allMatched && !blank && this.leaf?.kind === "paragraph") return; // lazy continuation
    if (!opened && !allMatched) {
      this.closeLeaf();
      this.stack.length = matched;
      while (this.quotes.length > 0 && this.quotes[this.quotes.length - 1]! >= matched) this.quotes.pop();
    }
    const current = this.leaf;
    if (blank) {
      if (current?.kind === "paragraph" || current?.kind === "table") this.closeLeaf();
      return;
    }
    if (current?.kind === "table") return;
    if (current?.kind === "paragraph") {
      current.lines.push(raw.slice(rawOffset(raw, pos)));
      return;
    }
    this.closeLeaf();
    if (stack.length > 0 && stack[stack.length - 1]! < 0) stack[stack.length - 1] = -stack[stack.length - 1]!;
    this.leaf = { kind: "paragraph", lines: [raw.slice(rawOffset(raw, pos))], topLevel: stack.length === 0 };
  }
}

/** The index in the raw line of a column in its tab-expanded form (only top-level text is sliced, so 0 mostly). */
function rawOffset(raw: string, column: number): number {
  if (!raw.includes("\t")) return column;
  let col = 0;
  for (let i = 0; i < raw.length; i++) {
    if (col >= column) return i;
    col += raw[i] === "\t" ? TAB_STOP - (col % TAB_STOP) : 1;
  }
  return raw.length;
}
