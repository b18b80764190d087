/**
 * The merge Probot's `context.config` applies to an `_extends` chain (the `deepmerge` package's
 * defaults): plain objects merge key by key, arrays are concatenated, anything else is replaced.
 * Re-implemented here so the config read outside a webhook is the same config a comment sees.
 */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function mergeTwo(target: unknown, source: unknown): unknown {
  if (Array.isArray(target) && Array.isArray(source)) return [...target, ...source];
  if (!isPlainObject(target) || !isPlainObject(source)) return structuredClone(source);
  const out: Record<string, unknown> = { ...structuredClone(target) };
  for (const [key, value] of Object.entries(source)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
    out[key] = Object.hasOwn(out, key) ? mergeTwo(out[key], value) : structuredClone(value);
  }
  return out;
}

export function deepMergeAll(values: readonly unknown[]): unknown {
  return values.reduce<unknown>((merged, value) => mergeTwo(merged, value), {});
}
