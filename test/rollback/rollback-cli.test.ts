import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { CLI_TRAILER } from "../shared/control-cases.js";
import { TempRepo } from "../helpers/temp-repo.js";

const ID = "2026-01-28-001";
const trailer = (id: string) =>
  `feat(recipes): add batch ${id.slice(0, 10)} recipes\n\nBatch generation of 2 packages.\n\nbatch_id: ${id}\nbatch_size: 2`;
const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));

/**
 * A pipeline history with every case the plan distinguishes: a batch commit on main (adds, modifies, a
 * failure record), a batch branch squash-merged (its commit is not on main), a batch branch never merged,
 * a recipe changed again after the batch, a prefix-alike id, and an earlier rollback carrying the trailer.
 */
async function pipeline(config?: string): Promise<TempRepo> {
  const repo = await TempRepo.create({
    "README.md": "pipeline\n",
    "recipes/a/existing.toml": "existing v1\n",
    "batch-control.json": "{}\n",
    ...(config ? { ".github/batch-ops.yml": config } : {}),
  });
  repos.push(repo);
  await repo.commit(trailer(ID), {
    "recipes/h/cmake.toml": "cmake v1\n",
    "recipes/h/later.toml": "later v1\n",
    "recipes/a/existing.toml": "existing v2\n",
    "data/failures/homebrew-2026-01-28.jsonl": "{}\n",
  });
  await repo.git(["checkout", "--quiet", "-b", "batch/20260128-2"]);
  await repo.commit(trailer(ID), { "recipes/h/ninja.toml": "ninja v1\n" });
  await repo.git(["checkout", "--quiet", "-b", "batch/20260128-3", "main"]);
  await repo.commit(trailer(ID), { "recipes/h/never.toml": "never\n" });
  await repo.git(["checkout", "--quiet", "-b", "batch/other", "main"]);
  await repo.commit(trailer(`${ID}0`), { "recipes/h/other.toml": "other\n" });
  await repo.git(["checkout", "--quiet", "main"]);
  // The squash merge of batch/20260128-2: same blob, no trailer.
  await repo.commit("feat(recipes): add batch recipes (1 recipes)", { "recipes/h/ninja.toml": "ninja v1\n" });
  await repo.commit("fix later recipe", { "recipes/h/later.toml": "later v2\n" });
  await repo.commit(`chore: rollback batch ${ID}\n\nbatch_id: ${ID}\nrollback_reason: old attempt`, { "notes.txt": "x\n" });
  await repo.git(["push", "--quiet", "origin", "main"]);
  return repo;
}

describe("rollback from local history", () => {
  let repo: TempRepo;
  let head: string;
  beforeAll(async () => {
    repo = await pipeline();
    head = (await repo.git(["rev-parse", "HEAD"])).trim();
  });

  test("--dry-run prints the plan and creates nothing", async () => {
    const run = await repo.cli(["rollback", ID, "--dry-run", "--json"]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({
      batch_id: ID,
      base: "origin/main",
      branch: `rollback-batch-${ID}`,
      created: false,
      deletes: ["recipes/h/cmake.toml", "recipes/h/ninja.toml"],
      restores: ["recipes/a/existing.toml"],
      changed_since: [{ path: "recipes/h/later.toml", why: "changed on the default branch after the batch" }],
      not_merged: ["recipes/h/never.toml"],
    });
    expect(out.sources).toHaveLength(3);
    expect(await repo.git(["branch", "--list", `rollback-batch-${ID}`])).toBe("");
  });

  test("one commit on rollback-batch-<id>; working tree, index and HEAD untouched; commands printed", async () => {
    const run = await repo.cli(["rollback", ID, "--reason", "broken checksums", "--by", "alice"]);
    expect(run.code).toBe(0);
    const branch = `rollback-batch-${ID}`;
    expect(run.stdout).toContain(`Rollback branch created: ${branch} (one commit`);
    expect(run.stdout).toContain(`Review changes with: git diff origin/main...${branch}`);
    expect(run.stdout).toContain(`Push with: git push origin ${branch}`);
    expect(run.stdout).toContain(
      `Create PR with: gh pr create --base main --head ${branch} --title 'Rollback batch ${ID}' --body 'Rollback of batch ${ID} due to broken checksums' --label batch-ops:rollback\n`,
    );
    expect((await repo.git(["rev-parse", "HEAD"])).trim()).toBe(head);
    expect(await repo.status()).toBe("");

    expect((await repo.git(["rev-list", "--count", `main..${branch}`])).trim()).toBe("1");
    expect((await repo.git(["rev-parse", `${branch}~1`])).trim()).toBe(head);
    const message = (await repo.git(["cat-file", "commit", branch])).split("\n\n").slice(1).join("\n\n");
    expect(message).toBe([`chore: rollback batch ${ID}`, "", `batch_id: ${ID}`, "rollback_reason: broken checksums", ...CLI_TRAILER].join("\n"));
    const diff = await repo.git(["diff", "--name-status", `main...${branch}`]);
    expect(diff).toBe("M\trecipes/a/existing.toml\nD\trecipes/h/cmake.toml\nD\trecipes/h/ninja.toml\n");
    expect(await repo.git(["show", `${branch}:recipes/a/existing.toml`])).toBe("existing v1\n");
    // Failure records stay; the later-changed recipe is left for a person.
    expect(await repo.git(["show", `${branch}:data/failures/homebrew-2026-01-28.jsonl`])).toBe("{}\n");
    expect(await repo.git(["show", `${branch}:recipes/h/later.toml`])).toBe("later v2\n");

    const again = await repo.cli(["rollback", ID]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Branch ${branch} already holds a rollback of batch ${ID}`);
    expect((await repo.git(["rev-list", "--count", `main..${branch}`])).trim()).toBe("1");
  });

  test("refusals: a bad id is not searched; an unknown batch finds nothing; a foreign branch is not overwritten", async () => {
    const bad = await repo.cli(["rollback", "2026-01-28;rm"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("is not a batch id");
    expect(bad.stderr).toContain("Nothing was searched");
    const none = await repo.cli(["rollback", "2025-12-31"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("No recipes found for batch 2025-12-31. Nothing was created.");
    expect(none.stderr).toContain('git log --all for "batch_id: 2025-12-31": 0 loose matches, 0 with that exact line');
    await repo.git(["branch", "rollback-batch-2026-01-28-0010", "main"]);
    const foreign = await repo.cli(["rollback", `${ID}0`]);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain("exists and its last commit is not a rollback of this batch");
  });
});

test("more than 10 recipes: the runbook's second review in the printed pull-request command", async () => {
  const repo = await TempRepo.create({ "README.md": "x\n", ".github/batch-ops.yml": "rollback:\n  second_reviewers: [bob, '@org/ops']\n" });
  repos.push(repo);
  const files = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`recipes/r/p${i}.toml`, `p${i}\n`]));
  await repo.commit(trailer("2026-02-01"), files);
  await repo.git(["push", "--quiet", "origin", "main"]);
  const run = await repo.cli(["rollback", "2026-02-01", "--by", "alice", "--reason", "it's broken"]);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("More than 10 recipes: the runbook requires a second operator to review before merge (@bob, @org/ops).");
  expect(run.stdout).toContain(
    `--body 'Rollback of batch 2026-02-01 due to it'\\''s broken' --label batch-ops:rollback --label needs-second-review --reviewer bob --reviewer org/ops`,
  );
  expect((await repo.git(["diff", "--name-only", "main...rollback-batch-2026-02-01"])).trim().split("\n")).toHaveLength(11);
});
