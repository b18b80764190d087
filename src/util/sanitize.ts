export const MAX_REASON_LENGTH = 500;

/**
 * A reason as a person typed it, made safe for a commit message and the control file: one line,
 * control characters removed, white space folded, at most 500 characters.
 */
export function sanitizeReason(text: string, max = MAX_REASON_LENGTH): string {
  const oneLine = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** Text shown inside a reply: cannot open code, links, mentions, HTML or tables. */
export function escapeMarkdown(text: string): string {
  return sanitizeReason(text, 2000)
    .replace(/[\\`*_{}[\]()<>#+!|~]/g, (ch) => `\\${ch}`)
    .replace(/@/g, "@\u200b");
}

/** Untrusted text as inline code that cannot be broken out of: one line, no backtick. */
export function inlineCode(text: string, max = 300): string {
  return `\`${sanitizeReason(text, max).replace(/`/g, "ˋ")}\``;
}

/** A command quoted back in a reply. */
export function quoteCommand(line: string): string {
  return inlineCode(line);
}
