import { afterAll, describe, expect, test } from "@jest/globals";
import { CASE_NOW, CLI_TRAILER, controlCases } from "../../shared/control-cases.js";
import { GATED_WORKFLOW } from "../../shared/workflows.js";
import { TempRepo } from "../../helpers/temp-repo.js";

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));

describe("the CLI on a real clone makes the app's change and commit message (shared table)", () => {
  test.each(controlCases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const path = c.path ?? "batch-control.json";
    const files: Record<string, string> = { "README.md": "pipeline\n" };
    if (c.initial !== null) files[path] = c.initial;
    if (c.config !== undefined) files[".github/batch-ops.yml"] = c.config;
    // A batch workflow gated by the pre-flight action: the stop takes effect, so no warning (tested in commands.test.ts).
    files[".github/workflows/batch-generate.yml"] = GATED_WORKFLOW;
    const repo = await TempRepo.create(files);
    repos.push(repo);
    const before = await repo.commitCount();

    const run = await repo.cli(c.cli, { BATCH_OPS_NOW: CASE_NOW });

    if (c.expected.kind === "committed") {
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(repo.read(path)).toBe(c.expected.text);
      expect(await repo.headMessage()).toBe([...c.expected.message, ...CLI_TRAILER].join("\n"));
      expect(await repo.commitCount()).toBe(before + 1);
      expect(await repo.changedInHead()).toEqual([path]);
      expect(await repo.status()).toBe("");
      expect(run.stdout).toContain(`commit ${(await repo.git(["rev-parse", "--short=7", "HEAD"])).trim()} (local only, not pushed)`);
      expect(run.stdout).toContain("Push it with: git push origin HEAD:main");
      // Never pushed: the remote still has the initial commit only.
      expect((await repo.git(["ls-remote", "origin", "refs/heads/main"])).split("\t")[0]).toBe((await repo.git(["rev-parse", "HEAD~1"])).trim());
    } else {
      expect(await repo.commitCount()).toBe(before);
      expect(await repo.status()).toBe("");
      if (c.initial !== null) expect(repo.read(path)).toBe(c.initial);
      if (c.expected.kind === "unchanged") {
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^Nothing to change: /);
      } else {
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(c.expected.says);
        expect(run.stderr).toContain("Nothing was changed");
      }
    }
  });
});
