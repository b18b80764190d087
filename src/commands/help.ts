import type { RepoConfig } from "../config/schema.js";
import type { CommandDefinition, HelpEntry } from "./types.js";
import { neutralise } from "../util/sanitize.js";

export function requiredLevel(config: RepoConfig, key: string): string {
  // Keys are the commands' permission keys; an unknown one needs write, like every command by default.
  const levels: Record<string, string | undefined> = config.permissions;
  return levels[key] ?? "write";
}

/** `/help`: every command, its syntax, what it does and the permission it needs in this repository. */
export function renderHelp(commands: readonly CommandDefinition[], config: RepoConfig): string {
  const entries: HelpEntry[] = commands.flatMap((c) => c.help);
  const lines = ["**batch-ops commands** (one per line, outside code blocks and quotes)", "", "| Command | What it does | Needs |", "|---|---|---|"];
  for (const entry of entries) {
    lines.push(
      `| \`${entry.syntax.replace(/\|/g, "\\|")}\` | ${entry.description.replace(/\|/g, "\\|")} | ${requiredLevel(config, entry.permission)} |`,
    );
  }
  const examples = entries.flatMap((e) => e.examples ?? []);
  if (examples.length > 0) lines.push("", "Examples:", "```", ...examples, "```");
  // Names come from the repository's config: untrusted text in a reply.
  lines.push(
    "",
    "Ecosystem names: " +
      neutralise(config.ecosystems.join(", ")) +
      " (case-insensitive; aliases: " +
      (neutralise(
        Object.entries(config.ecosystem_aliases)
          .map(([a, n]) => `${a} → ${n}`)
          .join(", "),
      ) || "none") +
      ").",
  );
  return lines.join("\n");
}

export function helpCommand(all: () => readonly CommandDefinition[]): CommandDefinition {
  return {
    name: "help",
    help: [{ syntax: "/help", description: "This list: every command, its syntax and the role it needs in this repository.", permission: "help" }],
    permissionKey: () => "help",
    async run(_args, env) {
      return { status: "info", text: renderHelp(all(), env.config) };
    },
  };
}
