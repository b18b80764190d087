import { runReviewCommand } from "./review-decision-command.js";
import type { CommandDefinition } from "../commands/types.js";

export const acceptCommand: CommandDefinition = {
  name: "accept",
  help: [
    {
      syntax: "/accept",
      description:
        "On a `seeding:review` issue this app opened: apply its source change to the priority queue (source, failure state reset) in one commit, then close the issue as completed. Same as closing it as completed.",
      permission: "accept",
      examples: ["/accept"],
    },
  ],
  permissionKey: () => "accept",
  run: (_args, env) => runReviewCommand("accept", env),
};
