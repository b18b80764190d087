import { createHash } from "node:crypto";
import { humanDuration } from "../util/time.js";

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A link only for http(s) URLs; anything else (from a control file, say) is shown as text. */
export function safeLink(url: string, text: string): string {
  if (/^https?:\/\/[^\s]+$/i.test(url)) return `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`;
  return escapeHtml(text);
}

/** `2026-06-26 20:51:08 UTC` inside a `<time>` element. */
export function absoluteTime(at: Date): string {
  const text = at
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, " UTC");
  return `<time datetime="${escapeHtml(at.toISOString())}">${escapeHtml(text)}</time>`;
}

/** How long ago (or ahead) a time stamp is, then the time itself: `3h 5m ago (2026-06-26 20:51:08 UTC)`. */
export function timeWithAge(iso: string | undefined, now: Date): string {
  if (!iso) return "—";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return escapeHtml(iso);
  const delta = now.getTime() - at.getTime();
  const relative = delta >= 0 ? `${humanDuration(delta)} ago` : `in ${humanDuration(-delta)}`;
  return `${escapeHtml(relative)} <span class="abs">(${absoluteTime(at)})</span>`;
}

// Colours always come with a text label (and a symbol), so nothing is told by colour alone.
const STYLE = `
:root { color-scheme: light dark; --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --muted: #59636e; --line: #d1d9e0; --bg-warn: #fff8c5; --bg-bad: #ffebe9; --bg-ok: #dafbe1; }
@media (prefers-color-scheme: dark) { :root { --ok: #3fb950; --warn: #d29922; --bad: #f85149; --muted: #9198a1; --line: #3d444d; --bg-warn: #3b2e00; --bg-bad: #4a1014; --bg-ok: #0f2d18; } }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; padding: 1rem; }
header, main, footer { max-width: 80rem; margin: 0 auto; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
.meta, .abs, footer { color: var(--muted); font-size: .9rem; }
main { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 28rem), 1fr)); margin-top: 1rem; }
section { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; min-width: 0; }
section.wide, .banner { grid-column: 1 / -1; }
.banner { border-radius: 8px; padding: .75rem 1rem; border: 2px solid; }
.banner.warn { border-color: var(--warn); background: var(--bg-warn); }
.banner.bad { border-color: var(--bad); background: var(--bg-bad); }
.banner p, .banner ul { margin: .25rem 0 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; color: var(--muted); font-size: .9rem; padding-bottom: .25rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.tag { display: inline-block; font-weight: 600; white-space: nowrap; }
.tag::before { content: "● "; }
.ok { color: var(--ok); } .warn { color: var(--warn); } .bad { color: var(--bad); } .muted { color: var(--muted); }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .25rem 1rem; margin: .5rem 0; }
dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
meter { width: 100%; height: 1.25rem; }
.budget { margin: .5rem 0; }
.budget p { margin: 0; }
ul.repos { list-style: none; padding: 0; }
ul.repos li { padding: .4rem 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
@media (max-width: 40rem) { body { padding: .5rem; } th, td { padding: .3rem; } .abs { display: block; } .tag { white-space: normal; } }
`;

export interface HtmlPage {
  html: string;
  /** The Content-Security-Policy allowing exactly this page's one style block and nothing else. */
  csp: string;
}

/** A complete document: the shared style, an optional self-refresh, header, main and footer. */
export function htmlPage(options: { title: string; header: string; main: string; footer?: string; refreshSeconds?: number }): HtmlPage {
  const styleHash = createHash("sha256").update(STYLE).digest("base64");
  const refresh = options.refreshSeconds ? `<meta http-equiv="refresh" content="${options.refreshSeconds}">\n` : "";
  const html = [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    // No favicon request (there is none to serve).
    '<link rel="icon" href="data:,">',
    `${refresh}<title>${escapeHtml(options.title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<header>${options.header}</header>`,
    `<main>${options.main}</main>`,
    `<footer><p>${options.footer ?? "batch-ops"}</p></footer>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
  return {
    html,
    csp: `default-src 'none'; style-src 'sha256-${styleHash}'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  };
}
