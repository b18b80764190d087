import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { checkDocs } from "./check.js";
import { formatDifferences } from "./compare.js";

/**
 * `npm run docs` rewrites every generated doc that changed; `npm run docs:check` (`--check`) writes nothing
 * and exits 1 with a summary when a committed copy differs. Runs from the repository root (npm does).
 */
const root = process.cwd();
const checkOnly = process.argv.includes("--check");

try {
  const { generated, differences } = checkDocs(root);
  if (checkOnly && differences.length > 0) {
    console.error(formatDifferences(differences));
    process.exitCode = 1;
  } else if (checkOnly) {
    console.log(`docs:check: all ${generated.length} generated docs are current`);
  } else {
    for (const file of generated.filter((g) => differences.some((d) => d.path === g.path))) {
      mkdirSync(dirname(join(root, file.path)), { recursive: true });
      writeFileSync(join(root, file.path), file.content);
      console.log(`wrote ${file.path}`);
    }
    console.log(`docs: ${generated.length} generated docs, ${differences.length} rewritten`);
  }
} catch (error) {
  console.error(`docs: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
