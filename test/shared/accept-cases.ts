import { readFileSync } from "node:fs";
import { OWNER, REPO } from "../helpers/payloads.js";

/**
 * One table of source-change accepts, run by both test suites: `test/handlers/seeding-review-closed.test.ts`
 * closes a review issue as completed (the app, nock GitHub), `test/cli/queue.test.ts` runs
 * `batch-ops queue accept … --old … --issue …` on a real git clone. Both must write exactly
 * `expected.text` with exactly `expected.message`. Expected values are written out here, never computed
 * by the code under test.
 */
export interface AcceptCase {
  name: string;
  /** The queue file before. */
  queue: string;
  package: string;
  old: string;
  new: string;
  expected:
    | { kind: "committed"; text: string; message: string[] }
    | { kind: "unchanged" }
    /** `says` is free of backticks: the app quotes names in code spans, the CLI prints them bare. */
    | { kind: "conflict"; says: string };
}

export const QUEUE_PATH = "data/queues/priority-queue.json";
export const REVIEWER = "alice";
/** When the reviewer decides: the app's test clock; the CLI is given it as BATCH_OPS_NOW. */
export const DECIDED_AT = "2026-11-27T10:00:00Z";
/** The first issue the app's fake issues API holds; the CLI is given it with `--issue`. */
export const REVIEW_ISSUE_URL = `https://github.com/${OWNER}/${REPO}/issues/1`;

export const realQueue = readFileSync(new URL("../fixtures/priority-queue.tsuku.json", import.meta.url), "utf8");

/** `text` with `before` (which must occur exactly once) replaced by `after`. */
function replacedOnce(text: string, before: string, after: string): string {
  const at = text.indexOf(before);
  if (at < 0 || text.indexOf(before, at + 1) >= 0) throw new Error(`the fixture does not hold exactly one ${JSON.stringify(before.slice(0, 60))}`);
  return text.slice(0, at) + after + text.slice(at + before.length);
}

const message = (pkg: string, old: string, next: string) => [
  `chore(batch): accept source change for ${pkg}`,
  "",
  `old: ${old}`,
  `new: ${next}`,
  `reviewed_by: ${REVIEWER}`,
  `issue: ${REVIEW_ISSUE_URL}`,
];

/** A queue written by hand with tabs and a one-line entry: the edit keeps the file's own style. */
const handWritten =
  '{\n\t"schema_version": 1,\n\t"entries": [\n\t\t{"name": "fd", "source": "homebrew:fd", "status": "failed", "failure_count": 2, "next_retry_at": "2026-03-01T00:00:00Z"},\n\t\t{\n\t\t\t"name": "bat",\n\t\t\t"source": "homebrew:bat",\n\t\t\t"status": "requires_manual",\n\t\t\t"failure_count": 1\n\t\t}\n\t]\n}\n';

export const acceptCases: AcceptCase[] = [
  {
    name: "real queue, first entry: node (blocked, failure_count 4) goes back to pending",
    queue: realQueue,
    package: "node",
    old: "homebrew:node",
    new: "github:nodejs/node",
    expected: {
      kind: "committed",
      text: replacedOnce(
        realQueue,
        '      "name": "node",\n      "source": "homebrew:node",\n      "priority": 1,\n      "status": "blocked",\n      "confidence": "auto",\n      "disambiguated_at": "2026-02-17T00:10:01.867521792Z",\n      "failure_count": 4,\n',
        '      "name": "node",\n      "source": "github:nodejs/node",\n      "priority": 1,\n      "status": "pending",\n      "confidence": "curated",\n      "disambiguated_at": "2026-11-27T10:00:00Z",\n      "failure_count": 0,\n',
      ),
      message: message("node", "homebrew:node", "github:nodejs/node"),
    },
  },
  {
    name: "real queue, deep in the file: minio (success) keeps its status, its retry time is cleared",
    queue: realQueue,
    package: "minio",
    old: "npm:minio",
    new: "github:minio/minio",
    expected: {
      kind: "committed",
      text: replacedOnce(
        realQueue,
        '      "name": "minio",\n      "source": "npm:minio",\n      "priority": 3,\n      "status": "success",\n      "confidence": "auto",\n      "disambiguated_at": "2026-02-17T00:10:01.867521792Z",\n      "failure_count": 2,\n      "next_retry_at": "2026-02-20T23:29:47.627672175Z"\n',
        '      "name": "minio",\n      "source": "github:minio/minio",\n      "priority": 3,\n      "status": "success",\n      "confidence": "curated",\n      "disambiguated_at": "2026-11-27T10:00:00Z",\n      "failure_count": 0,\n      "next_retry_at": null\n',
      ),
      message: message("minio", "npm:minio", "github:minio/minio"),
    },
  },
  {
    name: "a hand-written queue: a one-line entry stays on one line",
    queue: handWritten,
    package: "fd",
    old: "homebrew:fd",
    new: "crates.io:fd-find",
    expected: {
      kind: "committed",
      text: handWritten.replace(
        '{"name": "fd", "source": "homebrew:fd", "status": "failed", "failure_count": 2, "next_retry_at": "2026-03-01T00:00:00Z"}',
        '{"name":"fd","source":"crates.io:fd-find","status":"pending","failure_count":0,"next_retry_at":null,"confidence":"curated","disambiguated_at":"2026-11-27T10:00:00Z"}',
      ),
      message: message("fd", "homebrew:fd", "crates.io:fd-find"),
    },
  },
  {
    name: "a hand-written queue: missing keys are appended, in the entry's own indentation",
    queue: handWritten,
    package: "bat",
    old: "homebrew:bat",
    new: "crates.io:bat",
    expected: {
      kind: "committed",
      text: handWritten.replace(
        '\t\t{\n\t\t\t"name": "bat",\n\t\t\t"source": "homebrew:bat",\n\t\t\t"status": "requires_manual",\n\t\t\t"failure_count": 1\n\t\t}',
        '\t\t{\n\t\t\t"name": "bat",\n\t\t\t"source": "crates.io:bat",\n\t\t\t"status": "pending",\n\t\t\t"failure_count": 0,\n\t\t\t"confidence": "curated",\n\t\t\t"disambiguated_at": "2026-11-27T10:00:00Z",\n\t\t\t"next_retry_at": null\n\t\t}',
      ),
      message: message("bat", "homebrew:bat", "crates.io:bat"),
    },
  },
  {
    name: "the real queue's curated bat: stays curated, disambiguated_at (null) becomes the time of this decision",
    queue: realQueue,
    package: "bat",
    old: "github:sharkdp/bat",
    new: "crates.io:bat",
    expected: {
      kind: "committed",
      text: replacedOnce(
        realQueue,
        '      "name": "bat",\n      "source": "github:sharkdp/bat",\n      "priority": 1,\n      "status": "success",\n      "confidence": "curated",\n      "disambiguated_at": null,\n      "failure_count": 3,\n      "next_retry_at": "2026-02-24T06:13:30.875620816Z"\n',
        '      "name": "bat",\n      "source": "crates.io:bat",\n      "priority": 1,\n      "status": "success",\n      "confidence": "curated",\n      "disambiguated_at": "2026-11-27T10:00:00Z",\n      "failure_count": 0,\n      "next_retry_at": null\n',
      ),
      message: message("bat", "github:sharkdp/bat", "crates.io:bat"),
    },
  },
  {
    name: "on the new source already, but not a person's decision (auto): made curated so the next seeding run keeps it",
    queue: handWritten.replace('"source": "homebrew:bat"', '"source": "crates.io:bat"'),
    package: "bat",
    old: "homebrew:bat",
    new: "crates.io:bat",
    expected: {
      kind: "committed",
      text: handWritten.replace(
        '\t\t{\n\t\t\t"name": "bat",\n\t\t\t"source": "homebrew:bat",\n\t\t\t"status": "requires_manual",\n\t\t\t"failure_count": 1\n\t\t}',
        '\t\t{\n\t\t\t"name": "bat",\n\t\t\t"source": "crates.io:bat",\n\t\t\t"status": "pending",\n\t\t\t"failure_count": 0,\n\t\t\t"confidence": "curated",\n\t\t\t"disambiguated_at": "2026-11-27T10:00:00Z",\n\t\t\t"next_retry_at": null\n\t\t}',
      ),
      message: message("bat", "homebrew:bat", "crates.io:bat"),
    },
  },
  {
    name: "already accepted (reopened and closed again): nothing to commit",
    queue: handWritten.replace('"source": "homebrew:bat"', '"source": "crates.io:bat",\n\t\t\t"confidence": "curated"'),
    package: "bat",
    old: "homebrew:bat",
    new: "crates.io:bat",
    expected: { kind: "unchanged" },
  },
  {
    name: "the entry moved on since the proposal: conflict, nothing written",
    queue: handWritten.replace('"source": "homebrew:bat"', '"source": "github:sharkdp/bat"'),
    package: "bat",
    old: "homebrew:bat",
    new: "crates.io:bat",
    expected: { kind: "conflict", says: "the entry's source is now github:sharkdp/bat, not the proposed old source homebrew:bat" },
  },
  {
    name: "the entry is gone: conflict, nothing written",
    queue: handWritten,
    package: "ripgrep",
    old: "homebrew:ripgrep",
    new: "crates.io:ripgrep",
    // The app adds "any more" (a review issue proposed it, so it was there); the CLI cannot know.
    expected: { kind: "conflict", says: "has no entry named ripgrep" },
  },
];
