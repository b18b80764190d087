import { runReviewCommand } from "./review-decision-command.js";
import type { CommandDefinition } from "../commands/types.js";

export const rejectCommand: CommandDefinition = {
  name: "reject",
  help: [
    {
      syntax: "/reject",
      description:
        "On a `seeding:review` issue this app opened: leave the queue unchanged, label it `seeding:rejected` and close it as not planned. Same as closing it as not planned.",
      permission: "reject",
      examples: ["/reject"],
    },
  ],
  permissionKey: () => "reject",
  run: (_args, env) => runReviewCommand("reject", env),
};
