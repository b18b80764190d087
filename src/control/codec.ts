import { controlFileSchema, type ControlFile } from "./schema.js";
import { isStackOverflow, parseJsonBounded, tooDeepMessage } from "../util/json-depth.js";
import { formatIssues } from "../util/zod-issues.js";

const BOM = "\ufeff";

export type ParseResult = { ok: true; control: ControlFile } | { ok: false; errors: string[] };

/**
 * Parses the control file text. Validation uses the schema, but the value returned is the object that
 * `JSON.parse` produced, so key order and unknown keys survive a round trip byte for byte. Nesting is
 * bounded first (unknown keys may hold anything): a file nested too deeply is invalid like any other,
 * rather than overflowing the stack when it is validated or written back.
 */
export function parseControlFile(text: string): ParseResult {
  // A Windows editor's byte-order mark is not part of the JSON (jq skips it too).
  const read = parseJsonBounded(text.startsWith(BOM) ? text.slice(BOM.length) : text);
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

/**
 * The pipeline's own serialisation, always: two-space JSON and a final newline (what jq and the
 * pipeline's Go code write). A file saved in another layout (a BOM, CRLF, tabs) is read as meant and
 * written back in this one, so the file never drifts from what the pipeline itself produces.
 */
export function serializeControlFile(control: ControlFile): string {
  return JSON.stringify(control, null, 2) + "\n";
}
