import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { acceptSourceChange } from "../../src/seeding/queue-accept.js";
import { acceptCases, DECIDED_AT, QUEUE_PATH, REVIEW_ISSUE_URL, REVIEWER } from "../shared/accept-cases.js";
import { TempRepo } from "../helpers/temp-repo.js";

const QUEUE = "data/queues/priority-queue.json";
const real = readFileSync(new URL("../fixtures/priority-queue.tsuku.json", import.meta.url), "utf8");
const repos: TempRepo[] = [];
/** The CLI's clock, so its disambiguated_at is the one the app's test clock writes. */
const AT = { BATCH_OPS_NOW: DECIDED_AT };
const decidedAt = new Date(DECIDED_AT);
afterAll(() => repos.forEach((r) => r.remove()));

async function clone(): Promise<TempRepo> {
  const repo = await TempRepo.create({ [QUEUE]: real }, { remote: false });
  repos.push(repo);
  return repo;
}

/** The changed region of `after` against `before`: everything outside it is byte-identical. */
function changedRegion(before: string, after: string): { start: number; endBefore: number } {
  let start = 0;
  while (start < before.length && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < before.length - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { start, endBefore: before.length - tail };
}

describe("queue accept on the real 5,305-entry queue", () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await clone();
  });

  test("only the entry's lines change, exactly as the app's accept edit; the message says via: batch-ops cli", async () => {
    const run = await repo.cli(["queue", "accept", "node", "--new", "github:nodejs/node", "--by", "alice"], AT);
    expect(run.code).toBe(0);
    const after = repo.read(QUEUE);
    const app = acceptSourceChange(
      real,
      { package: "node", old: "homebrew:node", new: "github:nodejs/node" },
      { reviewedBy: "alice", issueUrl: "", decidedAt },
    );
    if (app.kind !== "applied") throw new Error(app.kind);
    expect(after).toBe(app.text);
    const region = changedRegion(real, after);
    const entryStart = real.indexOf('    {\n      "name": "node"');
    const entryEnd = real.indexOf("\n    }", entryStart) + 6;
    expect(region.start).toBeGreaterThanOrEqual(entryStart);
    expect(region.endBefore).toBeLessThanOrEqual(entryEnd);
    expect(await repo.git(["diff", "--numstat", "HEAD~1", "HEAD"])).toBe(`5\t5\t${QUEUE}\n`);
    expect(JSON.parse(after).entries[0]).toMatchObject({ confidence: "curated", disambiguated_at: DECIDED_AT });
    expect(await repo.headMessage()).toBe(
      [
        "chore(batch): accept source change for node",
        "",
        "old: homebrew:node",
        "new: github:nodejs/node",
        "reviewed_by: alice",
        "via: batch-ops cli",
      ].join("\n"),
    );
    expect(await repo.changedInHead()).toEqual([QUEUE]);
  });

  test("with --issue the commit message is the app's, byte for byte", async () => {
    const issue = "https://github.com/o/r/issues/77";
    const before = repo.read(QUEUE);
    const run = await repo.cli(
      ["queue", "accept", "bat", "--new", "crates.io:bat", "--old", "github:sharkdp/bat", "--issue", issue, "--by", "alice"],
      AT,
    );
    expect(run.code).toBe(0);
    const app = acceptSourceChange(
      before,
      { package: "bat", old: "github:sharkdp/bat", new: "crates.io:bat" },
      { reviewedBy: "alice", issueUrl: issue, decidedAt },
    );
    if (app.kind !== "applied") throw new Error(app.kind);
    expect(repo.read(QUEUE)).toBe(app.text);
    expect(await repo.headMessage()).toBe(app.message);
  });

  test("already accepted: nothing to change; a moved-on entry or a missing one is refused; nothing written", async () => {
    const count = await repo.commitCount();
    const text = repo.read(QUEUE);
    const again = await repo.cli(["queue", "accept", "node", "--new", "github:nodejs/node", "--by", "alice"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("Nothing to change: the entry for node already has the source github:nodejs/node.\n");
    const moved = await repo.cli(["queue", "accept", "node", "--old", "homebrew:node", "--new", "npm:node", "--by", "alice"]);
    expect(moved.code).toBe(1);
    expect(moved.stderr).toContain("the entry's source is now github:nodejs/node, not the proposed old source homebrew:node. Nothing was changed.");
    const gone = await repo.cli(["queue", "accept", "no-such-tool", "--new", "npm:x", "--by", "alice"]);
    expect(gone.code).toBe(1);
    // A typed name that is not there: not "any more" (that is the app's word for a proposed entry removed since).
    expect(gone.stderr).toContain(
      `${QUEUE} has no entry named no-such-tool (names are exact; check the spelling with batch-ops queue show). Nothing was changed.`,
    );
    expect(gone.stderr).not.toContain("any more");
    const typo = await repo.cli(["queue", "accept", "Node", "--new", "npm:x", "--by", "alice"]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("has no entry named Node (names are exact: did you mean node?)");
    expect(repo.read(QUEUE)).toBe(text);
    expect(await repo.commitCount()).toBe(count);
  });

  test("bad arguments exit 2; a dirty queue is refused", async () => {
    const badSource = await repo.cli(["queue", "accept", "bat", "--new", "not a source"]);
    expect(badSource.code).toBe(2);
    expect(badSource.stderr).toContain("must be a source such as homebrew:ripgrep");
    const badName = await repo.cli(["queue", "show", "../etc"]);
    expect(badName.code).toBe(2);
    expect((await repo.cli(["queue", "accept", "bat"])).stderr).toContain("accept needs --new <source>");
    expect((await repo.cli(["queue", "drop", "bat"])).code).toBe(2);
    writeFileSync(join(repo.dir, QUEUE), repo.read(QUEUE) + "\n");
    const dirty = await repo.cli(["queue", "accept", "bat", "--new", "npm:bat", "--by", "alice"]);
    expect(dirty.code).toBe(1);
    expect(dirty.stderr).toContain(`${QUEUE} has uncommitted changes`);
    await repo.git(["checkout", "--", QUEUE]);
  });

  test("show prints the entry (also at an older commit)", async () => {
    const now = JSON.parse((await repo.cli(["queue", "show", "node", "--json"])).stdout);
    expect(now).toMatchObject({ name: "node", source: "github:nodejs/node", status: "pending", failure_count: 0 });
    const first = (await repo.git(["rev-list", "--max-parents=0", "HEAD"])).trim();
    const old = JSON.parse((await repo.cli(["queue", "show", "node", "--ref", first])).stdout);
    expect(old).toEqual({
      name: "node",
      source: "homebrew:node",
      priority: 1,
      status: "blocked",
      confidence: "auto",
      disambiguated_at: "2026-02-17T00:10:01.867521792Z",
      failure_count: 4,
      next_retry_at: null,
    });
    const missing = await repo.cli(["queue", "show", "nothing-here"]);
    expect(missing.code).toBe(1);
  });
});

describe("queue accept: the shared accept table (the app suite closes a review issue for each case)", () => {
  test.each(acceptCases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const repo = await TempRepo.create({ [QUEUE_PATH]: c.queue }, { remote: false });
    repos.push(repo);
    const before = await repo.commitCount();
    const run = await repo.cli(["queue", "accept", c.package, "--old", c.old, "--new", c.new, "--issue", REVIEW_ISSUE_URL, "--by", REVIEWER], AT);
    if (c.expected.kind === "committed") {
      expect(run.code).toBe(0);
      expect(repo.read(QUEUE_PATH)).toBe(c.expected.text);
      expect(await repo.headMessage()).toBe(c.expected.message.join("\n"));
      expect(await repo.changedInHead()).toEqual([QUEUE_PATH]);
      expect(await repo.commitCount()).toBe(before + 1);
    } else {
      expect(run.code).toBe(c.expected.kind === "unchanged" ? 0 : 1);
      if (c.expected.kind === "unchanged") expect(run.stdout).toContain("Nothing to change");
      else {
        expect(run.stderr).toContain(c.expected.says);
        expect(run.stderr).toContain("Nothing was changed.");
      }
      expect(repo.read(QUEUE_PATH)).toBe(c.queue);
      expect(await repo.commitCount()).toBe(before);
    }
    expect(await repo.status()).toBe("");
  });

  test("an invalid queue file is refused (exit 1): nothing written, nothing committed", async () => {
    const broken = real.slice(0, 4096);
    const repo = await TempRepo.create({ [QUEUE_PATH]: broken }, { remote: false });
    repos.push(repo);
    const run = await repo.cli(["queue", "accept", "node", "--new", "github:nodejs/node", "--by", REVIEWER]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${QUEUE_PATH} is not valid JSON`);
    expect(run.stderr).toContain("run batch-ops validate");
    expect(repo.read(QUEUE_PATH)).toBe(broken);
    expect(await repo.commitCount()).toBe(1);
    expect(await repo.status()).toBe("");
  });
});
