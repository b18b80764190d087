import type { GeneratedFile } from "./generate.js";

/** How one committed file differs from what the definitions generate. */
export interface DocDifference {
  path: string;
  /** Lines only the generated file has, and lines only the committed file has (at most `SHOWN` each). */
  added: string[];
  removed: string[];
  missing: boolean;
}

const SHOWN = 8;

/** Generated files whose committed copy (read through `read`, undefined when absent) is not identical. */
export function compareDocs(generated: readonly GeneratedFile[], read: (path: string) => string | undefined): DocDifference[] {
  return generated.flatMap((file): DocDifference[] => {
    const committed = read(file.path);
    if (committed === file.content) return [];
    if (committed === undefined) return [{ path: file.path, added: [], removed: [], missing: true }];
    return [{ path: file.path, added: onlyIn(file.content, committed), removed: onlyIn(committed, file.content), missing: false }];
  });
}

/** Lines of `a` not matched by a line of `b`, counted as multisets (order-only changes show as nothing). */
function onlyIn(a: string, b: string): string[] {
  const left = new Map<string, number>();
  for (const line of b.split("\n")) left.set(line, (left.get(line) ?? 0) + 1);
  return a.split("\n").filter((line) => {
    const n = left.get(line) ?? 0;
    if (n === 0) return true;
    left.set(line, n - 1);
    return false;
  });
}

/** The summary `npm run docs:check` prints and the jest test fails with; empty when the docs are current. */
export function formatDifferences(differences: readonly DocDifference[]): string {
  if (differences.length === 0) return "";
  const lines = [`${differences.length} generated doc(s) differ from the definitions; run \`npm run docs\` and commit the result:`];
  for (const d of differences) {
    if (d.missing) {
      lines.push(`- ${d.path}: not committed`);
      continue;
    }
    lines.push(`- ${d.path}: ${d.added.length} line(s) to add, ${d.removed.length} to remove${d.added.length + d.removed.length === 0 ? " (order or line endings only)" : ""}`);
    for (const line of d.removed.slice(0, SHOWN)) lines.push(`    - ${clip(line)}`);
    if (d.removed.length > SHOWN) lines.push(`    - … ${d.removed.length - SHOWN} more`);
    for (const line of d.added.slice(0, SHOWN)) lines.push(`    + ${clip(line)}`);
    if (d.added.length > SHOWN) lines.push(`    + … ${d.added.length - SHOWN} more`);
  }
  return lines.join("\n");
}

const clip = (line: string) => (line.length > 160 ? `${line.slice(0, 157)}…` : line);
