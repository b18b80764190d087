import { describe, expect, test } from "@jest/globals";
import { z } from "zod";
import { effectiveDefaults, inputJsonSchema, undocumentedKeys } from "../../../scripts/docs/json-schema.js";

describe("JSON Schema from zod", () => {
  test("a default zod drops because the value is transformed comes back from parsing an empty input", () => {
    const schema = z.strictObject({
      dir: z.string().transform((d) => `${d.replace(/\/+$/, "")}/`).default("recipes/").describe("A directory."),
      n: z.number().default(3).describe("A number."),
    });
    const json = inputJsonSchema(schema);
    expect(json.properties?.["dir"]).toMatchObject({ type: "string", default: "recipes/", description: "A directory." });
    expect(json.properties?.["n"]).toMatchObject({ type: "number", default: 3 });
    expect(json.additionalProperties).toBe(false);
  });

  test("nested defaults are filled too, and a given default is kept", () => {
    const schema = z.object({
      section: z.object({ dir: z.string().transform((d) => d.trim()).default("x") }).prefault({}),
      record: z.record(z.string(), z.string()).default({}).transform((r) => ({ a: "1", ...r })),
    });
    const json = inputJsonSchema(schema);
    expect(json.properties?.["section"]?.properties?.["dir"]?.default).toBe("x");
    expect(json.properties?.["record"]?.default).toEqual({});
  });

  test("an empty input that is invalid has no defaults", () => {
    expect(effectiveDefaults(z.object({ needed: z.string() }))).toBeUndefined();
    expect(effectiveDefaults(z.object({ port: z.coerce.number().default(3000) }))).toEqual({ port: 3000 });
  });

  test("every key without a description is listed by its dotted path", () => {
    const schema = z.object({
      good: z.number().describe("Documented."),
      bare: z.number(),
      section: z.object({ inner: z.string(), fine: z.string().describe("Yes.") }).describe("A section."),
      blank: z.string().describe("  "),
    });
    expect(undocumentedKeys(inputJsonSchema(schema))).toEqual(["bare", "section.inner", "blank"]);
  });
});
