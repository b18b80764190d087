import { escapeMarkdown, inlineCode, sanitizeReason } from "../util/sanitize.js";

/** Untrusted text as inline code: one line, at most `max` characters, no backtick to break out. */
export function code(text: string, max = 300): string {
  return sanitizeReason(text, max) === "" ? "`(empty)`" : inlineCode(text, max);
}

/** Untrusted text as plain markdown: cannot open links, mentions, HTML or tables. */
export function plain(text: string, max = 300): string {
  return escapeMarkdown(sanitizeReason(text, max));
}

/** An http(s) link without spaces or markdown-significant brackets, else undefined. */
export function safeUrl(url: string | undefined | null): string | undefined {
  if (typeof url !== "string") return undefined;
  return /^https?:\/\/[^\s()<>[\]`"']+$/.test(url) && url.length <= 500 ? url : undefined;
}

/** `[text](url)` when the url is safe, else the text alone. */
export function link(text: string, url: string | undefined | null): string {
  const safe = safeUrl(url);
  return safe ? `[${text}](${safe})` : text;
}

export { shortSha } from "../core/github.js";
