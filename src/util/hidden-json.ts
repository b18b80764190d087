import { parseJsonBounded } from "./json-depth.js";

/**
 * Machine-readable state kept inside an issue body as an HTML comment, invisible when rendered.
 * `--` cannot appear inside an HTML comment; in JSON it can only occur inside strings, where
 * `-\u002d` reads back as the same text.
 */
export function hiddenJson(tag: string, value: unknown): string {
  return `<!-- ${tag} ${JSON.stringify(value).replace(/--/g, "-\\u002d")} -->`;
}

/** The value of the first `tag` block in `body`, or undefined when it is absent, not valid JSON or nested too deeply. */
export function readHiddenJson(tag: string, body: string | null | undefined): unknown {
  if (!body) return undefined;
  const start = body.indexOf(`<!-- ${tag} `);
  if (start < 0) return undefined;
  const from = start + tag.length + 6;
  const end = body.indexOf(" -->", from);
  if (end < 0) return undefined;
  const read = parseJsonBounded(body.slice(from, end));
  return read.ok ? read.value : undefined;
}
