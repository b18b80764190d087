import { describe, expect, test } from "@jest/globals";
import type { JsonSchema } from "../../../scripts/docs/json-schema.js";
import { constraintsLabel, inlineJson, keyRows, keyTable, typeLabel } from "../../../scripts/docs/schema-table.js";

describe("schema labels", () => {
  test("types in words", () => {
    expect(typeLabel({ type: "integer" })).toBe("integer");
    expect(typeLabel({ type: "array", items: { type: "string" } })).toBe("list of strings");
    expect(typeLabel({ type: "array" })).toBe("list of values");
    expect(typeLabel({ type: "object", propertyNames: { type: "string" }, additionalProperties: { type: "string", enum: ["read"] } })).toBe("map of string → string");
    expect(typeLabel({ anyOf: [{ type: "string" }, { type: "null" }] })).toBe("string or null");
    expect(typeLabel({})).toBe("any");
  });

  test("numeric bounds: a range, one side, exclusive, and zod's safe-integer bounds left out", () => {
    expect(constraintsLabel({ type: "integer", minimum: 1, maximum: 100 })).toBe("1–100");
    expect(constraintsLabel({ type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER })).toBe("≥ 1");
    expect(constraintsLabel({ type: "number", exclusiveMinimum: 0, maximum: 10 })).toBe("> 0, ≤ 10");
    expect(constraintsLabel({ type: "number", exclusiveMinimum: 0 })).toBe("> 0");
  });

  test("strings, lists and maps", () => {
    expect(constraintsLabel({ type: "string", minLength: 1 })).toBe("not empty");
    expect(constraintsLabel({ type: "string", minLength: 16 })).toBe("at least 16 characters");
    expect(constraintsLabel({ type: "string", minLength: 1, maxLength: 50, pattern: "^[^,]+$" })).toBe("1–50 characters; matches `^[^,]+$`");
    expect(constraintsLabel({ type: "string", format: "uri" })).toBe("uri format");
    expect(constraintsLabel({ type: "string", enum: ["jobs", "off"] })).toBe("one of `jobs`, `off`");
    expect(constraintsLabel({ type: "array", maxItems: 15, items: { type: "string", pattern: "^a$" } })).toBe("at most 15 items; each: matches `^a$`");
    expect(constraintsLabel({ type: "object", propertyNames: { type: "string", minLength: 1 }, additionalProperties: { type: "string", enum: ["read", "write"] } })).toBe(
      "keys: not empty; values: one of `read`, `write`",
    );
    expect(constraintsLabel({ type: "object", properties: {}, additionalProperties: false })).toBe("no other keys");
    expect(constraintsLabel({ type: "boolean" })).toBe("");
  });

  test("defaults read like YAML a user would write", () => {
    expect(inlineJson("recipes/")).toBe("recipes/");
    expect(inlineJson("")).toBe('""');
    expect(inlineJson(["a", "b"])).toBe('["a", "b"]');
    expect(inlineJson({ cargo: "crates.io", n: 1 })).toBe('{"cargo": "crates.io", "n": 1}');
    expect(inlineJson(true)).toBe("true");
  });
});

describe("key rows", () => {
  const schema: JsonSchema = {
    type: "object",
    required: ["token"],
    properties: {
      token: { type: "string", description: "Needed." },
      port: { type: "integer", default: 3000, description: "Port." },
      section: { type: "object", description: "A section.", additionalProperties: false, properties: { dir: { type: "string", description: "Dir." } } },
    },
  };

  test("effective defaults win over the schema's, nested keys get dotted paths, a required key without default says so", () => {
    const rows = keyRows(schema, "", { port: 8080, section: { dir: "x/" } });
    expect(rows.map((r) => [r.key, r.default, r.required])).toEqual([
      ["token", undefined, true],
      ["port", 8080, false],
      ["section", { dir: "x/" }, false],
      ["section.dir", "x/", false],
    ]);
    expect(keyTable(rows, "Key")).toEqual([
      "| Key | Type | Default | Constraints | Description |",
      "|---|---|---|---|---|",
      "| `token` | string | required |  | Needed. |",
      "| `port` | integer | `8080` |  | Port. |",
      "| `section` | object |  | no other keys | A section. |",
      "| `section.dir` | string | `x/` |  | Dir. |",
    ]);
  });

  test("without effective defaults the schema's defaults are used, and a key without any is unset", () => {
    const rows = keyRows(schema, "", undefined);
    expect(rows.map((r) => [r.key, r.default])).toEqual([
      ["token", undefined],
      ["port", 3000],
      ["section", undefined],
      ["section.dir", undefined],
    ]);
    expect(keyTable(rows.slice(3), "Key")[2]).toBe("| `section.dir` | string | unset |  | Dir. |");
  });
});
