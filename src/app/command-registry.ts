import { acceptCommand } from "../seeding/accept-command.js";
import { breakerCommand } from "../breakers/breaker-command.js";
import { budgetCommand } from "../breakers/budget-command.js";
import { helpCommand } from "../commands/help.js";
import { rejectCommand } from "../seeding/reject-command.js";
import { resumeCommand } from "../stop/resume-command.js";
import { rollbackCommand } from "../rollback/rollback-command.js";
import { statusCommand } from "../stop/status-command.js";
import { stopCommand } from "../stop/stop-command.js";
import type { CommandDefinition } from "../commands/types.js";

/** Every slash command the app answers to, in the order `/help` lists them. */
const commands: CommandDefinition[] = [
  stopCommand,
  resumeCommand,
  statusCommand,
  rollbackCommand,
  acceptCommand,
  rejectCommand,
  breakerCommand,
  budgetCommand,
];
commands.push(helpCommand(() => commands)); // last: /help lists everything above it

/** Every command in `/help` order; `npm run docs` renders the same list. */
export function allCommands(): readonly CommandDefinition[] {
  return commands;
}

export function findCommand(name: string): CommandDefinition | undefined {
  return commands.find((c) => c.name === name);
}

export function commandNames(): Set<string> {
  return new Set(commands.map((c) => c.name));
}
