/** Where a JSON value sits in its text: `text.slice(start, end)` is the value exactly. */
export interface Span {
  start: number;
  end: number;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;

class JsonShapeError extends Error {}

function skipWhitespace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === LF || c === CR || c === TAB) i++;
    else return i;
  }
}

function expect(text: string, i: number, ch: string): number {
  if (text[i] !== ch) throw new JsonShapeError(`expected ${ch} at offset ${i}`);
  return i + 1;
}

/** `i` is at an opening quote; returns the offset after the closing one (indexOf keeps this fast). */
function skipString(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) throw new JsonShapeError("unterminated string");
    let backslashes = 0;
    for (let b = quote - 1; text.charCodeAt(b) === BACKSLASH; b--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** Skips any value (the text is known to be valid JSON, so brackets only need counting outside strings). */
function skipValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return skipString(text, i);
  if (first !== "{" && first !== "[") {
    let j = i;
    while (j < text.length && !",]} \t\r\n".includes(text[j]!)) j++;
    if (j === i) throw new JsonShapeError(`no value at offset ${i}`);
    return j;
  }
  let depth = 0;
  for (let j = i; j < text.length;) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) {
      j = skipString(text, j);
      continue;
    }
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  throw new JsonShapeError("unbalanced brackets");
}

/** The span of the value of top-level `key` (the last one, as JSON.parse keeps). */
function topLevelValue(text: string, key: string): Span | undefined {
  let i = expect(text, skipWhitespace(text, 0), "{");
  let found: Span | undefined;
  i = skipWhitespace(text, i);
  if (text[i] === "}") return undefined;
  for (;;) {
    if (text[i] !== '"') throw new JsonShapeError(`expected a key at offset ${i}`);
    const keyEnd = skipString(text, i);
    const name = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipWhitespace(text, expect(text, skipWhitespace(text, keyEnd), ":"));
    const valueEnd = skipValue(text, i);
    if (name === key) found = { start: i, end: valueEnd };
    i = skipWhitespace(text, valueEnd);
    if (text[i] === ",") {
      i = skipWhitespace(text, i + 1);
      continue;
    }
    expect(text, i, "}");
    return found;
  }
}

/**
 * The span of `document[key][index]` in the text of a valid JSON document, or undefined when the
 * document has no such element. Only the elements before it are scanned, and strings by `indexOf`.
 */
export function arrayElementSpan(text: string, key: string, index: number): Span | undefined {
  try {
    const array = topLevelValue(text, key);
    if (!array || text[array.start] !== "[") return undefined;
    let i = skipWhitespace(text, array.start + 1);
    if (text[i] === "]") return undefined;
    for (let n = 0; ; n++) {
      const end = skipValue(text, i);
      if (n === index) return { start: i, end };
      i = skipWhitespace(text, end);
      if (text[i] !== ",") return undefined;
      i = skipWhitespace(text, i + 1);
    }
  } catch (error) {
    if (error instanceof JsonShapeError) return undefined;
    throw error;
  }
}

/**
 * The span of `document[key][index]`, whose parsed value is `value`. The pipeline writes the file as
 * `JSON.stringify(doc, null, 2)`, so the element's text is first looked for as exactly that (one
 * `indexOf`); only a file formatted some other way is scanned.
 */
export function elementSpan(text: string, key: string, index: number, value: unknown): Span | undefined {
  const canonical = JSON.stringify(value, null, 2).split("\n").join("\n    ");
  const at = text.indexOf(canonical);
  // A multi-line match cannot sit inside a JSON string (strings hold no raw newlines); it must be unique.
  if (at >= 0 && canonical.includes("\n") && text.indexOf(canonical, at + 1) < 0) return { start: at, end: at + canonical.length };
  return arrayElementSpan(text, key, index);
}

/**
 * `value` serialised to replace the text at `span`, in the style of that text: the same indentation
 * unit and base indentation when it spans lines, compact when it was on one line.
 */
export function serializeLike(text: string, span: Span, value: unknown): string {
  const old = text.slice(span.start, span.end);
  const firstBreak = old.indexOf("\n");
  if (firstBreak < 0) return JSON.stringify(value);
  const lineStart = text.lastIndexOf("\n", span.start - 1) + 1;
  const prefix = text.slice(lineStart, span.start);
  const base = /^[ \t]*$/.test(prefix) ? prefix : "";
  const inner = /^[ \t]*/.exec(old.slice(firstBreak + 1))![0];
  const unit = inner.startsWith(base) && inner.length > base.length ? inner.slice(base.length) : "  ";
  const eol = old[firstBreak - 1] === "\r" ? "\r\n" : "\n";
  return JSON.stringify(value, null, unit.slice(0, 10))
    .split("\n")
    .join(eol + base);
}
