import { controlFileSchema, type ControlFile } from "./schema.js";
import { isStackOverflow, parseJsonBounded, tooDeepMessage } from "../util/json-depth.js";
import { formatIssues } from "../util/zod-issues.js";

export type ParseResult = { ok: true; control: ControlFile } | { ok: false; errors: string[] };

/**
 * Parses the control file text. Validation uses the schema, but the value returned is the object that
 * `JSON.parse` produced, so key order and unknown keys survive a round trip byte for byte. Nesting is
 * bounded first (unknown keys may hold anything): a file nested too deeply is invalid like any other,
 * rather than overflowing the stack when it is validated or written back.
 */
export function parseControlFile(text: string): ParseResult {
  const read = parseJsonBounded(text);
  if (!read.ok) return { ok: false, errors: [`(root) → ${read.error}`] };
  const raw = read.value;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, errors: ["(root) → must be a JSON object"] };
  }
  try {
    const checked = controlFileSchema.safeParse(raw);
    if (!checked.success) return { ok: false, errors: formatIssues(checked.error.issues) };
  } catch (error) {
    if (isStackOverflow(error)) return { ok: false, errors: [`(root) → ${tooDeepMessage()}`] };
    throw error;
  }
  return { ok: true, control: raw as ControlFile };
}

/** The pipeline's own serialisation: two-space JSON and a final newline. */
export function serializeControlFile(control: ControlFile): string {
  return JSON.stringify(control, null, 2) + "\n";
}
