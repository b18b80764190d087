/**
 * Levels of arrays and objects any JSON input may nest: far above what any schema here reads, far below
 * what recursive code survives (`JSON.stringify` overflows the stack near 5,000 levels, zod earlier).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests arrays and objects more than `max` levels deep: one linear pass without
 * recursion, skipping strings (escapes honoured), stopping at the first level too deep.
 */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

export type JsonRead = { ok: true; value: unknown } | { ok: false; tooDeep: boolean; error: string };

export function tooDeepMessage(max = MAX_JSON_DEPTH): string {
  return `too deeply nested (more than ${max} levels of arrays and objects)`;
}

/** Whether an error is a stack overflow (a RangeError from recursion over nested input). */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** `JSON.parse`, refusing nesting deeper than `max` before parsing: every later step may then recurse safely. */
export function parseJsonBounded(text: string, max = MAX_JSON_DEPTH): JsonRead {
  if (jsonTooDeep(text, max)) return { ok: false, tooDeep: true, error: tooDeepMessage(max) };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    if (isStackOverflow(error)) return { ok: false, tooDeep: true, error: tooDeepMessage(max) };
    return { ok: false, tooDeep: false, error: `not valid JSON: ${(error as Error).message}` };
  }
}
