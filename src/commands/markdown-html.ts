/**
 * Raw HTML recognisers shared by the block scanner and the inline scanner. Hand-written and
 * deterministic (no backtracking regular expression), each bounded by `limit` characters.
 */

/** Longest raw HTML tag considered; a longer "tag" is treated as text (no real tag is this long). */
export const MAX_TAG_LENGTH = 4096;

const isAsciiLetter = (ch: string | undefined): boolean => ch !== undefined && ((ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z"));
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= "0" && ch <= "9";
const isTagNameChar = (ch: string | undefined): boolean => isAsciiLetter(ch) || isDigit(ch) || ch === "-";
const isAttrStart = (ch: string | undefined): boolean => isAsciiLetter(ch) || ch === "_" || ch === ":";
const isAttrChar = (ch: string | undefined): boolean => isAttrStart(ch) || isDigit(ch) || ch === "." || ch === "-";
const isSpace = (ch: string | undefined): boolean => ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\f" || ch === "\v";
const isUnquotedValueChar = (ch: string | undefined): boolean =>
  ch !== undefined && !isSpace(ch) && ch !== '"' && ch !== "'" && ch !== "=" && ch !== "<" && ch !== ">" && ch !== "`";

/**
 * An HTML open tag (`<name attr="v">`, `<br/>`) or closing tag (`</name >`) starting at `start`
 * (which holds `<`): the index just past its `>`, or -1. CommonMark's grammar for raw HTML tags.
 */
export function scanTag(text: string, start: number, limit = MAX_TAG_LENGTH): number {
  const end = Math.min(text.length, start + limit);
  let i = start + 1;
  if (text[i] === "/") {
    i++;
    if (!isAsciiLetter(text[i])) return -1;
    while (i < end && isTagNameChar(text[i])) i++;
    while (i < end && isSpace(text[i])) i++;
    return i < end && text[i] === ">" ? i + 1 : -1;
  }
  if (!isAsciiLetter(text[i])) return -1;
  while (i < end && isTagNameChar(text[i])) i++;
  for (;;) {
    const beforeSpace = i;
    while (i < end && isSpace(text[i])) i++;
    if (i >= end) return -1;
    if (text[i] === ">") return i + 1;
    if (text[i] === "/") return text[i + 1] === ">" && i + 1 < end ? i + 2 : -1;
    // An attribute needs white space before it.
    if (i === beforeSpace || !isAttrStart(text[i])) return -1;
    while (i < end && isAttrChar(text[i])) i++;
    let j = i;
    while (j < end && isSpace(text[j])) j++;
    if (text[j] !== "=") continue;
    j++;
    while (j < end && isSpace(text[j])) j++;
    const quote = text[j];
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, j + 1);
      if (close < 0 || close >= end) return -1;
      i = close + 1;
    } else {
      if (!isUnquotedValueChar(quote)) return -1;
      while (j < end && isUnquotedValueChar(text[j])) j++;
      i = j;
    }
  }
}

/** The seven kinds of HTML block (CommonMark 4.6); 1–5 end at a marker, 6–7 at a blank line. */
export type HtmlBlockKind = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const RAW_TEXT = /<(?:script|pre|style)(?:[ \t>]|$)/iy;
const BLOCK_TAG =
  /<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|source|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[ \t>]|\/>|$)/iy;

function matchesAt(pattern: RegExp, line: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(line);
}

/**
 * The HTML block a line starts at `at` (its first non-space character, which is `<`).
 * Kind 7 (any complete tag alone on its line) cannot interrupt a paragraph.
 */
export function htmlBlockStart(line: string, at: number, interruptsParagraph: boolean): HtmlBlockKind | undefined {
  if (matchesAt(RAW_TEXT, line, at)) return 1;
  if (line.startsWith("<!--", at)) return 2;
  if (line.startsWith("<?", at)) return 3;
  if (line.startsWith("<![CDATA[", at)) return 5;
  const afterBang = line[at + 2];
  if (line.startsWith("<!", at) && afterBang !== undefined && afterBang >= "A" && afterBang <= "Z") return 4;
  if (matchesAt(BLOCK_TAG, line, at)) return 6;
  if (interruptsParagraph) return undefined;
  const end = scanTag(line, at);
  if (end < 0) return undefined;
  for (let i = end; i < line.length; i++) if (!isSpace(line[i])) return undefined;
  return 7;
}

const END_MARKER: Record<1 | 2 | 3 | 4 | 5, RegExp> = {
  1: /<\/(?:script|pre|style)>/i,
  2: /-->/,
  3: /\?>/,
  4: />/,
  5: /\]\]>/,
};

/** Whether `line` ends an HTML block of this kind (kinds 6 and 7 end at a blank line instead). */
export function endsHtmlBlock(kind: HtmlBlockKind, line: string): boolean {
  return kind <= 5 ? END_MARKER[kind as 1 | 2 | 3 | 4 | 5].test(line) : false;
}
