/**
 * GitHub refuses an issue, comment or pull request body over 65,536 characters (422 "body is too long").
 * Renderers keep their lists short themselves ("… and N more"); `fitBody` is the last resort every write
 * in this layer goes through, so a body that still grows too long is cut, never refused.
 */
export const GITHUB_BODY_LIMIT = 65_536;

/** More nested `<details>` than this are left open: closing them all could take more room than was cut. */
const MAX_CLOSED_DETAILS = 20;
const MAX_POINTER = 500;
const HIDDEN_BLOCK = /\s*<!--[\s\S]*?-->/y;

/** Where leading HTML comments (machine-readable state at the start) end; they are kept whole. */
function leadingHidden(body: string): number {
  let end = 0;
  for (;;) {
    HIDDEN_BLOCK.lastIndex = end;
    if (!HIDDEN_BLOCK.test(body)) return end;
    end = HIDDEN_BLOCK.lastIndex;
  }
}

/** Where trailing HTML comments (markers at the end) start; they are kept whole. */
function trailingHidden(body: string, from: number): number {
  let start = body.length;
  for (;;) {
    let end = start;
    while (end > from && /\s/.test(body[end - 1]!)) end--;
    if (end - from < 7 || !body.startsWith("-->", end - 3)) return start;
    const open = body.lastIndexOf("<!--", end - 3);
    if (open < from) return start;
    start = open;
  }
}

/** Cut position at most `max`: at a line end when there is one in the last half, never inside a surrogate pair or an HTML comment. */
function safeCut(text: string, max: number): number {
  if (max <= 0) return 0;
  let cut = text.lastIndexOf("\n", max);
  if (cut < max / 2) cut = max;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  const comment = text.lastIndexOf("<!--", cut);
  if (comment >= 0) {
    const close = text.indexOf("-->", comment + 4);
    if (close < 0 || close + 3 > cut) cut = comment;
  }
  return cut;
}

/** What must be appended so a cut text does not leave a code fence or `<details>` open. */
function closers(kept: string): string {
  let fence: string | null = null;
  for (const line of kept.split("\n")) {
    const match = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (!match) continue;
    if (fence === null) fence = match[1]!;
    else if (match[1]!.startsWith(fence[0]!) && match[1]!.length >= fence.length) fence = null;
  }
  const opened = (kept.match(/<details\b/gi) ?? []).length - (kept.match(/<\/details>/gi) ?? []).length;
  return `${fence ? `\n${fence}` : ""}${"\n</details>".repeat(Math.min(MAX_CLOSED_DETAILS, Math.max(0, opened)))}`;
}

export interface FitOptions {
  /** Where the rest can be read ("see the run's summary artifact"), shown in the cut notice. */
  pointer?: string;
  limit?: number;
}

/**
 * The body as is when it fits; otherwise cut at a safe boundary (a line end, outside a surrogate pair
 * and outside HTML comments), open code fences and `<details>` closed, with a notice saying how much
 * was left out. Machine-readable HTML comments at the start and at the end are kept whole; only when
 * they alone exceed the limit are they dropped entirely (never cut in half).
 */
export function fitBody(body: string, options: FitOptions = {}): string {
  const limit = options.limit ?? GITHUB_BODY_LIMIT;
  if (body.length <= limit) return body;
  const headEnd = leadingHidden(body);
  const tailStart = trailingHidden(body, headEnd);
  // Hidden state too large to keep beside any visible text is dropped whole (never cut), the head kept first.
  const keepHead = headEnd <= limit / 2;
  const keepTail = (keepHead ? headEnd : 0) + body.length - tailStart <= limit / 2;
  const head = keepHead ? body.slice(0, headEnd) : "";
  const tail = keepTail ? body.slice(tailStart) : "";
  const middle = body.slice(headEnd, tailStart);
  const dropped = (keepHead ? 0 : headEnd) + (keepTail ? 0 : body.length - tailStart);
  const pointer = options.pointer ? `; ${options.pointer.slice(0, MAX_POINTER)}` : "";
  const notice = (omitted: number) =>
    `\n\n_… ${omitted.toLocaleString("en-US")} more characters not shown: GitHub limits a body to ${limit.toLocaleString("en-US")} characters${pointer}._\n`;
  // Shrinks until it fits; with nothing of the middle kept, head + notice + tail fits (each end ≤ limit / 2).
  let room = limit - head.length - tail.length - notice(middle.length + dropped).length;
  for (;;) {
    const cut = safeCut(middle, room);
    const kept = middle.slice(0, cut);
    const text = `${head}${kept}${closers(kept)}${notice(middle.length - cut + dropped)}${tail}`;
    if (text.length <= limit || cut === 0) return text;
    room = Math.min(room, cut) - (text.length - limit);
  }
}
