import { describe, expect, test } from "@jest/globals";
import { compareDocs, formatDifferences } from "../../../scripts/docs/compare.js";

describe("committed docs against generated docs", () => {
  const generated = [
    { path: "docs/a.md", content: "# A\n\n| x | 1 |\n| y | 2 |\n" },
    { path: "docs/b.md", content: "# B\n" },
    { path: "docs/c.md", content: "# C\n" },
  ];
  const committed: Record<string, string> = { "docs/a.md": "# A\n\n| x | 1 |\n| y | 1 |\n", "docs/c.md": "# C\n" };

  test("a stale file shows its lines to add and remove; a missing one says so; a current one is not listed", () => {
    const differences = compareDocs(generated, (path) => committed[path]);
    expect(differences).toEqual([
      { path: "docs/a.md", added: ["| y | 2 |"], removed: ["| y | 1 |"], missing: false },
      { path: "docs/b.md", added: [], removed: [], missing: true },
    ]);
    expect(formatDifferences(differences)).toBe(
      [
        "2 generated doc(s) differ from the definitions; run `npm run docs` and commit the result:",
        "- docs/a.md: 1 line(s) to add, 1 to remove",
        "    - | y | 1 |",
        "    + | y | 2 |",
        "- docs/b.md: not committed",
      ].join("\n"),
    );
  });

  test("current docs give no summary", () => {
    expect(formatDifferences(compareDocs(generated.slice(2), (path) => committed[path]))).toBe("");
  });

  test("long summaries are capped", () => {
    const many = Array.from({ length: 12 }, (_, i) => `line ${i}`).join("\n");
    const text = formatDifferences(compareDocs([{ path: "p", content: many }], () => ""));
    expect(text).toContain("- p: 12 line(s) to add, 1 to remove");
    expect(text).toContain("    + … 4 more");
  });
});
