import { RE2JS } from "re2js";

/**
 * Configured patterns are matched with RE2 (re2js, a pure JavaScript port): its time is linear in the
 * input whatever the pattern, so no configuration can make one match block the event loop. Compiled
 * patterns are cached; a repository's config names a handful of them.
 */
// Compiled programs only (a pure function of the pattern text), so sharing them across apps is safe.
// eslint-disable-next-line no-restricted-syntax
const cache = new Map<string, RE2JS>();
const CACHE_SIZE = 100;

/** Compiles (or returns the cached) RE2 program; throws the RE2 syntax error when it does not compile. */
export function compileLinear(source: string): RE2JS {
  const cached = cache.get(source);
  if (cached) return cached;
  const compiled = RE2JS.compile(source);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(source, compiled);
  return compiled;
}

/** Whether `pattern` matches the whole of `text`, in time linear in `text`. */
export function matchesWhole(pattern: string, text: string): boolean {
  return compileLinear(`^(?:${pattern})$`).matches(text);
}
