import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { acceptSourceChange, acceptedEntry } from "../../src/seeding/queue-accept.js";
import { goTimestamp } from "../../src/util/time.js";

const realQueue = readFileSync(new URL("../fixtures/priority-queue.tsuku.json", import.meta.url), "utf8");
/** 120 ms past the second: Go writes it `.12`, as the real queue writes its nanoseconds without trailing zeros. */
const DECIDED = new Date("2026-11-27T10:00:00.120Z");
const meta = { reviewedBy: "alice", issueUrl: "https://github.com/o/r/issues/7", decidedAt: DECIDED };
/** A person's decision, as the pipeline's queue entry marks one (issue 14). */
const decided = { confidence: "curated", disambiguated_at: "2026-11-27T10:00:00.12Z" };

/** Lines that differ, by index, when both texts have the same number of lines. */
function changedLines(before: string, after: string): number[] {
  const a = before.split("\n");
  const b = after.split("\n");
  expect(b.length).toBe(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [i]));
}

/** The [first, last] line of an entry in the canonical queue text. */
function entryLines(text: string, name: string): [number, number] {
  const lines = text.split("\n");
  const nameLine = lines.indexOf(`      "name": ${JSON.stringify(name)},`);
  expect(nameLine).toBeGreaterThan(0);
  let end = nameLine;
  while (!/^ {4}\},?$/.test(lines[end]!)) end++;
  return [nameLine - 1, end];
}

describe("acceptSourceChange on the real 5,305-entry queue", () => {
  test("the fixture is the real queue and round-trips byte-exactly", () => {
    const doc = JSON.parse(realQueue);
    expect(doc.entries).toHaveLength(5305);
    expect(JSON.stringify(doc, null, 2) + "\n").toBe(realQueue);
  });

  test("accepting `node` (blocked, failure_count 4) changes only that entry's lines", () => {
    const outcome = acceptSourceChange(realQueue, { package: "node", old: "homebrew:node", new: "github:nodejs/node" }, meta);
    if (outcome.kind !== "applied") throw new Error(outcome.kind);
    const [first, last] = entryLines(realQueue, "node");
    const changed = changedLines(realQueue, outcome.text);
    expect(changed.length).toBeGreaterThan(0);
    for (const line of changed) expect(line >= first && line <= last).toBe(true);
    // Exactly the fields the accept path sets, nothing else, and the whole file still canonical.
    const after = outcome.text.split("\n");
    expect(changed.map((i) => after[i])).toEqual([
      '      "source": "github:nodejs/node",',
      '      "status": "pending",',
      '      "confidence": "curated",',
      '      "disambiguated_at": "2026-11-27T10:00:00.12Z",',
      '      "failure_count": 0,',
    ]);
    const expected = JSON.parse(realQueue);
    expected.entries[0] = {
      ...expected.entries[0],
      source: "github:nodejs/node",
      status: "pending",
      ...decided,
      failure_count: 0,
      next_retry_at: null,
    };
    expect(outcome.text).toBe(JSON.stringify(expected, null, 2) + "\n");
    expect(outcome.before["source"]).toBe("homebrew:node");
    expect(outcome.message).toBe(
      "chore(batch): accept source change for node\n\nold: homebrew:node\nnew: github:nodejs/node\nreviewed_by: alice\nissue: https://github.com/o/r/issues/7",
    );
  });

  test("`minio` deep in the file (success, with a next_retry_at) is edited in place: status kept", () => {
    const outcome = acceptSourceChange(realQueue, { package: "minio", old: "npm:minio", new: "github:minio/minio" }, meta);
    if (outcome.kind !== "applied") throw new Error(outcome.kind);
    const [first, last] = entryLines(realQueue, "minio");
    const changed = changedLines(realQueue, outcome.text);
    for (const line of changed) expect(line >= first && line <= last).toBe(true);
    const after = outcome.text.split("\n");
    expect(changed.map((i) => after[i])).toEqual([
      '      "source": "github:minio/minio",',
      '      "confidence": "curated",',
      '      "disambiguated_at": "2026-11-27T10:00:00.12Z",',
      '      "failure_count": 0,',
      '      "next_retry_at": null',
    ]);
    expect(JSON.parse(outcome.text).entries[3015]).toMatchObject({ name: "minio", status: "success" });
  });

  test("the last entry (no trailing comma) is edited in place", () => {
    const outcome = acceptSourceChange(realQueue, { package: "zx", old: "npm:zx", new: "github:google/zx" }, meta);
    if (outcome.kind !== "applied") throw new Error(outcome.kind);
    expect(changedLines(realQueue, outcome.text).map((i) => outcome.text.split("\n")[i])).toEqual([
      '      "source": "github:google/zx",',
      '      "confidence": "curated",',
      '      "disambiguated_at": "2026-11-27T10:00:00.12Z",',
    ]);
    expect(outcome.text.endsWith("    }\n  ]\n}\n")).toBe(true);
  });

  test("a name with @ and a tap path is matched exactly", () => {
    const outcome = acceptSourceChange(realQueue, { package: "python@3.14", old: "homebrew:python@3.14", new: "github:python/cpython" }, meta);
    expect(outcome.kind).toBe("applied");
  });
});

describe("acceptedEntry: the runbook plus the pipeline's accept path", () => {
  test.each([
    ["failed", "pending"],
    ["blocked", "pending"],
    ["requires_manual", "pending"],
    ["pending", "pending"],
    ["success", "success"],
    ["excluded", "excluded"],
  ])("status %s becomes %s", (status, expected) => {
    const next = acceptedEntry(
      { name: "x", source: "homebrew:x", status, failure_count: 3, next_retry_at: "2026-02-24T06:13:30Z" },
      "npm:x",
      DECIDED,
    );
    expect(next).toEqual({ name: "x", source: "npm:x", status: expected, ...decided, failure_count: 0, next_retry_at: null });
  });

  test("keeps key order and unknown keys; appends missing keys in the pipeline's order", () => {
    const next = acceptedEntry({ name: "x", extra: 1, source: "homebrew:x" }, "npm:x", DECIDED);
    expect(Object.keys(next)).toEqual(["name", "extra", "source", "confidence", "disambiguated_at", "failure_count", "next_retry_at"]);
  });

  test("a curated entry (the real bat: disambiguated_at null) stays curated, with the time of this decision", () => {
    const bat = JSON.parse(realQueue).entries.find((e: { name: string }) => e.name === "bat");
    expect(bat).toMatchObject({ confidence: "curated", disambiguated_at: null });
    expect(acceptedEntry(bat, "crates.io:bat", DECIDED)).toMatchObject({ source: "crates.io:bat", ...decided });
  });
});

describe("goTimestamp: times as Go's encoding/json writes them (the real queue's format)", () => {
  test.each([
    ["2026-11-27T10:00:00.000Z", "2026-11-27T10:00:00Z"],
    ["2026-11-27T10:00:00.120Z", "2026-11-27T10:00:00.12Z"],
    ["2026-11-27T10:00:00.007Z", "2026-11-27T10:00:00.007Z"],
    ["2026-02-17T00:10:01.867Z", "2026-02-17T00:10:01.867Z"],
  ])("%s → %s", (iso, go) => {
    expect(goTimestamp(new Date(iso))).toBe(go);
  });

  test("the real queue's times all have that shape", () => {
    const times = JSON.parse(realQueue)
      .entries.flatMap((e: Record<string, unknown>) => [e["disambiguated_at"], e["next_retry_at"]])
      .filter((t: unknown): t is string => typeof t === "string");
    expect(times.length).toBeGreaterThan(4000);
    for (const t of times) expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d*[1-9])?Z$/);
  });
});

describe("acceptSourceChange refuses what it cannot apply", () => {
  const small =
    JSON.stringify(
      { schema_version: 1, entries: [{ name: "fd", source: "homebrew:fd", status: "failed", failure_count: 2, next_retry_at: null }] },
      null,
      2,
    ) + "\n";
  const change = { package: "fd", old: "homebrew:fd", new: "crates.io:fd-find" };

  test("the entry's source moved on: conflict, nothing written", () => {
    const moved = small.replace('"homebrew:fd"', '"github:sharkdp/fd"');
    expect(acceptSourceChange(moved, change, meta)).toEqual({
      kind: "conflict",
      note: "the entry's source is now `github:sharkdp/fd`, not the proposed old source `homebrew:fd`",
    });
  });

  test("the entry is gone: conflict", () => {
    expect(acceptSourceChange(small, { ...change, package: "bat" }, meta)).toMatchObject({
      kind: "conflict",
      note: expect.stringContaining("no entry named `bat`"),
    });
  });

  test("the file is gone: conflict", () => {
    expect(acceptSourceChange(null, change, meta).kind).toBe("conflict");
  });

  test("already applied (reopened and closed again): nothing to write", () => {
    const once = acceptSourceChange(small, change, meta);
    if (once.kind !== "applied") throw new Error(once.kind);
    expect(acceptSourceChange(once.text, change, meta)).toMatchObject({ kind: "already" });
  });

  test("already on the new source but not a person's decision (auto-accepted): made curated, so seeding leaves it", () => {
    const auto = small.replace('"homebrew:fd"', '"crates.io:fd-find"');
    const outcome = acceptSourceChange(auto, change, meta);
    if (outcome.kind !== "applied") throw new Error(outcome.kind);
    expect(JSON.parse(outcome.text).entries[0]).toEqual({
      name: "fd",
      source: "crates.io:fd-find",
      status: "pending",
      failure_count: 0,
      next_retry_at: null,
      ...decided,
    });
    expect(acceptSourceChange(outcome.text, change, meta)).toMatchObject({ kind: "already" });
  });

  test("two entries with the name: conflict, fixed by hand", () => {
    const doc = JSON.parse(small);
    doc.entries.push({ ...doc.entries[0] });
    expect(acceptSourceChange(JSON.stringify(doc, null, 2), change, meta)).toMatchObject({
      kind: "conflict",
      note: expect.stringContaining("2 entries"),
    });
  });

  test.each([
    ["not JSON", "{ nope"],
    ["no entries array", '{"entries": {}}\n'],
    ["an array document", "[]"],
  ])("%s: invalid, nothing written", (_name, text) => {
    expect(acceptSourceChange(text, change, meta).kind).toBe("invalid");
  });
});

describe("acceptSourceChange keeps a non-canonical file's style", () => {
  const change = { package: "fd", old: "homebrew:fd", new: "crates.io:fd-find" };

  test("one entry per line: only that line changes", () => {
    const text =
      '{"entries": [\n  {"name": "bat", "source": "homebrew:bat"},\n  {"name": "fd", "source": "homebrew:fd", "status": "blocked"},\n  {"name": "x}\\"y", "source": "homebrew:x"}\n]}\n';
    const outcome = acceptSourceChange(text, change, meta);
    if (outcome.kind !== "applied") throw new Error(outcome.kind);
    expect(changedLines(text, outcome.text)).toEqual([2]);
    expect(outcome.text.split("\n")[2]).toBe(
      '  {"name":"fd","source":"crates.io:fd-find","status":"pending","confidence":"curated","disambiguated_at":"2026-11-27T10:00:00.12Z","failure_count":0,"next_retry_at":null},',
    );
  });

  test("tab indentation and CRLF line ends are kept", () => {
    const doc = {
      entries: [
        { name: "a", source: "npm:a" },
        { name: "fd", source: "homebrew:fd", failure_count: 1, next_retry_at: null },
      ],
    };
    const text = JSON.stringify(doc, null, "\t").replace(/\n/g, "\r\n") + "\r\n";
    const outcome = acceptSourceChange(text, change, meta);
    if (outcome.kind !== "applied") throw new Error(outcome.kind);
    const expected = { entries: [doc.entries[0], { name: "fd", source: "crates.io:fd-find", failure_count: 0, next_retry_at: null, ...decided }] };
    expect(outcome.text).toBe(JSON.stringify(expected, null, "\t").replace(/\n/g, "\r\n") + "\r\n");
  });

  test("an identical copy of the entry elsewhere in the file is left alone", () => {
    const entry = { name: "fd", source: "homebrew:fd" };
    const text = JSON.stringify({ archived: [entry], entries: [entry] }, null, 2) + "\n";
    const outcome = acceptSourceChange(text, change, meta);
    if (outcome.kind !== "applied") throw new Error(outcome.kind);
    const doc = JSON.parse(outcome.text);
    expect(doc.archived).toEqual([entry]);
    expect(doc.entries[0].source).toBe("crates.io:fd-find");
    expect(outcome.text).toBe(JSON.stringify(doc, null, 2) + "\n");
  });

  test("a later duplicate `entries` key is the one JSON.parse uses, and the one edited", () => {
    const text = '{"entries": [{"name": "fd", "source": "npm:fd"}], "entries": [{"name": "fd", "source": "homebrew:fd"}]}';
    const outcome = acceptSourceChange(text, change, meta);
    if (outcome.kind !== "applied") throw new Error(outcome.kind);
    expect(outcome.text.startsWith('{"entries": [{"name": "fd", "source": "npm:fd"}], "entries": [{"name":"fd","source":"crates.io:fd-find"')).toBe(
      true,
    );
  });
});
