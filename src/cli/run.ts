import { parseArgs } from "node:util";
import { COMMON_OPTIONS, type CliCommand, type CliContext, type ParsedCommand } from "./command.js";
import { readCliEnv } from "./env.js";
import { CliError, EXIT } from "./exit-codes.js";
import { GitError } from "./git.js";
import { commandHelp, mainHelp } from "./help.js";
import { cliCommands } from "./registry.js";

export interface Streams {
  out(text: string): void;
  err(text: string): void;
}

function parse(command: CliCommand, args: string[]): ParsedCommand {
  const specs = { ...COMMON_OPTIONS, ...command.options };
  const options = Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, { type: spec.type, ...(spec.short ? { short: spec.short } : {}) }]));
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as ParsedCommand["values"], positionals };
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

/** The whole CLI as a function: arguments, working directory, environment and streams in; exit status out. */
export async function runCli(argv: readonly string[], io: { cwd: string; env: NodeJS.ProcessEnv } & Streams): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? cliCommands.find((c) => c.name === rest[0]) : undefined;
    (name === undefined ? io.err : io.out)(topic ? commandHelp(topic) : mainHelp(cliCommands));
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
      out: io.out,
      err: io.err,
    };
    return await command.run(parsed, ctx);
  } catch (error) {
    return printError(error, io);
  }
}
