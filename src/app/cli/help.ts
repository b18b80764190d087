import { COMMON_OPTIONS, type CliCommand, type OptionSpec } from "../../cli/command.js";

export const EXIT_STATUS_HELP = [
  "Exit status: 0 done, nothing to change, or a read-only answer; 1 refused or invalid (nothing written);",
  "2 wrong command line; 3 git or the file system failed (nothing left half-written).",
];

function optionLines(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(options).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : "    ";
    return [`  ${short}--${name}${spec.value ? ` <${spec.value}>` : ""}`, spec.description] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => left.padEnd(width) + right);
}

/** `batch-ops <command> --help`, generated from the same definition the parser uses. */
export function commandHelp(command: CliCommand): string {
  const lines = command.usage.map((u, i) => `${i === 0 ? "Usage: " : "       "}batch-ops ${u}`);
  lines.push("", command.summary);
  if (Object.keys(command.options).length > 0) lines.push("", "Options:", ...optionLines(command.options));
  lines.push("", "Common options:", ...optionLines(COMMON_OPTIONS));
  for (const note of command.notes ?? []) lines.push("", note);
  lines.push("", ...EXIT_STATUS_HELP);
  return lines.join("\n");
}

/** `batch-ops --help`: every command with its one-line summary. */
export function mainHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    "batch-ops: the batch pipeline's control file, breakers, rollbacks and queue on a local clone.",
    "The same code as the batch-ops GitHub App; it commits locally and never pushes.",
    "",
    "Usage: batch-ops [-C <dir>] [--config <file>] [--control-file <path>] <command> [options]   (batch-ops <command> --help for details)",
    "The options every command takes (-C/--dir, --config, --control-file) may come before or after the command.",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    ...EXIT_STATUS_HELP,
  ].join("\n");
}
