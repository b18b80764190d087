import { isRecord, type JsonSchema } from "./json-schema.js";
import { code, table } from "./markdown.js";

/** zod bounds `int()` by the safe integers; that is not a limit worth printing. */
const SAFE = Number.MAX_SAFE_INTEGER;

/** One documented key: its dotted path, its schema, and its default when it has one. */
export interface KeyRow {
  key: string;
  schema: JsonSchema;
  /** The value the key takes when it is not given; undefined when it then stays unset. */
  default: unknown;
  required: boolean;
}

/** The keys of an object schema, depth first: an object key's row comes before the rows of its own keys. */
export function keyRows(parent: JsonSchema, prefix: string, defaults: unknown): KeyRow[] {
  return Object.entries(parent.properties ?? {}).flatMap(([name, schema]) => {
    const key = prefix + name;
    const value = isRecord(defaults) && defaults[name] !== undefined ? defaults[name] : schema.default;
    const row: KeyRow = { key, schema, default: value, required: parent.required?.includes(name) === true && value === undefined };
    return schema.properties ? [row, ...keyRows(schema, `${key}.`, value)] : [row];
  });
}

/** `Key | Type | Default | Constraints | Description`, one row per key. */
export function keyTable(rows: readonly KeyRow[], keyHeader: string): string[] {
  return table(
    [keyHeader, "Type", "Default", "Constraints", "Description"],
    rows.map((row) => [code(row.key), typeLabel(row.schema), defaultLabel(row), constraintsLabel(row.schema), row.schema.description?.trim() ?? ""]),
  );
}

export function typeLabel(schema: JsonSchema): string {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeLabel).join(" or ");
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : schema.type;
  if (type === "array") return `list of ${schema.items ? plural(typeLabel(schema.items)) : "values"}`;
  if (type === "object" && !schema.properties && isSchema(schema.additionalProperties)) {
    return `map of ${typeLabel(schema.propertyNames ?? { type: "string" })} → ${typeLabel(schema.additionalProperties)}`;
  }
  return type ?? "any";
}

/** The Default cell: empty for an object, `required`, `unset`, or the value as code. */
export function defaultLabel(row: KeyRow): string {
  if (row.schema.properties) return "";
  if (row.required) return "required";
  return row.default === undefined ? "unset" : code(inlineJson(row.default));
}

/** Every check JSON Schema can state, in words; checks it cannot state belong in the description. */
export function constraintsLabel(schema: JsonSchema): string {
  const parts: string[] = [];
  if (schema.enum) parts.push(`one of ${schema.enum.map((v) => code(inlineJson(v))).join(", ")}`);
  if (schema.const !== undefined) parts.push(`exactly ${code(inlineJson(schema.const))}`);
  const range = rangeLabel(schema);
  if (range) parts.push(range);
  const length = sizeLabel(schema.minLength, schema.maxLength, "character");
  if (length) parts.push(length);
  if (schema.pattern !== undefined) parts.push(`matches ${code(schema.pattern)}`);
  else if (schema.format !== undefined) parts.push(`${schema.format} format`);
  const items = sizeLabel(schema.minItems, schema.maxItems, "item");
  if (items) parts.push(items);
  const each = schema.items ? constraintsLabel(schema.items) : "";
  if (each) parts.push(`each: ${each}`);
  if (schema.type === "object" && !schema.properties) {
    const keys = schema.propertyNames ? constraintsLabel(schema.propertyNames) : "";
    if (keys) parts.push(`keys: ${keys}`);
    const values = isSchema(schema.additionalProperties) ? constraintsLabel(schema.additionalProperties) : "";
    if (values) parts.push(`values: ${values}`);
  }
  if (schema.properties && schema.additionalProperties === false) parts.push("no other keys");
  return parts.join("; ");
}

/**
 * The limits a short table states next to a description: number ranges, lengths and list sizes, but not
 * "not empty", enums or patterns (the description explains those; the reference page spells them out).
 */
export function limitsLabel(schema: JsonSchema): string {
  const parts = [rangeLabel(schema), sizeLabel(schema.minLength, schema.maxLength, "character"), sizeLabel(schema.minItems, schema.maxItems, "item")];
  return parts.filter((part) => part !== undefined && part !== "not empty").join("; ");
}

function rangeLabel(schema: JsonSchema): string | undefined {
  const min = schema.minimum !== undefined && schema.minimum > -SAFE ? schema.minimum : undefined;
  const max = schema.maximum !== undefined && schema.maximum < SAFE ? schema.maximum : undefined;
  if (min !== undefined && max !== undefined) return `${min}–${max}`;
  const bounds = [
    min !== undefined ? `≥ ${min}` : schema.exclusiveMinimum !== undefined ? `> ${schema.exclusiveMinimum}` : undefined,
    max !== undefined ? `≤ ${max}` : schema.exclusiveMaximum !== undefined ? `< ${schema.exclusiveMaximum}` : undefined,
  ].filter((b) => b !== undefined);
  return bounds.length > 0 ? bounds.join(", ") : undefined;
}

function sizeLabel(min: number | undefined, max: number | undefined, unit: string): string | undefined {
  const units = (n: number) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (min !== undefined && min > 0 && max !== undefined) return `${min}–${units(max)}`;
  if (max !== undefined) return `at most ${units(max)}`;
  if (min === 1) return "not empty";
  if (min !== undefined && min > 1) return `at least ${units(min)}`;
  return undefined;
}

/** JSON on one line with a space after `,` and `:`, so a default reads like the YAML a user would write. */
export function inlineJson(value: unknown): string {
  if (typeof value === "string") return value === "" ? '""' : value;
  return listJson(value);
}

function listJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(listJson).join(", ")}]`;
  if (isRecord(value)) return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${listJson(v)}`).join(", ")}}`;
  return JSON.stringify(value) ?? "null";
}

function plural(label: string): string {
  return /^[a-z]+$/.test(label) ? `${label}s` : label;
}

function isSchema(value: boolean | JsonSchema | undefined): value is JsonSchema {
  return typeof value === "object";
}
