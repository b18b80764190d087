import type { ControlFile } from "../control/schema.js";
import type { RunSeverity } from "./severity.js";
import { parseStamp, utcStamp } from "../util/time.js";
import type { RunFacts } from "./jobs.js";
import { RUNS_KEY } from "./run-record.js";

/**
 * The incident issues a committed run is owed, recorded in the run's own commit under
 * `batch_runs.followups`, one entry per incident key (`high`, `breaker:<ecosystem>`), the newest run's
 * wins. The schedule compares them with the open (and recently closed) issues and makes what is
 * missing, so an issue the run could not open (GitHub 5xx, the process killed after the commit)
 * appears on the next tick, once. Entries older than FOLLOWUP_WINDOW_MS are dropped.
 *
 *   "followups": { "breaker:npm": { "action": "open", "run": "7001.1", "url": "…", "workflow": "batch.yml",
 *                                   "conclusion": "failure", "completed_at": "…Z", "due_at": "…Z" } }
 */
export const FOLLOWUPS_KEY = "followups";
export const FOLLOWUP_WINDOW_MS = 72 * 3_600_000;
const MAX_ENTRIES = 100;

export interface OwedFollowup {
  key: string;
  /** `open`: the issue must exist (or have been closed since); `close`: it must not be open. */
  action: "open" | "close";
  run: Omit<RunFacts, "fromFork">;
  /** When the run was applied. */
  dueAt: Date;
  /** For `high`: the failing ecosystems and the run's size. */
  failing?: string[];
  total?: number;
}

const KEY = /^(high|breaker:[^\s]{1,64})$/;
const URL = /^https?:\/\/[^\s()<>]{1,300}$/;
const WORKFLOW = /^[\w.-]+\.ya?ml$/;

function entriesOf(control: ControlFile): Record<string, unknown> {
  const runs = (control as Record<string, unknown>)[RUNS_KEY];
  const value = runs !== null && typeof runs === "object" && !Array.isArray(runs) ? (runs as Record<string, unknown>)[FOLLOWUPS_KEY] : undefined;
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** One entry, checked: the control file is edited by people too, and these values reach issue bodies. */
function parseEntry(key: string, raw: unknown): OwedFollowup | undefined {
  if (!KEY.test(key) || raw === null || typeof raw !== "object") return undefined;
  const entry = raw as Record<string, unknown>;
  const [id, attempt] = typeof entry["run"] === "string" ? entry["run"].split(".").map(Number) : [];
  const dueAt = parseStamp(entry["due_at"]);
  const completedAt = parseStamp(entry["completed_at"]);
  const url = entry["url"];
  const workflow = entry["workflow"];
  const conclusion = entry["conclusion"];
  if (entry["action"] !== "open" && entry["action"] !== "close") return undefined;
  if (!Number.isSafeInteger(id) || !Number.isSafeInteger(attempt) || !dueAt || !completedAt) return undefined;
  if (typeof url !== "string" || !URL.test(url) || typeof workflow !== "string" || !WORKFLOW.test(workflow)) return undefined;
  const failing = Array.isArray(entry["failing"])
    ? entry["failing"].filter((e): e is string => typeof e === "string" && e.length <= 64).slice(0, 100)
    : undefined;
  const total = typeof entry["total"] === "number" && Number.isSafeInteger(entry["total"]) && entry["total"] >= 0 ? entry["total"] : undefined;
  return {
    key,
    action: entry["action"],
    run: {
      id: id!,
      attempt: attempt!,
      url,
      conclusion: typeof conclusion === "string" && /^[a-z_]{1,30}$/.test(conclusion) ? conclusion : null,
      completedAt: utcStamp(completedAt),
      workflowFile: workflow,
    },
    dueAt,
    ...(failing ? { failing } : {}),
    ...(total !== undefined ? { total } : {}),
  };
}

/** The follow-ups still owed at `now` (within the window), as the file records them. */
export function owedFollowups(control: ControlFile, now: Date): OwedFollowup[] {
  return Object.entries(entriesOf(control))
    .map(([key, raw]) => parseEntry(key, raw))
    .filter((f): f is OwedFollowup => f !== undefined && now.getTime() - f.dueAt.getTime() <= FOLLOWUP_WINDOW_MS);
}

/**
 * Records what the run owes on the copy being edited: High → `high` open; a breaker that opened →
 * `breaker:<eco>` open; one that closed → `breaker:<eco>` close. Expired entries are dropped. The key
 * is left out of the file until a run first owes something.
 */
export function recordFollowups(control: ControlFile, run: RunFacts, severity: RunSeverity, now: Date): void {
  const base = {
    run: `${run.id}.${run.attempt}`,
    url: run.url,
    workflow: run.workflowFile,
    conclusion: run.conclusion ?? "",
    completed_at: run.completedAt,
    due_at: utcStamp(now),
  };
  const owed: Record<string, Record<string, unknown>> = {};
  if (severity.high) owed["high"] = { action: "open", ...base, failing: severity.high.failing, total: severity.high.total };
  for (const ecosystem of severity.opened) owed[`breaker:${ecosystem}`] = { action: "open", ...base };
  for (const ecosystem of severity.recovered) owed[`breaker:${ecosystem}`] = { action: "close", ...base };
  const existing = entriesOf(control);
  const kept = Object.entries(existing).filter(([key, raw]) => {
    const entry = parseEntry(key, raw);
    return entry !== undefined && now.getTime() - entry.dueAt.getTime() <= FOLLOWUP_WINDOW_MS && !(key in owed);
  });
  if (Object.keys(owed).length === 0 && kept.length === Object.keys(existing).length) return;
  const runs = (control as Record<string, unknown>)[RUNS_KEY] as Record<string, unknown>;
  const next = Object.fromEntries([...kept, ...Object.entries(owed)].slice(-MAX_ENTRIES));
  if (Object.keys(next).length === 0) delete runs[FOLLOWUPS_KEY];
  else runs[FOLLOWUPS_KEY] = next;
}
