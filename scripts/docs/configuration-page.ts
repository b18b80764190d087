import { isRecord, type JsonSchema } from "./json-schema.js";
import { code, generatedNote, page } from "./markdown.js";
import { keyRows, keyTable } from "./schema-table.js";

export interface ConfigurationPageInput {
  /** The repository config's input JSON Schema. */
  schema: JsonSchema;
  /** The config an empty file yields. */
  defaults: unknown;
  /** Where the definitions live, for the generated-file note. */
  source: string;
  /** File name of the emitted JSON Schema, next to this page. */
  schemaFile: string;
}

/** `docs/configuration.md`: every `.github/batch-ops.yml` key, top-level keys first, then one section per object. */
export function renderConfigurationPage(input: ConfigurationPageInput): string {
  const properties = Object.entries(input.schema.properties ?? {});
  const plainKeys: JsonSchema = { ...input.schema, properties: Object.fromEntries(properties.filter(([, s]) => !s.properties)) };
  const sections = properties.filter(([, s]) => s.properties);
  const lines = [
    generatedNote(input.source),
    "",
    "# Configuration: `.github/batch-ops.yml`",
    "",
    "Optional, read from the default branch. Every key is optional and has the default shown." +
      (input.schema.additionalProperties === false ? " Unknown keys are refused, so a typo never falls back to a default." : "") +
      " An invalid file makes batch-ops do nothing in that repository until it is fixed; replies list the problems.",
    "",
    `[\`${input.schemaFile}\`](${input.schemaFile}) is the same schema as JSON Schema, for editors (with the YAML language server, start the file with \`# yaml-language-server: $schema=<URL of that file>\`).`,
    "",
    sections.length > 0 ? `Sections: ${sections.map(([name]) => `[${code(name)}](#${anchor(name)})`).join(", ")}.` : "",
    "",
    "## Top-level keys",
    "",
    ...keyTable(keyRows(plainKeys, "", input.defaults), "Key"),
  ];
  for (const [name, section] of sections) {
    const defaults = isRecord(input.defaults) ? input.defaults[name] : undefined;
    lines.push("", `## ${code(name)}`, "", section.description?.trim() ?? "", "", ...keyTable(keyRows(section, `${name}.`, defaults), "Key"));
  }
  return page(lines);
}

/** GitHub's heading anchor for a heading that is one code span. */
export function anchor(name: string): string {
  return name.toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-");
}
