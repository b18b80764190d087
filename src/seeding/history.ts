import { z } from "zod";
import { hiddenJson, readHiddenJson } from "./hidden-json.js";

const STATE_MARKER = "batch-ops:seeding-state";
/** Runs remembered: enough for any streak worth escalating, small enough for an issue body. */
export const HISTORY_LIMIT = 20;
export const ERROR_SAMPLES = 10;

const count = z.number().int().nonnegative();
const ecosystems = z.array(z.string().max(64)).max(100);

const runRecordSchema = z.object({
  run_id: z.number().int().positive(),
  attempt: count.catch(1),
  number: count.nullable().catch(null),
  at: z.string().max(40),
  url: z.string().max(500),
  conclusion: z.string().max(40).nullable().catch(null),
  outcome: z.enum(["ok", "missing", "malformed"]),
  problem: z.string().max(1000).nullable().catch(null),
  sources_processed: ecosystems.catch([]),
  sources_failed: ecosystems.catch([]),
  new_packages: count.nullable().catch(null),
  stale_refreshed: count.nullable().catch(null),
  source_changes: count.catch(0),
  auto_accepted: count.catch(0),
  to_review: count.catch(0),
  curated_skipped: count.nullable().catch(null),
  curated_invalid: count.catch(0),
  errors: count.catch(0),
  error_samples: z.array(z.string().max(500)).max(ERROR_SAMPLES).catch([]),
  opened: count.catch(0),
  already_open: count.catch(0),
});

const pendingSchema = z.object({
  run_id: z.number().int().positive(),
  url: z.string().max(500),
  next: count,
  total: count,
});

/** One seeding run as the digest remembers it (its summary's figures, not the summary). */
export type RunRecord = z.infer<typeof runRecordSchema>;
/** A run whose review issues are not all opened yet: `next` is the index of the next change to review. */
export type PendingRun = z.infer<typeof pendingSchema>;

export interface SeedingState {
  runs: RunRecord[];
  pending: PendingRun[];
}

export function emptyState(): SeedingState {
  return { runs: [], pending: [] };
}

function keepValid<T>(schema: z.ZodType<T>, items: unknown): T[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * The state kept in the digest issue body. Tolerant: a missing block is an empty history, and
 * entries that do not parse are dropped one by one (`problem` says the block was damaged).
 */
export function parseSeedingState(body: string | null | undefined): { state: SeedingState; problem?: string } {
  const raw = readHiddenJson(STATE_MARKER, body);
  if (raw === undefined) {
    return body?.includes(`<!-- ${STATE_MARKER}`) ? { state: emptyState(), problem: "the run history block in the digest was not valid JSON; history restarts" } : { state: emptyState() };
  }
  const record = (raw ?? {}) as { runs?: unknown; pending?: unknown };
  const runs = keepValid(runRecordSchema, record.runs);
  const pending = keepValid(pendingSchema, record.pending).filter((p) => p.next < p.total);
  const given = (Array.isArray(record.runs) ? record.runs.length : 0) + (Array.isArray(record.pending) ? record.pending.length : 0);
  const dropped = given - runs.length - keepValid(pendingSchema, record.pending).length;
  return { state: { runs: sortRuns(runs), pending }, ...(dropped > 0 ? { problem: `${dropped} damaged entr${dropped === 1 ? "y was" : "ies were"} dropped from the run history` } : {}) };
}

export function renderStateBlock(state: SeedingState): string {
  return hiddenJson(STATE_MARKER, { version: 1, runs: state.runs, pending: state.pending });
}

/** Oldest first, by start time then run id (ids grow over time). */
function sortRuns(runs: RunRecord[]): RunRecord[] {
  return [...runs].sort((a, b) => (a.at === b.at ? a.run_id - b.run_id : a.at < b.at ? -1 : 1));
}

/**
 * Adds a run (replacing an earlier record of the same run, e.g. a re-run attempt or a redelivery),
 * keeps the last HISTORY_LIMIT, and keeps error samples only on the newest run.
 */
export function recordRun(state: SeedingState, run: RunRecord): SeedingState {
  const runs = sortRuns([...state.runs.filter((r) => r.run_id !== run.run_id), run]).slice(-HISTORY_LIMIT);
  const newest = runs[runs.length - 1]!;
  return { ...state, runs: runs.map((r) => (r === newest ? r : { ...r, error_samples: [] })) };
}

/** Sets (or clears, with `next >= total`) where the opening of a run's review issues stands. */
export function setPending(state: SeedingState, pending: PendingRun): SeedingState {
  const done = pending.next >= pending.total;
  if (!state.pending.some((p) => p.run_id === pending.run_id)) return done ? state : { ...state, pending: [...state.pending, pending] };
  // Replaced in place: older runs keep going first.
  return { ...state, pending: state.pending.flatMap((p) => (p.run_id !== pending.run_id ? [p] : done ? [] : [pending])) };
}

/** Adds review issues opened later (by a schedule tick) to the run's record. */
export function addOpened(state: SeedingState, runId: number, opened: number, alreadyOpen: number): SeedingState {
  return { ...state, runs: state.runs.map((r) => (r.run_id === runId ? { ...r, opened: r.opened + opened, already_open: r.already_open + alreadyOpen } : r)) };
}

export function dropPending(state: SeedingState, runId: number): SeedingState {
  return { ...state, pending: state.pending.filter((p) => p.run_id !== runId) };
}

export function remainingReviews(state: SeedingState): number {
  return state.pending.reduce((sum, p) => sum + (p.total - p.next), 0);
}
