import { parseArgs } from "node:util";
import { COMMON_OPTIONS, type CliCommand, type CliContext, type ParsedCommand } from "../../cli/command.js";
import { readCliEnv } from "../../cli/env.js";
import { CliError, EXIT } from "../../cli/exit-codes.js";
import { GitError } from "../../cli/git.js";
import { commandHelp, mainHelp } from "./help.js";
import { cliCommands } from "./registry.js";

export interface Streams {
  out(text: string): void;
  err(text: string): void;
}

function parse(command: CliCommand, args: string[]): ParsedCommand {
  const specs = { ...COMMON_OPTIONS, ...command.options };
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [name, { type: spec.type, ...(spec.short ? { short: spec.short } : {}) }]),
  );
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values, positionals };
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage, [`Run: batch-ops ${command.name} --help`]);
  }
}

function printError(error: unknown, streams: Streams): number {
  if (error instanceof CliError) {
    streams.err(`batch-ops: ${error.message}`);
    for (const line of error.details) streams.err(`  ${line}`);
    return error.code;
  }
  if (error instanceof GitError) {
    streams.err(`batch-ops: ${error.message}`);
    return EXIT.failed;
  }
  streams.err(`batch-ops: failed: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT.failed;
}

/** Options that take a value, as they may come before the command (`batch-ops -C dir validate`). */
const GLOBAL_VALUE_OPTIONS = new Map<string, string>([
  ["-C", "dir"],
  ["--dir", "dir"],
  ["--config", "config"],
  ["--control-file", "control-file"],
]);

/**
 * Splits `[global options] <command> [arguments]`: the options every command accepts may also come
 * before the command, as with git. They are handed to the command's own parser, ahead of its arguments.
 */
export function splitGlobalOptions(argv: readonly string[]): { leading: string[]; name: string | undefined; rest: string[] } | { error: string } {
  const leading: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") return { leading, name: argv[i + 1], rest: argv.slice(i + 2) };
    if (!arg.startsWith("-") || arg === "-") break;
    if (arg === "--help" || arg === "-h") return { leading, name: arg, rest: argv.slice(i + 1) };
    const eq = arg.indexOf("=");
    const flagName = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg.startsWith("-C") && arg.length > 2 ? "-C" : arg;
    if (!GLOBAL_VALUE_OPTIONS.has(flagName))
      return {
        error: `unknown option ${JSON.stringify(arg.slice(0, 40))} before the command; options that may come first: -C/--dir, --config, --control-file`,
      };
    const attached = flagName !== arg;
    if (attached) {
      leading.push(arg);
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) return { error: `${arg} needs a value` };
    leading.push(arg, value);
    i++;
  }
  return { leading, name: argv[i], rest: argv.slice(i + 1) };
}

/** The whole CLI as a function: arguments, working directory, environment and streams in; exit status out. */
export async function runCli(argv: readonly string[], io: { cwd: string; env: NodeJS.ProcessEnv } & Streams): Promise<number> {
  const split = splitGlobalOptions(argv);
  if ("error" in split) {
    io.err(`batch-ops: ${split.error}.`);
    return EXIT.usage;
  }
  const { leading, name } = split;
  const rest = [...leading, ...split.rest];
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? cliCommands.find((c) => c.name === split.rest[0]) : undefined;
    const text = topic ? commandHelp(topic) : mainHelp(cliCommands);
    if (name === undefined) io.err(text);
    else io.out(text);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = cliCommands.find((c) => c.name === name);
  if (!command) {
    io.err(`batch-ops: unknown command ${JSON.stringify(name.slice(0, 40))}. Commands: ${cliCommands.map((c) => c.name).join(", ")}.`);
    return EXIT.usage;
  }
  try {
    const parsed = parse(command, rest);
    if (parsed.values["help"] === true) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    const env = readCliEnv(io.env);
    if (!env.ok) throw new CliError("invalid environment:", EXIT.usage, env.errors);
    const ctx: CliContext = {
      cwd: io.cwd,
      env: env.env,
      now: env.env.BATCH_OPS_NOW ? new Date(env.env.BATCH_OPS_NOW) : new Date(),
      out: (text: string) => io.out(text),
      err: (text: string) => io.err(text),
    };
    return await command.run(parsed, ctx);
  } catch (error) {
    return printError(error, io);
  }
}
