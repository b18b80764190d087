/**
 * The first items that fit in `maxChars` (counting `separator` between them) and at most `maxItems`;
 * `more` is how many were left out, for an explicit "… and N more" line.
 */
export function takeWithin(
  items: readonly string[],
  maxChars: number,
  options: { maxItems?: number; separator?: string } = {},
): { shown: string[]; more: number } {
  const maxItems = options.maxItems ?? Infinity;
  const separator = options.separator?.length ?? 1;
  const shown: string[] = [];
  let used = 0;
  for (const item of items) {
    const cost = item.length + (shown.length > 0 ? separator : 0);
    if (shown.length >= maxItems || used + cost > maxChars) break;
    shown.push(item);
    used += cost;
  }
  return { shown, more: items.length - shown.length };
}

/** `1,234`: counts in "… and N more" lines. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}
