import { goTimestamp } from "../util/time.js";
import { elementSpan, serializeLike } from "./json-span.js";

export interface SourceChangeRequest {
  package: string;
  old: string;
  new: string;
}

export interface AcceptMeta {
  reviewedBy: string;
  issueUrl: string;
  /** When the person decided: the entry's `disambiguated_at`. */
  decidedAt: Date;
}

/** What the pipeline's queue entry calls a source a person chose; its seeding job never re-disambiguates one. */
export const CURATED = "curated";

type Entry = Record<string, unknown>;

export type AcceptOutcome =
  | { kind: "applied"; text: string; message: string; before: Entry; after: Entry }
  /** The entry already has the new source: a repeated accept (reopened and closed again) commits nothing. */
  | { kind: "already"; note: string }
  /** The entry moved on since the change was proposed, or is gone: nothing is written. */
  | { kind: "conflict"; note: string }
  /** The queue file cannot be edited safely: nothing is written. */
  | { kind: "invalid"; note: string };

/** Statuses that accepting a new source gives another chance (the pipeline's accept path). */
const RETRY_STATUSES = new Set(["failed", "blocked", "requires_manual"]);

function isObject(value: unknown): value is Entry {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function acceptCommitMessage(change: SourceChangeRequest, meta: AcceptMeta): string {
  return [
    `chore(batch): accept source change for ${change.package}`,
    "",
    `old: ${change.old}`,
    `new: ${change.new}`,
    `reviewed_by: ${meta.reviewedBy}`,
    `issue: ${meta.issueUrl}`,
  ].join("\n");
}

/**
 * The entry as accepting makes it: the pipeline's accept path (source, failure_count 0, no retry
 * time, failed/blocked/requires_manual back to pending) plus what the pipeline treats as a person's
 * decision, so the next seeding run does not undo it: `confidence: "curated"` (the seeding job skips
 * curated entries) and `disambiguated_at` now, written as Go writes times. Key order is kept; missing
 * keys are appended in the pipeline's own order.
 */
export function acceptedEntry(entry: Entry, newSource: string, decidedAt: Date): Entry {
  const next: Entry = {
    ...entry,
    source: newSource,
    confidence: CURATED,
    disambiguated_at: goTimestamp(decidedAt),
    failure_count: 0,
    next_retry_at: null,
  };
  if (typeof entry["status"] === "string" && RETRY_STATUSES.has(entry["status"])) next["status"] = "pending";
  return next;
}

/**
 * Accepts a source change on the queue text: only the text of that one entry is replaced, so the
 * written file differs from the one read in that entry's lines and nowhere else. Pure; `null` text
 * means the file does not exist.
 */
export function acceptSourceChange(text: string | null, change: SourceChangeRequest, meta: AcceptMeta): AcceptOutcome {
  if (text === null) return { kind: "conflict", note: "the queue file does not exist any more" };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { kind: "invalid", note: `the queue file is not valid JSON (${(error as Error).message})` };
  }
  if (!isObject(doc) || !Array.isArray(doc["entries"])) return { kind: "invalid", note: "the queue file has no `entries` array" };
  const entries = doc["entries"] as unknown[];
  const matches: number[] = [];
  entries.forEach((e, i) => {
    if (isObject(e) && e["name"] === change.package) matches.push(i);
  });
  // The name comes from a proposal made on this queue, so it was there then: it has been removed since.
  if (matches.length === 0)
    return { kind: "conflict", note: `the queue has no entry named \`${change.package}\` any more (it was there when the change was proposed)` };
  if (matches.length > 1) return { kind: "conflict", note: `the queue has ${matches.length} entries named \`${change.package}\`; fix it by hand` };
  const index = matches[0]!;
  const entry = entries[index] as Entry;
  const source = entry["source"];
  // Same source but not yet a person's decision (auto-accepted, or accepted before curation was written): made one now.
  if (source === change.new && entry["confidence"] === CURATED)
    return { kind: "already", note: `the entry for \`${change.package}\` already has the source \`${change.new}\`` };
  if (source !== change.old && source !== change.new) {
    // The queue is data, not markup: a backtick or line break in it must not escape the code span.
    const now = typeof source === "string" ? `\`${source.replace(/[`\r\n]/g, "").slice(0, 300)}\`` : "missing";
    return { kind: "conflict", note: `the entry's source is now ${now}, not the proposed old source \`${change.old}\`` };
  }

  const span = elementSpan(text, "entries", index, entry);
  // The span must hold exactly the entry that was parsed; anything else means the scan went wrong.
  if (!span || JSON.stringify(JSON.parse(text.slice(span.start, span.end))) !== JSON.stringify(entry)) {
    return { kind: "invalid", note: "the entry could not be located in the queue file's text" };
  }
  const after = acceptedEntry(entry, change.new, meta.decidedAt);
  const next = text.slice(0, span.start) + serializeLike(text, span, after) + text.slice(span.end);
  return { kind: "applied", text: next, message: acceptCommitMessage(change, meta), before: entry, after };
}
