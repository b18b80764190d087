import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compareDocs, type DocDifference } from "./compare.js";
import { generateDocs, type GeneratedFile } from "./generate.js";

/** Generates every doc in memory and compares it with the copy committed under `root`. */
export function checkDocs(root: string): { generated: GeneratedFile[]; differences: DocDifference[] } {
  const generated = generateDocs(root);
  return { generated, differences: compareDocs(generated, (path) => readCommitted(root, path)) };
}

function readCommitted(root: string, path: string): string | undefined {
  const file = join(root, path);
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}
