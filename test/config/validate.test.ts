import { describe, expect, test } from "@jest/globals";
import { defaultRepoConfig, validateRepoConfig } from "../../src/config/validate.js";

describe("repository config", () => {
  test("no file means every default", () => {
    const config = defaultRepoConfig();
    expect(config.control_file).toBe("batch-control.json");
    expect(config.ecosystems).toContain("crates.io");
    expect(config.ecosystem_aliases).toEqual({ cargo: "crates.io" });
    expect(config.permissions).toMatchObject({ status: "read", help: "read", stop: "write", resume: "write" });
    expect(config.stop_workflows).toEqual([]);
    expect(validateRepoConfig(null)).toEqual({ ok: true, config });
  });
  test("permissions merge over the defaults", () => {
    const result = validateRepoConfig({ permissions: { stop: "maintain" } });
    expect(result.ok && result.config.permissions).toMatchObject({ stop: "maintain", resume: "write", status: "read" });
  });
  test("errors are path → message, and unknown keys are refused", () => {
    const result = validateRepoConfig({
      control_file: "../etc/passwd",
      permissions: { stop: "owner" },
      stop_workflow: ["x.yml"],
      stop_workflows: ["not a file"],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        "control_file → must be a path inside the repository",
        expect.stringMatching(/^permissions\.stop → /),
        expect.stringMatching(/^stop_workflows\.0 → must be a workflow file name/),
        expect.stringMatching(/^\(root\) → .*stop_workflow/),
      ]),
    );
  });
  test("a config that is not a mapping is refused", () => {
    expect(validateRepoConfig("just a string").ok).toBe(false);
  });
});

describe("cross-section rules", () => {
  test("a workflow cannot be both a batch workflow and the seeding workflow", () => {
    const result = validateRepoConfig({ batch_workflows: ["seed-queue.yml"] });
    expect(result).toEqual({
      ok: false,
      errors: ["seeding.workflow → seed-queue.yml is also in batch_workflows; a workflow's runs are either batch runs or seeding runs"],
    });
  });
});

describe("max_commands_per_comment", () => {
  test("defaults to 10; a whole number from 1 to 50", () => {
    expect(validateRepoConfig({})).toMatchObject({ ok: true, config: { max_commands_per_comment: 10 } });
    expect(validateRepoConfig({ max_commands_per_comment: 50 })).toMatchObject({ ok: true, config: { max_commands_per_comment: 50 } });
    for (const bad of [0, 51, 2.5, "ten"]) {
      const result = validateRepoConfig({ max_commands_per_comment: bad });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors[0]).toMatch(/^max_commands_per_comment → /);
    }
  });
});
