import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, test } from "@jest/globals";

/** Every relative link in the README, docs/ and the folder READMEs points at a file (and heading) that exists. */
describe("links in the documentation", () => {
  const root = process.cwd();
  const pages = [
    "README.md",
    ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`),
    ...readdirSync(join(root, "src")).map((d) => `src/${d}/README.md`).filter((f) => existsSync(join(root, f))),
  ];

  test("there are pages to check", () => {
    expect(pages.length).toBeGreaterThan(10);
  });

  test.each(pages)("%s", (page) => {
    const broken = links(readFileSync(join(root, page), "utf8")).flatMap((target) => {
      const [path, anchor] = splitTarget(target);
      const file = path === "" ? join(root, page) : join(root, dirname(page), decodeURI(path));
      if (!existsSync(file)) return [`${target}: no file ${relative(root, file)}`];
      if (anchor && file.endsWith(".md") && statSync(file).isFile() && !headingAnchors(readFileSync(file, "utf8")).has(anchor)) {
        return [`${target}: no heading #${anchor} in ${relative(root, file)}`];
      }
      return [];
    });
    expect(broken).toEqual([]);
  });
});

/** Link targets outside code: inline links `[text](target)` and images, skipping absolute URLs and bare `#`. */
function links(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "code");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/i.test(t) && t !== "#");
}

function splitTarget(target: string): [string, string | undefined] {
  const hash = target.indexOf("#");
  return hash < 0 ? [target, undefined] : [target.slice(0, hash), target.slice(hash + 1)];
}

/** GitHub's anchors for a page's headings (lower case, punctuation dropped, spaces to hyphens, repeats numbered). */
function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of markdown.replace(/^```[\s\S]*?^```/gm, "").matchAll(/^#{1,6} (.+)$/gm)) {
    const base = m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, "").replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}
