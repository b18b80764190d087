import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parseControlFile, serializeControlFile } from "../../src/control/codec.js";

const fixtureText = readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8");

describe("control file codec", () => {
  test("the real tsuku control file round-trips byte for byte", () => {
    const parsed = parseControlFile(fixtureText);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(serializeControlFile(parsed.control)).toBe(fixtureText);
    expect(Object.keys(parsed.control.circuit_breaker!)).toEqual(["github", "homebrew", "rubygems", "crates.io", "npm", "pypi", "default"]);
  });

  test("unknown keys and their order are kept", () => {
    const text = '{\n  "zeta": 1,\n  "enabled": true,\n  "custom": {\n    "b": 2,\n    "a": 1\n  }\n}\n';
    const parsed = parseControlFile(text);
    expect(parsed.ok && serializeControlFile(parsed.control)).toBe(text);
  });

  test("invalid JSON is reported, not thrown", () => {
    const parsed = parseControlFile('{ "enabled": tru }');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toMatch(/^\(root\) → not valid JSON/);
  });

  test("a file nested deeper than any schema allows is invalid, not a stack overflow later", () => {
    for (const levels of [10_000, 1_000_000]) {
      const parsed = parseControlFile(`{"enabled": true, "extra": ${"[".repeat(levels)}${"]".repeat(levels)}}`);
      expect(parsed).toEqual({ ok: false, errors: ["(root) → too deeply nested (more than 64 levels of arrays and objects)"] });
    }
    // Nesting within the limit in an unknown key is kept and written back byte for byte.
    const text = serializeControlFile(JSON.parse(`{"enabled": true, "extra": ${"[".repeat(60)}${"]".repeat(60)}}`));
    const parsed = parseControlFile(text);
    expect(parsed.ok && serializeControlFile(parsed.control)).toBe(text);
  });

  test("schema violations name the path", () => {
    const parsed = parseControlFile(JSON.stringify({ enabled: "yes", circuit_breaker: { npm: { state: "broken", failures: -1 } } }));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^enabled → /),
        expect.stringMatching(/^circuit_breaker\.npm\.state → /),
        expect.stringMatching(/^circuit_breaker\.npm\.failures → /),
      ]),
    );
  });

  test("a byte-order mark and CRLF (a Windows editor's save) are read as meant; a write is always the pipeline's layout", () => {
    const parsed = parseControlFile('\ufeff{\r\n  "enabled": false\r\n}\r\n');
    expect(parsed).toEqual({ ok: true, control: { enabled: false } });
    expect(serializeControlFile({ enabled: true, disabled_ecosystems: ["npm"] })).toBe(
      '{\n  "enabled": true,\n  "disabled_ecosystems": [\n    "npm"\n  ]\n}\n',
    );
    expect(serializeControlFile({ enabled: true, reason: "a\nb" })).toBe('{\n  "enabled": true,\n  "reason": "a\\nb"\n}\n');
  });

  test("a JSON array or null is not a control file", () => {
    expect(parseControlFile("[]")).toEqual({ ok: false, errors: ["(root) → must be a JSON object"] });
    expect(parseControlFile("null")).toEqual({ ok: false, errors: ["(root) → must be a JSON object"] });
  });
});
