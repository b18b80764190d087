import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { TempRepo } from "../helpers/temp-repo.js";
import { buildTsukuHistory, INITIAL_FILES } from "../helpers/tsuku-history.js";

/**
 * `batch-ops rollback <id> --dry-run --json` over every batch id of the real tsuku history
 * (test/fixtures/tsuku-batch-commits.txt, rebuilt by `buildTsukuHistory` with its pull-request refs,
 * fix-ups and squash merges), compared with a table written by reading that history by hand.
 */

interface Row {
  exit: number;
  deletes: string[];
  changedSince?: string[];
  notMerged?: string[];
  /** Never merged by this batch, yet on main: the command must not exit 0 over these. */
  notMergedOnBase?: string[];
  nothingToDo?: string[];
  /**
   * Per batch commit (short sha; the synthetic 2026-02-01-homebrew ones by pull request): the subject of
   * the main commit it landed as, or null (never merged).
   */
  landings: Record<string, string | null>;
}

const SQUASH = "feat(recipes): add batch recipes";
const r = (letter: string, ...names: string[]) => names.map((n) => `recipes/${letter}/${n}.toml`);

const EXPECTED: Record<string, Row> = {
  "2026-02-01-homebrew": {
    exit: 1,
    deletes: r("j", "jq"),
    nothingToDo: r("g", "gh"),
    notMergedOnBase: r("k", "k9s"),
    landings: { "#1389": "feat(recipes): add batch 2026-02-01-homebrew recipes (#1389)", "#1391": null },
  },
  "2026-02-02-homebrew": {
    exit: 0,
    deletes: r("x", "xz"),
    landings: { "5059fec": "Merge pull request #1398 from tsukumogami/batch/20260202-014400" },
  },
  // The fix-up on nasm came in with the merge: what the merge left is what is undone.
  "2026-02-06-homebrew": {
    exit: 0,
    deletes: [...r("n", "nasm"), ...r("t", "tree-sitter-cli")],
    landings: { a4d7176: "Merge pull request #1516 from tsukumogami/batch/20260206-204512" },
  },
  "2026-02-20": {
    exit: 0,
    deletes: [
      ...r("o", "oxlint"),
      ...r("p", "prettier", "pyright"),
      ...r("r", "react-native-cli", "release-it", "rollup", "rulesync"),
      ...r("t", "typescript-language-server"),
      ...r("v", "vsce"),
      ...r("y", "yaml-language-server", "yarn", "yo"),
      ...r("z", "zx"),
    ],
    landings: { "95aa68e": `${SQUASH} (4 recipes)`, "00167ca": `${SQUASH} (3 recipes)`, bd7beea: `${SQUASH} (6 recipes)` },
  },
  "2026-02-21": {
    exit: 0,
    deletes: r("a", "alass", "angle-grinder", "ansifilter", "anycable-go", "anyquery", "apr-util"),
    landings: { "1d97940": `${SQUASH} (5 recipes)`, "5c15592": `${SQUASH} (1 recipes)` },
  },
  "2026-02-22": { exit: 0, deletes: r("l", "libgit2"), landings: { "92edaeb": `${SQUASH} (1 recipes)` } },
  "2026-02-23": { exit: 0, deletes: r("b", "bdw-gc"), landings: { "2043245": `${SQUASH} (1 recipes)` } },
  "2026-03-02": {
    exit: 0,
    deletes: [...r("e", "eza"), ...r("g", "gitui"), ...r("s", "shellcheck"), ...r("w", "wget")],
    landings: { "1898834": `${SQUASH} (1 recipes)`, "16b3801": `${SQUASH} (2 recipes)`, "0948b3d": `${SQUASH} (1 recipes)` },
  },
  "2026-03-03": {
    exit: 0,
    deletes: [
      ...r("a", "aftman", "agg", "aha", "aichat", "asciidoctor"),
      ...r("c", "c-blosc2", "chamber"),
      ...r("h", "hdrhistogram_c", "hexyl"),
      ...r("l", "libgcrypt", "libksba", "libmpc", "llhttp", "luv"),
      ...r("n", "npth"),
      ...r("o", "ollama"),
      ...r("p", "pugixml"),
      ...r("u", "uvwasi"),
      ...r("z", "zeromq"),
    ],
    changedSince: r("r", "ripgrep"),
    notMerged: r("c", "conduit"),
    nothingToDo: r("l", "libtool"),
    landings: {
      c8377ff: null,
      "34c9102": `${SQUASH} (1 recipes)`,
      "3884dcd": `${SQUASH} (1 recipes)`,
      "8e71253": `${SQUASH} (2 recipes)`,
      "0da1170": `${SQUASH} (1 recipes)`,
      "1538167": `${SQUASH} (6 recipes)`,
      e1b3ff1: `${SQUASH} (9 recipes)`,
      "5fbe574": `${SQUASH} (1 recipes)`,
    },
  },
  "2026-03-11": {
    exit: 0,
    deletes: [...r("f", "fastlane"), ...r("g", "global")],
    landings: { "80e1771": `${SQUASH} (1 recipes)`, "81676f5": `${SQUASH} (1 recipes)` },
  },
  "2026-03-12": {
    exit: 0,
    deletes: [...r("j", "jsonlint"), ...r("l", "lxc")],
    landings: { eccb52c: `${SQUASH} (1 recipes)`, f9a1cc7: `${SQUASH} (1 recipes)` },
  },
  "2026-03-27": { exit: 0, deletes: r("f", "fastmcp"), landings: { "0c985b1": `${SQUASH} (1 recipes) (#2174)` } },
  // Issue 14: pwned was "never merged" because a fix-up changed its blob before the squash (#2251).
  "2026-04-09": {
    exit: 0,
    deletes: [...r("o", "overmind"), ...r("p", "pandocomatic", "passenger", "pwned")],
    landings: { "0708614": `${SQUASH} (1 recipes) (#2251)`, b8fd2ba: `${SQUASH} (2 recipes)`, "992f4b7": `${SQUASH} (1 recipes)` },
  },
  // Issue 14: solargraph likewise (#2382).
  "2026-05-07": { exit: 0, deletes: r("s", "solargraph"), landings: { "927ebbf": `${SQUASH} (1 recipes) (#2382)` } },
  "2026-06-26": { exit: 0, deletes: [], notMerged: r("t", "task"), landings: { "0ff098c": null } },
  "2026-08-17": { exit: 0, deletes: [], notMerged: r("t", "task"), landings: { "8e4cb3c": null, f4e6514: null } },
};

let upstream: TempRepo;
let subjects: Map<string, string>;
let names: Map<string, string>;

async function row(repo: TempRepo, id: string): Promise<Row> {
  const run = await repo.cli(["rollback", id, "--dry-run", "--json"]);
  if (run.stdout.trim() === "") throw new Error(`no output for ${id}: ${run.stderr}`);
  const out = JSON.parse(run.stdout);
  const landings: Record<string, string | null> = {};
  for (const s of out.sources) {
    const key = names.get(s.commit) ?? `unknown ${s.commit}`;
    landings[key] = s.landing ? (subjects.get(s.landing) ?? `unknown ${s.landing}`) : null;
  }
  const paths = (list: { path: string }[]) => list.map((p) => p.path);
  return {
    exit: run.code,
    deletes: out.deletes,
    ...(out.changed_since.length ? { changedSince: paths(out.changed_since) } : {}),
    ...(out.not_merged.length ? { notMerged: out.not_merged } : {}),
    ...(out.not_merged_on_base.length ? { notMergedOnBase: paths(out.not_merged_on_base) } : {}),
    ...(out.nothing_to_do.length ? { nothingToDo: paths(out.nothing_to_do) } : {}),
    landings,
  };
}

/** A fresh `git clone` of the upstream's origin (main and the kept batch/* branches; no refs/pull). */
async function cloneOf(repo: TempRepo): Promise<TempRepo> {
  const clone = await TempRepo.create({}, { init: false });
  await clone.git(["clone", "--quiet", join(repo.dir, "..", "origin.git"), "."]);
  await clone.git(["config", "user.name", "Test Operator"]);
  await clone.git(["config", "user.email", "operator@example.com"]);
  return clone;
}

beforeAll(async () => {
  upstream = await TempRepo.create(INITIAL_FILES);
  names = await buildTsukuHistory(upstream);
  const log = await upstream.git(["log", "--all", "--format=%H%x1f%s"]);
  subjects = new Map(
    log
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("\x1f") as [string, string]),
  );
}, 120_000);
afterAll(() => upstream?.remove());

describe("every batch id of the real history, with refs/pull/N/head (a mirror clone)", () => {
  test.each(Object.keys(EXPECTED))(
    "%s",
    async (id) => {
      expect(await row(upstream, id)).toEqual(EXPECTED[id]);
    },
    60_000,
  );
});

describe("a fresh clone with the README's fetch of pull-request refs", () => {
  let clone: TempRepo;
  beforeAll(async () => {
    clone = await cloneOf(upstream);
    await clone.git(["fetch", "--quiet", "origin", "+refs/pull/*/head:refs/remotes/origin/pr/*"]);
  }, 60_000);
  afterAll(() => clone?.remove());

  test.each(["2026-05-07", "2026-04-09", "2026-02-01-homebrew", "2026-02-06-homebrew"])(
    "%s gives the same plan",
    async (id) => {
      expect(await row(clone, id)).toEqual(EXPECTED[id]);
    },
    60_000,
  );

  test("the plan names how each commit landed, and the squash's pull request", async () => {
    const run = await clone.cli(["rollback", "2026-05-07", "--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Would delete (added by the batch) (1):\n  recipes/s/solargraph.toml");
    expect(run.stdout).toMatch(/[0-9a-f]{7} feat\(recipes\): add batch 2026-05-07 recipes \(squash-merged as [0-9a-f]{7} \(#2382\)\)/);
    expect(run.stdout).not.toContain("never merged");
  }, 60_000);
});

describe("without pull-request refs, a fixed-up squash cannot be tied to its batch: never a silent 'never merged'", () => {
  let clone: TempRepo;
  beforeAll(async () => {
    clone = await cloneOf(upstream);
  }, 60_000);
  afterAll(() => clone?.remove());

  test("2026-05-07: the batch commit is in no ref without them; the answer gives the fetch command", async () => {
    const run = await clone.cli(["rollback", "2026-05-07", "--dry-run"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("No recipes found for batch 2026-05-07");
    expect(run.stderr).toContain("git fetch origin '+refs/pull/*/head:refs/remotes/origin/pr/*'");
  }, 60_000);

  test("a batch branch whose fix-up changed the recipe: on main yet not matched → exit 1, listed with why, nothing created", async () => {
    // The real 2026-05-07 before its branch was deleted: fetch only the branch, as batch/* branches are.
    const pr = (await upstream.git(["rev-parse", "refs/pull/2382/head"])).trim();
    const batchCommit = (await upstream.git(["rev-parse", `${pr}~1`])).trim();
    await clone.git(["fetch", "--quiet", "origin", `+${batchCommit}:refs/remotes/origin/batch/20260507-140853`]);
    for (const args of [["--dry-run"], []]) {
      const run = await clone.cli(["rollback", "2026-05-07", ...args]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("Not merged by this batch, yet on the base branch: left as is, check by hand (1):\n  recipes/s/solargraph.toml");
      expect(run.stderr).toContain("This clone has no pull-request refs");
      expect(run.stderr).toContain("git fetch origin '+refs/pull/*/head:refs/remotes/origin/pr/*'");
      expect(run.stderr).toContain("--ignore-unmerged-on-base");
    }
    expect(await clone.git(["branch", "--list", "rollback-batch-2026-05-07"])).toBe("");
    const forced = await clone.cli(["rollback", "2026-05-07", "--ignore-unmerged-on-base"]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("Nothing to roll back for batch 2026-05-07");
  }, 60_000);
});

test("the history is really shaped as the issue says (guards the fixture builder)", () => {
  const git = (args: string[]) => execFileSync("git", args, { cwd: upstream.dir, encoding: "utf8" });
  const pr = git(["rev-parse", "refs/pull/2382/head"]).trim();
  // The fix-up changed the blob: the squash on main has the head's blob, not the batch commit's.
  expect(git(["rev-parse", `${pr}:recipes/s/solargraph.toml`])).not.toBe(git(["rev-parse", `${pr}~1:recipes/s/solargraph.toml`]));
  expect(git(["rev-parse", "main:recipes/s/solargraph.toml"])).toBe(git(["rev-parse", `${pr}:recipes/s/solargraph.toml`]));
  // gh was on main before #1389 landed: #1389's squash does not touch it.
  const squash1389 = git(["log", "--format=%H", "--grep=(#1389)", "main"]).trim();
  expect(git(["show", "--name-only", "--format=", squash1389]).trim().split("\n")).toEqual(["data/failures/homebrew.jsonl", "recipes/j/jq.toml"]);
});
