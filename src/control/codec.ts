import { controlFileSchema, type ControlFile } from "./schema.js";
import { formatIssues } from "../util/zod-issues.js";

export type ParseResult = { ok: true; control: ControlFile } | { ok: false; errors: string[] };

/**
 * Parses the control file text. Validation uses the schema, but the value returned is the object that
 * `JSON.parse` produced, so key order and unknown keys survive a round trip byte for byte.
 */
export function parseControlFile(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`(root) → not valid JSON: ${(error as Error).message}`] };
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, errors: ["(root) → must be a JSON object"] };
  }
  const checked = controlFileSchema.safeParse(raw);
  if (!checked.success) return { ok: false, errors: formatIssues(checked.error.issues) };
  return { ok: true, control: raw as ControlFile };
}

/** The pipeline's own serialisation: two-space JSON and a final newline. */
export function serializeControlFile(control: ControlFile): string {
  return JSON.stringify(control, null, 2) + "\n";
}
