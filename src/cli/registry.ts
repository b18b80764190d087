import type { CliCommand } from "./command.js";
import { breakerCli } from "./commands/breaker.js";
import { preflightCli } from "./commands/preflight.js";
import { queueCli } from "./commands/queue.js";
import { recordCli } from "./commands/record.js";
import { resumeCli } from "./commands/resume.js";
import { rollbackCli } from "./commands/rollback.js";
import { statusCli } from "./commands/status.js";
import { stopCli } from "./commands/stop.js";
import { validateCli } from "./commands/validate.js";

/** Every CLI command, in the order `batch-ops --help` lists them. */
export const cliCommands: readonly CliCommand[] = [statusCli, stopCli, resumeCli, breakerCli, preflightCli, recordCli, rollbackCli, queueCli, validateCli];
