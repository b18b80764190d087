import { describe, expect, test } from "@jest/globals";
import { validateRepoConfig } from "../../src/config/validate.js";

describe("seeding config", () => {
  test("every key can be set", () => {
    const result = validateRepoConfig({
      seeding: {
        workflow: "weekly-seed.yaml",
        artifact: "summary",
        summary_file: "out.json",
        max_artifact_mb: 5,
        max_issues_per_run: 10,
        queue_file: "queue/q.json",
        audit_dir: "audit",
        failing_runs_to_escalate: 2,
        curated_invalid_limit: 0,
      },
    });
    expect(result.ok && result.config.seeding.max_issues_per_run).toBe(10);
  });

  test.each([
    [{ workflow: "../evil.yml" }, "seeding.workflow"],
    [{ artifact: "a/b" }, "seeding.artifact"],
    [{ summary_file: "../x.json" }, "seeding.summary_file"],
    [{ max_issues_per_run: 0 }, "seeding.max_issues_per_run"],
    [{ max_issues_per_run: 500 }, "seeding.max_issues_per_run"],
    [{ queue_file: "/etc/passwd" }, "seeding.queue_file"],
    [{ queue_file: "data/../../x" }, "seeding.queue_file"],
    [{ failing_runs_to_escalate: 1 }, "seeding.failing_runs_to_escalate"],
    [{ max_artifact_mb: 0 }, "seeding.max_artifact_mb"],
    [{ typo: 1 }, "seeding"],
  ])("refuses %j", (seeding, path) => {
    const result = validateRepoConfig({ seeding });
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.errors.join("\n")).toContain(path);
  });
});
