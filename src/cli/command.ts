import type { CliEnv } from "./env.js";

/** One option of a command, as `util.parseArgs` takes it plus what `--help` prints. */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  /** Placeholder shown in help for a string option: `--reason <text>`. */
  value?: string;
  description: string;
}

export interface ParsedCommand {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** What every command gets from `main`: where it runs, the parsed environment, the clock and the streams. */
export interface CliContext {
  cwd: string;
  env: CliEnv;
  now: Date;
  out(text: string): void;
  err(text: string): void;
}

export interface CliCommand {
  name: string;
  summary: string;
  /** Synopsis lines, without the leading `batch-ops`. */
  usage: string[];
  options: Record<string, OptionSpec>;
  /** Paragraphs after the options: outputs, examples, how it differs from the app. */
  notes?: string[];
  /** Returns the exit status; throws `CliError` for refusals and usage errors. */
  run(parsed: ParsedCommand, ctx: CliContext): Promise<number>;
}

/** Options every command accepts. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  help: { type: "boolean", short: "h", description: "Show this help." },
  dir: { type: "string", short: "C", value: "path", description: "Run in this clone instead of the current directory." },
  config: { type: "string", value: "file", description: "Read the batch-ops config from this file instead of .github/batch-ops.yml." },
  "control-file": {
    type: "string",
    value: "path",
    description: "Control file path in the clone (default: CONTROL_FILE, then control_file from the config).",
  },
};

export const JSON_OPTION: Record<string, OptionSpec> = {
  json: { type: "boolean", description: "Print one JSON object instead of text." },
};

export function stringOption(parsed: ParsedCommand, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === "string" ? value : undefined;
}

export function flag(parsed: ParsedCommand, name: string): boolean {
  return parsed.values[name] === true;
}
