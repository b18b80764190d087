import type { JsonSchema } from "./json-schema.js";
import { generatedNote, page } from "./markdown.js";
import { keyRows, keyTable } from "./schema-table.js";

/** One program's variables: the app, or the operator CLI. */
export interface EnvironmentSection {
  title: string;
  /** How that program reads them (Markdown). */
  intro: string;
  schema: JsonSchema;
  /** What an empty environment yields. */
  defaults: unknown;
}

/** `docs/environment.md`: every variable each program reads, from the schema it parses them with. */
export function renderEnvironmentPage(sections: readonly EnvironmentSection[], source: string): string {
  const lines = [
    generatedNote(source),
    "",
    "# Environment variables",
    "",
    "Empty values count as unset.",
  ];
  for (const section of sections) {
    lines.push("", `## ${section.title}`, "", section.intro, "", ...keyTable(keyRows(section.schema, "", section.defaults), "Variable"));
  }
  return page(lines);
}
