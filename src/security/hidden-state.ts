/**
 * Machine-readable incident state kept in the issue body as an HTML comment, invisible when rendered.
 * `--` cannot appear inside an HTML comment; in JSON it only occurs inside strings, where `-\u002d`
 * reads back as the same text. The state is untrusted when read back: callers validate it.
 */
export function hiddenState(tag: string, value: unknown): string {
  return `<!-- ${tag} ${JSON.stringify(value).replace(/--/g, "-\\u002d")} -->`;
}

/** The JSON after `tag`, or undefined when it is absent or not valid JSON. */
export function readHiddenState(tag: string, body: string | null | undefined): unknown {
  if (!body) return undefined;
  const start = body.indexOf(`<!-- ${tag} `);
  if (start < 0) return undefined;
  const from = start + tag.length + 6;
  const end = body.indexOf(" -->", from);
  if (end < 0) return undefined;
  try {
    return JSON.parse(body.slice(from, end));
  } catch {
    return undefined;
  }
}

export function hasHiddenState(tag: string, body: string | null | undefined): boolean {
  return !!body && body.includes(`<!-- ${tag} `);
}
