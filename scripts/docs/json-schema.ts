import { z } from "zod";

/** The part of JSON Schema (draft 2020-12) that zod emits and the pages read. */
export interface JsonSchema {
  $schema?: string;
  $comment?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/**
 * What a user may write, as JSON Schema: zod's input view (defaults make every key optional). zod drops
 * the default of a key whose value is transformed (`recipes_dir` gains its trailing `/`), so those are
 * filled in from what parsing an empty input yields.
 */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  fillMissingDefaults(json, effectiveDefaults(schema));
  return json;
}

/** What parsing an empty input yields (every default applied), or undefined when an empty input is invalid. */
export function effectiveDefaults(schema: z.ZodType): unknown {
  const parsed = schema.safeParse({});
  return parsed.success ? parsed.data : undefined;
}

function fillMissingDefaults(json: JsonSchema, defaults: unknown): void {
  if (!isRecord(defaults) || json.properties === undefined) return;
  for (const [key, property] of Object.entries(json.properties)) {
    const value = defaults[key];
    if (property.properties !== undefined) fillMissingDefaults(property, value);
    else if (property.default === undefined && value !== undefined) property.default = value;
  }
}

/** Every key (dotted path) without a description: the pages refuse to document a key they cannot explain. */
export function undocumentedKeys(json: JsonSchema, prefix = ""): string[] {
  return Object.entries(json.properties ?? {}).flatMap(([key, property]) => {
    const path = prefix + key;
    const own = property.description?.trim() ? [] : [path];
    return [...own, ...undocumentedKeys(property, `${path}.`)];
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
