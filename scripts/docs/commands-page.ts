import type { CliCommand, OptionSpec } from "../../src/cli/command.js";
import type { HelpEntry } from "../../src/commands/types.js";
import { anchor } from "./configuration-page.js";
import { code, generatedNote, page, plain, table } from "./markdown.js";

export interface CommandsPageInput {
  /** Every slash command's help entries, in `/help` order. */
  slash: readonly HelpEntry[];
  /** The role a permission key needs when the repository config does not change it. */
  defaultLevel(permissionKey: string): string;
  cli: readonly CliCommand[];
  cliCommonOptions: Record<string, OptionSpec>;
  /** `batch-ops --help`'s exit-status paragraph. */
  cliExitStatus: readonly string[];
  source: string;
}

/** `docs/commands.md`: the slash commands and the operator CLI, from the definitions `/help` and `--help` print. */
export function renderCommandsPage(input: CommandsPageInput): string {
  return page([generatedNote(input.source), "", "# Commands", "", ...slashSection(input), "", ...cliSection(input)]);
}

function slashSection(input: CommandsPageInput): string[] {
  const rows = input.slash.map((entry) => [
    code(entry.syntax),
    entry.description,
    code(entry.permission),
    input.defaultLevel(entry.permission),
    (entry.examples ?? []).map(code).join("<br>"),
  ]);
  return [
    "## Slash commands",
    "",
    "A command is a line that starts with `/` in an issue or pull-request comment; `/help` prints this table with the roles that apply in the repository.",
    "Who may run a command is the minimum repository role set for its permission key under `permissions` in",
    `[\`.github/batch-ops.yml\`](configuration.md#top-level-keys); the roles below apply when the file does not change them.`,
    "",
    ...table(["Command", "What it does", "Permission key", "Default role", "Examples"], rows),
  ];
}

function cliSection(input: CommandsPageInput): string[] {
  const lines = [
    "## Operator CLI: `batch-ops`",
    "",
    "The same domain code on a local clone; it commits locally and never pushes. `batch-ops <command> --help` prints each section below.",
    "",
    ...table(
      ["Command", "What it does"],
      input.cli.map((c) => [`[${code(`batch-ops ${c.name}`)}](#${anchor(`batch-ops ${c.name}`)})`, plain(c.summary)]),
    ),
  ];
  for (const command of input.cli) {
    lines.push("", `### ${code(`batch-ops ${command.name}`)}`, "", "```", ...command.usage.map((u) => `batch-ops ${u}`), "```", "", plain(command.summary));
    if (Object.keys(command.options).length > 0) lines.push("", ...optionTable(command.options));
    for (const note of command.notes ?? []) lines.push("", plain(note));
  }
  lines.push("", "### Options every command takes", "", ...optionTable(input.cliCommonOptions));
  lines.push("", "### Exit status", "", plain(input.cliExitStatus.join(" ")));
  return lines;
}

function optionTable(options: Record<string, OptionSpec>): string[] {
  return table(
    ["Option", "Description"],
    Object.entries(options).map(([name, spec]) => [
      [spec.short ? code(`-${spec.short}`) : "", code(`--${name}${spec.value ? ` <${spec.value}>` : ""}`)].filter(Boolean).join(", "),
      plain(spec.description),
    ]),
  );
}
