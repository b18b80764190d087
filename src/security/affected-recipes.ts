import { sanitizeReason } from "../util/sanitize.js";

/** One recipe a drift report names; every field is untrusted text from the report. */
export interface AffectedRecipe {
  name: string;
  version?: string;
  recipe?: string;
  checksumUrl?: string;
  expected?: string;
  actual?: string;
}

export const MAX_AFFECTED = 50;

const FIELD = /^\s*[-*]\s*\*\*([^*]+)\*\*\s*:?\s*(.*)$/s;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/s;

const FIELD_KEYS: Record<string, keyof AffectedRecipe> = {
  recipe: "recipe",
  "checksum url": "checksumUrl",
  url: "checksumUrl",
  expected: "expected",
  actual: "actual",
  version: "version",
};

function clean(value: string): string {
  return sanitizeReason(value.trim().replace(/^`+|`+$/g, ""), 300);
}

/** `cmake v3.28.1` → name and version; a name alone otherwise. */
function nameAndVersion(heading: string): Pick<AffectedRecipe, "name" | "version"> {
  const text = clean(heading);
  const match = /^(.*\S)\s+v(\d[\w.+-]*)$/.exec(text);
  return match ? { name: match[1]!, version: match[2]! } : { name: text };
}

function hasDetails(entry: AffectedRecipe): boolean {
  return entry.recipe !== undefined || entry.expected !== undefined || entry.actual !== undefined || entry.checksumUrl !== undefined;
}

/**
 * The recipes a checksum-drift report names. The monitoring workflow writes one `#### <name> v<version>`
 * block per recipe under `### Affected Recipes`, with `- **Recipe**: ...`, `- **Expected**: ...` lines;
 * when the body has no such blocks, the names listed after the title's prefix
 * (`Checksum drift detected: cmake, ninja`) are used. Nothing here is trusted: values are one line each,
 * and at most 50 recipes are kept.
 */
export function parseAffectedRecipes(title: string, body: string | null | undefined, titlePrefixes: readonly string[]): AffectedRecipe[] {
  const entries: AffectedRecipe[] = [];
  let inAffected = false;
  let affectedLevel = 0;
  let current: AffectedRecipe | undefined;
  const flush = () => {
    if (current && current.name !== "" && (inAffected || hasDetails(current))) entries.push(current);
    current = undefined;
  };
  for (const line of (body ?? "").split(/\r?\n/)) {
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      const text = heading[2]!;
      if (/affected/i.test(text) && level <= 3) {
        flush();
        inAffected = true;
        affectedLevel = level;
        continue;
      }
      if (inAffected && level <= affectedLevel) {
        flush();
        inAffected = false;
        continue;
      }
      if (level >= 4 || inAffected) {
        flush();
        current = nameAndVersion(text);
      }
      continue;
    }
    const field = FIELD.exec(line);
    if (field && current) {
      const key = FIELD_KEYS[field[1]!.trim().toLowerCase()];
      if (key && key !== "name") current[key] = clean(field[2]!);
    }
  }
  flush();
  const found = entries.length > 0 ? entries : namesFromTitle(title, titlePrefixes);
  return dedupe(found).slice(0, MAX_AFFECTED);
}

/** `Checksum drift detected: cmake, ninja` → cmake, ninja. */
function namesFromTitle(title: string, prefixes: readonly string[]): AffectedRecipe[] {
  const prefix = prefixes.find((p) => title.toLowerCase().startsWith(p.toLowerCase()));
  if (!prefix) return [];
  const rest = title.slice(prefix.length).replace(/^\s*[:\-–—]\s*/, "");
  return rest
    .split(",")
    .map((n) => clean(n))
    .filter((n) => n !== "" && n.length <= 100)
    .map((name) => ({ name }));
}

function dedupe(entries: AffectedRecipe[]): AffectedRecipe[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = `${e.name}\u0000${e.recipe ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Merges later reports into earlier ones: new recipes appended, known ones kept as first reported. */
export function mergeAffected(known: readonly AffectedRecipe[], more: readonly AffectedRecipe[]): AffectedRecipe[] {
  return dedupe([...known, ...more]).slice(0, MAX_AFFECTED);
}
