import { describe, expect, test } from "@jest/globals";
import { mergeAffected, parseAffectedRecipes, MAX_AFFECTED } from "../../src/security/affected-recipes.js";
import { driftIssueBody } from "../helpers/security.js";

const TITLES = ["Checksum drift detected"];

const CMAKE = {
  name: "cmake",
  version: "3.28.1",
  recipe: "internal/recipe/recipes/cmake.toml",
  url: "https://github.com/Kitware/CMake/releases/download/v3.28.1/cmake-3.28.1-SHA-256.txt",
  expected: "a".repeat(64),
  actual: "b".repeat(64),
};
const NINJA = {
  name: "ninja",
  version: "1.12.0",
  recipe: "recipes/n/ninja.toml",
  url: "https://example.org/ninja.sha256",
  expected: "c".repeat(64),
  actual: "d".repeat(64),
};

describe("parseAffectedRecipes", () => {
  test("reads every block of the monitoring workflow's issue body", () => {
    const found = parseAffectedRecipes("Checksum drift detected: cmake, ninja", driftIssueBody([CMAKE, NINJA]), TITLES);
    expect(found).toEqual([
      { name: "cmake", version: "3.28.1", recipe: CMAKE.recipe, checksumUrl: CMAKE.url, expected: CMAKE.expected, actual: CMAKE.actual },
      { name: "ninja", version: "1.12.0", recipe: NINJA.recipe, checksumUrl: NINJA.url, expected: NINJA.expected, actual: NINJA.actual },
    ]);
  });

  test("without blocks, the names after the title's prefix are used", () => {
    expect(parseAffectedRecipes("Checksum drift detected: cmake, ninja ", "Drift! See the run.", TITLES)).toEqual([
      { name: "cmake" },
      { name: "ninja" },
    ]);
    expect(parseAffectedRecipes("checksum drift detected - gh", null, TITLES)).toEqual([{ name: "gh" }]);
  });

  test("a body with nothing recognisable and a bare title names no recipe", () => {
    expect(parseAffectedRecipes("Checksum drift detected", "something changed", TITLES)).toEqual([]);
    expect(parseAffectedRecipes("Other title: x", "", TITLES)).toEqual([]);
  });

  test("headings outside the affected section without details are not recipes", () => {
    const body =
      "#### Notes\nnothing here\n### Affected Recipes\n#### gh v2.40.0\n- **Recipe**: `recipes/g/gh.toml`\n### Next Steps\n#### Not a recipe\n";
    expect(parseAffectedRecipes("Checksum drift detected: gh", body, TITLES)).toEqual([
      { name: "gh", version: "2.40.0", recipe: "recipes/g/gh.toml" },
    ]);
  });

  test("untrusted values become one line each, bounded, and duplicates are dropped", () => {
    const body = `### Affected Recipes\n#### evil\u0007 v1\n- **Recipe**: \`${"x".repeat(1000)}\`\n- **Expected**: \`a\u2028b\`\n#### evil\u0007 v1\n- **Recipe**: \`${"x".repeat(1000)}\`\n`;
    const found = parseAffectedRecipes("Checksum drift detected", body, TITLES);
    expect(found).toHaveLength(1);
    expect(found[0]!.name).toBe("evil");
    expect(found[0]!.recipe!.length).toBeLessThanOrEqual(300);
    expect(found[0]!.expected).toBe("a b");
  });

  test("at most 50 recipes are kept", () => {
    const many = Array.from({ length: 80 }, (_, i) => ({ ...NINJA, name: `r${i}` }));
    expect(parseAffectedRecipes("Checksum drift detected", driftIssueBody(many), TITLES)).toHaveLength(MAX_AFFECTED);
  });
});

describe("mergeAffected", () => {
  test("keeps the first report of a recipe and appends new ones", () => {
    expect(mergeAffected([{ name: "cmake", recipe: "a" }], [{ name: "cmake", recipe: "a", expected: "x" }, { name: "gh" }])).toEqual([
      { name: "cmake", recipe: "a" },
      { name: "gh" },
    ]);
  });
});
