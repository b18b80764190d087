import type { CliCommand } from "../../cli/command.js";
import { breakerCli } from "../../breakers/breaker-cli.js";
import { preflightCli } from "./preflight.js";
import { queueCli } from "../../seeding/queue-cli.js";
import { recordCli } from "../../breakers/record-cli.js";
import { resumeCli } from "../../stop/resume-cli.js";
import { rollbackCli } from "../../rollback/rollback-cli.js";
import { statusCli } from "../../stop/status-cli.js";
import { stopCli } from "../../stop/stop-cli.js";
import { validateCli } from "./validate.js";

/** Every CLI command, in the order `batch-ops --help` lists them. */
export const cliCommands: readonly CliCommand[] = [
  statusCli,
  stopCli,
  resumeCli,
  breakerCli,
  preflightCli,
  recordCli,
  rollbackCli,
  queueCli,
  validateCli,
];
