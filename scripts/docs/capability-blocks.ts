import type { HelpEntry } from "../../src/commands/types.js";
import { isRecord, type JsonSchema } from "./json-schema.js";
import { code, generatedNote, table } from "./markdown.js";
import type { PageBlocks } from "./page-blocks.js";
import { defaultLabel, keyRows, limitsLabel, type KeyRow } from "./schema-table.js";

/** The definitions the capability pages' tables are built from: the same ones the reference pages use. */
export interface BlockSources {
  config: { schema: JsonSchema; defaults: unknown; source: string };
  /** The app's and the CLI's variables. */
  env: { schemas: readonly { schema: JsonSchema; defaults: unknown }[]; source: string };
  commands: {
    /** Every slash command in `/help` order, with its help entries. */
    all: readonly { name: string; help: readonly HelpEntry[] }[];
    /** The role a permission key needs when the repository config does not change it. */
    defaultLevel(permissionKey: string): string;
    source: string;
  };
}

/** What the blocks of every page may name, resolved once. */
export interface BlockIndex {
  sources: BlockSources;
  /** Every config key (dotted path), object keys included. */
  configKeys: Map<string, KeyRow>;
  envVars: Map<string, KeyRow>;
  commands: Map<string, readonly HelpEntry[]>;
  /** Every permission key: the defaults of `permissions` and every one a help entry uses. */
  permissionKeys: Set<string>;
}

export function indexSources(sources: BlockSources): BlockIndex {
  const envVars = new Map<string, KeyRow>();
  for (const { schema, defaults } of sources.env.schemas) {
    for (const row of keyRows(schema, "", defaults)) {
      if (envVars.has(row.key)) throw new Error(`${row.key} is read by both the app and the CLI; the env blocks cannot tell them apart`);
      envVars.set(row.key, row);
    }
  }
  const permissions = isRecord(sources.config.defaults) && isRecord(sources.config.defaults.permissions) ? sources.config.defaults.permissions : {};
  return {
    sources,
    configKeys: new Map(keyRows(sources.config.schema, "", sources.config.defaults).map((row) => [row.key, row])),
    envVars,
    commands: new Map(sources.commands.all.map((c) => [c.name, c.help])),
    permissionKeys: new Set([...Object.keys(permissions), ...sources.commands.all.flatMap((c) => c.help.map((h) => h.permission))]),
  };
}

/** The lines of every block `spec` declares for `page`, by block name (`config`, `env`, `commands`). */
export function renderPageBlocks(page: string, spec: PageBlocks, index: BlockIndex): Record<string, string[]> {
  const blocks: Record<string, string[]> = {};
  if (spec.config) blocks.config = configBlock(page, spec.config, index);
  if (spec.env) blocks.env = envBlock(page, spec.env, index);
  if (spec.commands) blocks.commands = commandsBlock(page, spec.commands, index);
  return blocks;
}

interface Row {
  name: string;
  default: string;
  meaning: string;
}

function configBlock(page: string, names: readonly string[], index: BlockIndex): string[] {
  const rows = names.flatMap((name) => configRows(page, name, index));
  refuseRepeats(page, "config", rows.map((r) => r.name));
  return [
    generatedNote(index.sources.config.source),
    ...table(
      ["Key", "Default", "Meaning"],
      rows.map((r) => [code(r.name), r.default, r.meaning]),
    ),
  ];
}

/** The rows one name in a config block stands for: the key, every key of a section, or a permission key. */
function configRows(page: string, name: string, index: BlockIndex): Row[] {
  const permission = /^permissions\.(.+)$/.exec(name)?.[1];
  if (permission !== undefined) return [permissionRow(page, permission, index)];
  const row = index.configKeys.get(name);
  if (!row) throw new Error(`${page}: the config block names ${name}, which is not a key of .github/batch-ops.yml`);
  return expandConfigKey(name, index).map((r) => ({ name: r.key, default: defaultLabel(r), meaning: meaning(r.schema) }));
}

/** A leaf key is itself; a section is every leaf key under it. */
function expandConfigKey(name: string, index: BlockIndex): KeyRow[] {
  const row = index.configKeys.get(name)!;
  if (!row.schema.properties) return [row];
  return [...index.configKeys.values()].filter((r) => r.key.startsWith(`${name}.`) && !r.schema.properties);
}

function permissionRow(page: string, key: string, index: BlockIndex): Row {
  if (!index.permissionKeys.has(key)) throw new Error(`${page}: the config block names permissions.${key}, which is no command's permission key`);
  const syntaxes = index.sources.commands.all.flatMap((c) => c.help.filter((h) => h.permission === key).map((h) => code(h.syntax)));
  return {
    name: `permissions.${key}`,
    default: code(index.sources.commands.defaultLevel(key)),
    meaning: `Minimum repository role for ${syntaxes.length > 0 ? syntaxes.join(", ") : `the \`${key}\` permission key`}.`,
  };
}

function envBlock(page: string, names: readonly string[], index: BlockIndex): string[] {
  refuseRepeats(page, "env", names);
  const rows = names.map((name): Row => {
    const row = index.envVars.get(name);
    if (!row) throw new Error(`${page}: the env block names ${name}, which neither the app nor the CLI reads`);
    return { name, default: defaultLabel(row), meaning: meaning(row.schema) };
  });
  return [
    generatedNote(index.sources.env.source),
    ...table(
      ["Variable", "Default", "Meaning"],
      rows.map((r) => [code(r.name), r.default, r.meaning]),
    ),
  ];
}

function commandsBlock(page: string, names: readonly string[], index: BlockIndex): string[] {
  refuseRepeats(page, "commands", names);
  const entries = names.flatMap((name) => {
    const help = index.commands.get(name);
    if (!help) throw new Error(`${page}: the commands block names /${name}, which is not a slash command`);
    return help;
  });
  return [
    generatedNote(index.sources.commands.source),
    ...table(
      ["Command", "Needs (default)", "What it does"],
      entries.map((e) => [code(e.syntax), `${index.sources.commands.defaultLevel(e.permission)} (${code(e.permission)})`, e.description]),
    ),
  ];
}

/** A description, with the limits the schema checks that a reader needs (ranges, lengths, list sizes). */
function meaning(schema: JsonSchema): string {
  const description = schema.description?.trim() ?? "";
  const limits = limitsLabel(schema);
  return limits ? `${description} Allowed: ${limits}.` : description;
}

function refuseRepeats(page: string, block: string, names: readonly string[]): void {
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length > 0) throw new Error(`${page}: the ${block} block lists ${twice.join(", ")} twice`);
}

/** The page whose commands block lists `name` (the README's command table links it). */
export function commandPage(pages: Readonly<Record<string, PageBlocks>>, name: string): string | undefined {
  return Object.entries(pages).find(([, spec]) => spec.commands?.includes(name))?.[0];
}

/** Config keys and environment variables documented only on the reference pages. */
export interface ReferenceOnly {
  config: readonly string[];
  env: readonly string[];
}

/**
 * Refuses a map that leaves something out or names something twice: every slash command on exactly one page,
 * every config key and environment variable in some block or in `referenceOnly` (and nothing in both, and
 * nothing there that does not exist).
 */
export function checkPlacement(pages: Readonly<Record<string, PageBlocks>>, referenceOnly: ReferenceOnly, index: BlockIndex): void {
  const problems: string[] = [];
  for (const name of index.commands.keys()) {
    const on = Object.entries(pages).filter(([, spec]) => spec.commands?.includes(name)).map(([page]) => page);
    if (on.length !== 1) problems.push(`/${name} is in the commands block of ${on.length === 0 ? "no page" : on.join(" and ")}; it belongs on exactly one`);
  }
  const placed = (kind: "config" | "env", expand: (name: string) => string[]) =>
    new Set(Object.values(pages).flatMap((spec) => (spec[kind] ?? []).flatMap(expand)));
  const config = placed("config", (name) => (index.configKeys.has(name) ? expandConfigKey(name, index).map((r) => r.key) : []));
  const env = placed("env", (name) => [name]);
  const leaves = [...index.configKeys.values()].filter((r) => !r.schema.properties).map((r) => r.key);
  problems.push(...unplaced("config key", leaves, config, referenceOnly.config));
  problems.push(...unplaced("environment variable", [...index.envVars.keys()], env, referenceOnly.env));
  if (problems.length > 0) {
    throw new Error(`the capability pages' blocks (scripts/docs/page-blocks.ts) do not place everything:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

function unplaced(what: string, all: readonly string[], placed: Set<string>, referenceOnly: readonly string[]): string[] {
  return [
    ...all
      .filter((name) => !placed.has(name) && !referenceOnly.includes(name))
      .map((name) => `${what} ${name} is on no capability page; add it to a block or to REFERENCE_ONLY`),
    ...referenceOnly.filter((name) => !all.includes(name)).map((name) => `REFERENCE_ONLY names ${name}, which is no ${what}`),
    ...referenceOnly.filter((name) => placed.has(name)).map((name) => `${what} ${name} is both in a block and in REFERENCE_ONLY`),
  ];
}
