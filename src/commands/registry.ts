import { acceptCommand } from "./accept.js";
import { breakerCommand } from "./breaker.js";
import { budgetCommand } from "./budget.js";
import { helpCommand } from "./help.js";
import { rejectCommand } from "./reject.js";
import { resumeCommand } from "./resume.js";
import { rollbackCommand } from "./rollback.js";
import { statusCommand } from "./status.js";
import { stopCommand } from "./stop.js";
import type { CommandDefinition } from "./types.js";

/** Every slash command the app answers to, in the order `/help` lists them. */
const commands: CommandDefinition[] = [stopCommand, resumeCommand, statusCommand, rollbackCommand, acceptCommand, rejectCommand, breakerCommand, budgetCommand];
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
