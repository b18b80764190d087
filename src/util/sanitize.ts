export const MAX_REASON_LENGTH = 500;

/**
 * A reason as a person typed it, made safe for a commit message and the control file: one line,
 * control characters removed, white space folded, at most 500 characters.
 */
export function sanitizeReason(text: string, max = MAX_REASON_LENGTH): string {
  const oneLine = text
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** Bare URLs GitHub would turn into links (`https://…`, `www.…`): a zero-width space breaks them. */
function breakAutolinks(text: string): string {
  return text.replace(/:\/\//g, ":\u200b//").replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}\u200b.`);
}

/** Text shown inside a reply: cannot open code, links, mentions, HTML or tables. */
export function escapeMarkdown(text: string): string {
  return breakAutolinks(
    sanitizeReason(text, 2000)
      .replace(/[\\`*_{}[\]()<>#+!|~]/g, (ch) => `\\${ch}`)
      .replace(/@/g, "@\u200b"),
  );
}

/**
 * Untrusted text in a sentence (an error message, a name from a file), kept readable: it cannot
 * mention (`@` is followed by a zero-width space), link, embed an image, open HTML or code.
 */
export function neutralise(text: string): string {
  return breakAutolinks(text.replace(/[\\`[\]<>]/g, (ch) => `\\${ch}`).replace(/@/g, "@\u200b"));
}

/**
 * An inline code span as `inlineCode` writes it: single backticks, not next to another backtick,
 * one line, no backtick inside.
 */
export const CODE_SPAN = /(?<!`)`[^`\n]+`(?!`)/g;

/**
 * A note that quotes user input with `inlineCode` (an edit's refusal, say): the code spans stay code,
 * everything between them is neutralised.
 */
export function escapeOutsideCode(text: string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(CODE_SPAN)) {
    out += neutralise(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + neutralise(text.slice(last));
}

/**
 * Untrusted text as inline code that cannot be broken out of: one line, no backtick. This is how
 * every reply quotes what a person typed: inside code there is no mention, link, image or HTML.
 */
export function inlineCode(text: string, max = 300): string {
  const line = sanitizeReason(text, max).replace(/`/g, "ˋ");
  return `\`${line === "" ? " " : line}\``;
}

/** A command quoted back in a reply. */
export function quoteCommand(line: string): string {
  return inlineCode(line);
}
