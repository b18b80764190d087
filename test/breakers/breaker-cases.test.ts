import { describe, expect, test } from "@jest/globals";
import { batchRunEdit } from "../../src/breakers/run-edit.js";
import { BREAKER_SUBJECT, halfOpenDueEdit } from "../../src/breakers/recovery-edit.js";
import { defaultRepoConfig } from "../../src/config/validate.js";
import { parseControlFile } from "../../src/control/codec.js";
import { commitMessage } from "../../src/control/commit-message.js";
import type { ControlFile } from "../../src/control/schema.js";
import { BREAKER_NOW, breakerCases, controlWith, HALF_OPEN_CASE } from "../shared/breaker-cases.js";

function parsed(text: string): ControlFile {
  const result = parseControlFile(text);
  if (!result.ok) throw new Error(result.errors.join("; "));
  return result.control;
}

describe("the app applies the shared breaker table as the CLI's `record` does", () => {
  test.each(breakerCases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const now = new Date(BREAKER_NOW);
    const { edit } = batchRunEdit(
      {
        run: {
          id: 42,
          attempt: 1,
          url: "https://github.com/o/r/actions/runs/42",
          conclusion: c.outcome,
          completedAt: BREAKER_NOW,
          workflowFile: "batch-operations.yml",
          fromFork: false,
        },
        jobs: [
          {
            id: 7,
            name: "process (homebrew)",
            conclusion: c.outcome,
            startedAt: "2026-11-27T09:50:00Z",
            completedAt: "2026-11-27T09:55:00Z",
            labels: ["ubuntu-latest"],
            url: "https://github.com/o/r/actions/runs/42/job/7",
          },
        ],
        allowOverdueWeek: true,
      },
      defaultRepoConfig(),
    );
    const outcome = edit(parsed(controlWith(c.before)), now);
    if (!outcome.changed) throw new Error(outcome.note);
    // Same breaker, key order included, and the same transition lines in the commit body.
    expect(JSON.stringify(outcome.next.circuit_breaker!["homebrew"])).toBe(JSON.stringify(c.after ?? c.before));
    expect(outcome.body.filter((line) => line.startsWith("breaker: "))).toEqual(c.lines);
    expect(outcome.subject).toBe(BREAKER_SUBJECT);
  });

  test("the schedule's half-open step writes what `breaker --apply --commit` writes", () => {
    const outcome = halfOpenDueEdit()(parsed(HALF_OPEN_CASE.before), new Date(BREAKER_NOW));
    if (!outcome.changed) throw new Error(outcome.note);
    expect(JSON.stringify(outcome.next, null, 2) + "\n").toBe(HALF_OPEN_CASE.after);
    expect(commitMessage(outcome, [])).toBe(HALF_OPEN_CASE.message.join("\n"));
  });
});
