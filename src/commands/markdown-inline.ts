import { scanTag } from "./markdown-html.js";

/**
 * Inline spans of a paragraph that matter for finding command lines: HTML comments are not shown at
 * all (removed), and text inside code spans, raw HTML tags and autolinks is not plain text (a line
 * that starts inside one is not a command). One left-to-right pass; every search is memoised so the
 * whole paragraph is scanned a bounded number of times, whatever its content.
 */
export interface InlineSpan {
  start: number;
  end: number;
  /** `remove`: not rendered (an HTML comment); `opaque`: rendered, but not as plain text. */
  kind: "remove" | "opaque";
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const AUTOLINK =
  /<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>/y;

/** `text.indexOf(needle, from)`, remembering the last answer so increasing `from`s cost one pass in total. */
function memoIndexOf(text: string, needle: string): (from: number) => number {
  let found = -2;
  return (from) => {
    if (found === -1 || found >= from) return found;
    found = text.indexOf(needle, from);
    return found;
  };
}

/** Start positions of every maximal backtick run, by run length, with a cursor per length. */
class BacktickRuns {
  private readonly byLength = new Map<number, { starts: number[]; next: number }>();

  constructor(text: string) {
    for (let i = text.indexOf("`"); i >= 0; i = text.indexOf("`", i)) {
      let end = i;
      while (text[end] === "`") end++;
      const runs = this.byLength.get(end - i) ?? { starts: [], next: 0 };
      runs.starts.push(i);
      this.byLength.set(end - i, runs);
      i = end;
    }
  }

  /** The first run of exactly `length` backticks starting at or after `from`. */
  closer(length: number, from: number): number {
    const runs = this.byLength.get(length);
    if (!runs) return -1;
    while (runs.next < runs.starts.length && runs.starts[runs.next]! < from) runs.next++;
    return runs.next < runs.starts.length ? runs.starts[runs.next]! : -1;
  }
}

export function inlineSpans(text: string): InlineSpan[] {
  const spans: InlineSpan[] = [];
  const backticks = new BacktickRuns(text);
  const commentEnd = memoIndexOf(text, "-->");
  const doubleDash = memoIndexOf(text, "--");
  const processingEnd = memoIndexOf(text, "?>");
  const cdataEnd = memoIndexOf(text, "]]>");
  const declarationEnd = memoIndexOf(text, ">");
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\\" && i + 1 < text.length && ASCII_PUNCTUATION.test(text[i + 1]!)) {
      i += 2;
      continue;
    }
    if (ch === "`") {
      let end = i;
      while (text[end] === "`") end++;
      const close = backticks.closer(end - i, end);
      if (close >= 0) {
        spans.push({ start: i, end: close + (end - i), kind: "opaque" });
        i = close + (end - i);
      } else {
        i = end;
      }
      continue;
    }
    if (ch === "<") {
      const end = htmlAt(text, i);
      if (end > 0) {
        spans.push({ start: i, end, kind: text.startsWith("<!--", i) ? "remove" : "opaque" });
        i = end;
        continue;
      }
    }
    i++;
  }
  return spans;

  /** The end of the raw HTML (comment, processing instruction, declaration, CDATA, tag) or autolink at `at`, or -1. */
  function htmlAt(text: string, at: number): number {
    if (text.startsWith("<!--", at)) {
      // CommonMark 0.29 (cmark-gfm): the text may not start with `>` or `->`, nor contain `--`.
      if (text.startsWith(">", at + 4) || text.startsWith("->", at + 4)) return -1;
      const close = commentEnd(at + 4);
      if (close < 0 || doubleDash(at + 4) < close) return -1;
      return close + 3;
    }
    if (text.startsWith("<?", at)) {
      const close = processingEnd(at + 2);
      return close < 0 ? -1 : close + 2;
    }
    if (text.startsWith("<![CDATA[", at)) {
      const close = cdataEnd(at + 9);
      return close < 0 ? -1 : close + 3;
    }
    if (text.startsWith("<!", at)) {
      // A declaration: `<!`, upper-case letters, white space, anything but `>`, then `>`.
      let name = at + 2;
      while (name < text.length && text[name]! >= "A" && text[name]! <= "Z") name++;
      if (name === at + 2 || !/\s/.test(text[name] ?? "")) return -1;
      const close = declarationEnd(name);
      return close < 0 ? -1 : close + 1;
    }
    AUTOLINK.lastIndex = at;
    // Each alternative stops at white space or `<`, so attempts never rescan far.
    const autolink = AUTOLINK.exec(text);
    if (autolink) return at + autolink[0].length;
    return scanTag(text, at);
  }
}
