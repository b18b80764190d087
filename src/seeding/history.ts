import { z } from "zod";
import { hiddenJson, readHiddenJson } from "../util/hidden-json.js";

const STATE_MARKER = "batch-ops:seeding-state";
/** Runs remembered: enough for any streak worth escalating, small enough for an issue body. */
export const HISTORY_LIMIT = 20;
export const ERROR_SAMPLES = 10;
/** Ecosystem names kept per list and run; the total is kept beside a list that was cut. */
export const SOURCES_KEPT = 100;
/**
 * The hidden state block stays under this many characters (half of GitHub's body limit), so the
 * visible digest always has room and the block is never cut: older runs lose detail first.
 */
export const STATE_MAX_CHARS = 30_000;

const count = z.number().int().nonnegative();
const ecosystems = z.array(z.string().max(64)).max(SOURCES_KEPT);

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
  /** Set when the list above was cut to SOURCES_KEPT (or emptied to save room): how many there were. */
  sources_processed_total: count.optional().catch(undefined),
  sources_failed_total: count.optional().catch(undefined),
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

const deferredSchema = z.object({
  run_id: z.number().int().positive(),
  url: z.string().max(500),
  count: count,
});

/** Escalation issues of a run left for schedule ticks by the per-run issue cap; rebuilt from that run's summary. */
export type DeferredEscalations = z.infer<typeof deferredSchema>;

export interface SeedingState {
  runs: RunRecord[];
  pending: PendingRun[];
  deferred_escalations?: DeferredEscalations;
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
    return body?.includes(`<!-- ${STATE_MARKER}`)
      ? { state: emptyState(), problem: "the run history block in the digest was not valid JSON; history restarts" }
      : { state: emptyState() };
  }
  const record = (raw ?? {}) as { runs?: unknown; pending?: unknown; deferred_escalations?: unknown };
  const runs = keepValid(runRecordSchema, record.runs);
  const pending = keepValid(pendingSchema, record.pending).filter((p) => p.next < p.total);
  const given = (Array.isArray(record.runs) ? record.runs.length : 0) + (Array.isArray(record.pending) ? record.pending.length : 0);
  const dropped = given - runs.length - keepValid(pendingSchema, record.pending).length;
  const deferred = deferredSchema.safeParse(record.deferred_escalations);
  const state: SeedingState = {
    runs: sortRuns(runs),
    pending,
    ...(deferred.success && deferred.data.count > 0 ? { deferred_escalations: deferred.data } : {}),
  };
  return {
    state,
    ...(dropped > 0 ? { problem: `${dropped} damaged entr${dropped === 1 ? "y was" : "ies were"} dropped from the run history` } : {}),
  };
}

function stateBlock(state: SeedingState): string {
  return hiddenJson(STATE_MARKER, {
    version: 1,
    runs: state.runs,
    pending: state.pending,
    ...(state.deferred_escalations ? { deferred_escalations: state.deferred_escalations } : {}),
  });
}

/** A list cut to `keep` names, its total recorded when anything was left out. */
function cutSources(run: RunRecord, field: "sources_processed" | "sources_failed", keep: number): RunRecord {
  const list = run[field];
  if (list.length <= keep) return run;
  const total = field === "sources_processed" ? "sources_processed_total" : "sources_failed_total";
  return { ...run, [field]: list.slice(0, keep), [total]: run[total] ?? list.length };
}

type Shrink = (state: SeedingState) => SeedingState;

const olderRuns =
  (shrink: (run: RunRecord) => RunRecord): Shrink =>
  (state) => ({
    ...state,
    runs: state.runs.map((run, i) => (i === state.runs.length - 1 ? run : shrink(run))),
  });

/** Ways to make the state smaller, least loss first: detail of older runs, then older runs, then the newest run's detail. */
const SHRINKS: Shrink[] = [
  olderRuns((run) => cutSources(run, "sources_processed", 0)),
  olderRuns((run) => cutSources(run, "sources_failed", 10)),
  ...Array.from({ length: HISTORY_LIMIT - 1 }, (): Shrink => (state) => ({ ...state, runs: state.runs.slice(Math.min(1, state.runs.length - 1)) })),
  (state) => ({
    ...state,
    runs: state.runs.map((run) => ({
      ...cutSources(cutSources(run, "sources_processed", 10), "sources_failed", 10),
      error_samples: run.error_samples.slice(0, 3),
    })),
  }),
];

/**
 * The state as it fits in the digest (at most STATE_MAX_CHARS), and the block that holds it. Review
 * issues still to open are never dropped silently: what does not fit is returned in `droppedPending`.
 */
export function fitState(state: SeedingState): { state: SeedingState; block: string; droppedPending: PendingRun[] } {
  let current = state;
  let block = stateBlock(current);
  for (const shrink of SHRINKS) {
    if (block.length <= STATE_MAX_CHARS) break;
    current = shrink(current);
    block = stateBlock(current);
  }
  const droppedPending: PendingRun[] = [];
  while (block.length > STATE_MAX_CHARS && current.pending.length > 0) {
    droppedPending.unshift(current.pending[current.pending.length - 1]!);
    current = { ...current, pending: current.pending.slice(0, -1) };
    block = stateBlock(current);
  }
  return { state: current, block, droppedPending };
}

export function renderStateBlock(state: SeedingState): string {
  return fitState(state).block;
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
  return {
    ...state,
    runs: state.runs.map((r) => (r.run_id === runId ? { ...r, opened: r.opened + opened, already_open: r.already_open + alreadyOpen } : r)),
  };
}

export function dropPending(state: SeedingState, runId: number): SeedingState {
  return { ...state, pending: state.pending.filter((p) => p.run_id !== runId) };
}

/** Records (or clears, with `count` 0) the escalation issues of a run that wait for the per-run cap. */
export function setDeferredEscalations(state: SeedingState, deferred: DeferredEscalations): SeedingState {
  const { deferred_escalations: _previous, ...rest } = state;
  return deferred.count > 0 ? { ...rest, deferred_escalations: deferred } : rest;
}

export function remainingReviews(state: SeedingState): number {
  return state.pending.reduce((sum, p) => sum + (p.total - p.next), 0);
}
