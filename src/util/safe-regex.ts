const MAX_PATTERN_LENGTH = 200;

/**
 * Why a configured regular expression may not be used, or null when it may. The pattern is applied to
 * text from comments, so besides compiling it must not backtrack catastrophically: a group repeated
 * with `*`, `+` or `{n,m}` may not itself contain a repetition or an alternation, and back-references
 * are refused. (Inputs are also length-capped by their callers; this keeps the worst case polynomial.)
 */
export function regexProblem(source: string): string | null {
  if (source.length > MAX_PATTERN_LENGTH) return `is longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(source);
  } catch (error) {
    return `is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`;
  }
  if (/\\[1-9]|\\k</.test(source)) return "must not use back-references";
  if (hasRepeatedComplexGroup(source)) {
    return "must not repeat (with *, + or {n,m}) a group that itself contains a repetition or |, which can backtrack catastrophically";
  }
  return null;
}

interface GroupState {
  complex: boolean;
}

/** Reads a quantifier at `i`: its length and whether it repeats (more than once), or null. */
function quantifierAt(source: string, i: number): { length: number; repeats: boolean } | null {
  const ch = source[i];
  if (ch === "*" || ch === "+") return { length: lazyLength(source, i + 1, 1), repeats: true };
  if (ch === "?") return { length: lazyLength(source, i + 1, 1), repeats: false };
  if (ch === "{") {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
    if (!match) return null;
    const max = match[2] === undefined ? Number(match[1]) : match[3] === "" ? Infinity : Number(match[3]);
    return { length: lazyLength(source, i + match[0].length, match[0].length), repeats: max > 1 };
  }
  return null;
}

function lazyLength(source: string, next: number, length: number): number {
  return source[next] === "?" ? length + 1 : length;
}

function hasRepeatedComplexGroup(source: string): boolean {
  const stack: GroupState[] = [{ complex: false }];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      continue;
    }
    if (ch === "[") {
      inClass = true;
      continue;
    }
    if (ch === "(") {
      stack.push({ complex: false });
      continue;
    }
    if (ch === "|") {
      stack[stack.length - 1]!.complex = true;
      continue;
    }
    if (ch === ")") {
      const closed = stack.length > 1 ? stack.pop()! : { complex: false };
      const quantifier = quantifierAt(source, i + 1);
      if (quantifier) {
        if (quantifier.repeats && closed.complex) return true;
        i += quantifier.length;
      }
      // A group that is complex or repeated makes the group around it complex too.
      if (closed.complex || quantifier?.repeats) stack[stack.length - 1]!.complex = true;
      continue;
    }
    const quantifier = quantifierAt(source, i);
    if (quantifier) {
      if (quantifier.repeats) stack[stack.length - 1]!.complex = true;
      i += quantifier.length - 1;
    }
  }
  return false;
}
