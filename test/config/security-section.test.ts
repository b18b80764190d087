import { expect, test } from "@jest/globals";
import { validateRepoConfig } from "../../src/config/validate.js";

test("the security section's defaults", () => {
  const result = validateRepoConfig(null);
  expect(result.ok && result.config.security).toEqual({
    drift_workflows: ["checksum-drift.yml", "checksum-drift.yaml"],
    drift_titles: ["Checksum drift detected"],
    drift_label: "security",
    recent_recipe_commits: 20,
    check_pushes: true,
  });
});

test("bad values are refused with their path, nothing falls back silently", () => {
  const result = validateRepoConfig({
    security: { drift_workflows: [".github/workflows/drift.yml"], drift_label: "a,b", recent_recipe_commits: 500, check_push: false },
  });
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.errors).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^security\.drift_workflows\.0 → must be a workflow file name/),
      expect.stringMatching(/^security\.drift_label → must be a label name without commas/),
      expect.stringMatching(/^security\.recent_recipe_commits → /),
      expect.stringMatching(/^security → Unrecognized key: "check_push"/),
    ]),
  );
});
