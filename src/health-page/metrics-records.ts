import { z } from "zod";
import type { RunRecord } from "./run-history.js";
import { parseStamp } from "../util/time.js";

/**
 * One record of the pipeline's `data/metrics/batch-runs*.jsonl`. Two shapes exist: the legacy one with a
 * single `ecosystem` and the current one with an `ecosystems` map. Unknown keys are ignored.
 */
const metricsRecordSchema = z.looseObject({
  batch_id: z.string().min(1),
  ecosystem: z.string().optional(),
  ecosystems: z.record(z.string(), z.number().int().nonnegative()).optional(),
  total: z.number().int().nonnegative(),
  merged: z.number().int().nonnegative(),
  timestamp: z.string(),
});

export interface ParsedMetricsFile {
  runs: RunRecord[];
  /** One line per object that was skipped, saying why. */
  skipped: string[];
}

/**
 * The top-level JSON values in a text, in order. The files are named `.jsonl` but hold pretty-printed
 * objects written one after another (one per file, or 40 in the legacy file), so lines cannot be used.
 */
export function splitJsonValues(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === "}" || ch === "]") {
      depth--;
      if (depth === 0 && start >= 0) {
        values.push(text.slice(start, i + 1));
        start = -1;
      }
      if (depth < 0) depth = 0;
    }
  }
  // A cut-off object at the end is returned as is, so that parsing it reports it.
  if (start >= 0) values.push(text.slice(start));
  return values;
}

/** `batch-runs-2026-06-26T20-51-08Z.jsonl` → `2026-06-26T20-51-08Z`: the dashboard's batch id for that file. */
export function batchIdFromFileName(fileName: string): string | undefined {
  return /batch-runs-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)\.jsonl$/.exec(fileName)?.[1];
}

function ecosystemsOf(record: z.infer<typeof metricsRecordSchema>): Record<string, number> | undefined {
  if (record.ecosystems && Object.keys(record.ecosystems).length > 0) return record.ecosystems;
  if (record.ecosystem) return { [record.ecosystem]: record.total };
  return undefined;
}

/**
 * Reads one metrics file into runs. A per-run file takes its batch id from the file name (the record's
 * own `batch_id` is only a date, shared by every run that day); the legacy file keeps each record's id.
 * Objects that are not valid JSON or lack the fields are skipped and reported, never guessed at.
 */
export function parseMetricsFile(fileName: string, text: string): ParsedMetricsFile {
  const runs: RunRecord[] = [];
  const skipped: string[] = [];
  const values = splitJsonValues(text);
  const idFromName = values.length === 1 ? batchIdFromFileName(fileName) : undefined;
  values.forEach((value, index) => {
    let raw: unknown;
    try {
      raw = JSON.parse(value);
    } catch {
      skipped.push(`${fileName} #${index + 1}: not valid JSON`);
      return;
    }
    const parsed = metricsRecordSchema.safeParse(raw);
    if (!parsed.success) {
      skipped.push(`${fileName} #${index + 1}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ")}`);
      return;
    }
    const record = parsed.data;
    const at = parseStamp(record.timestamp);
    if (!at) {
      skipped.push(`${fileName} #${index + 1}: timestamp is not a time`);
      return;
    }
    const ecosystems = ecosystemsOf(record);
    runs.push({
      id: idFromName ?? record.batch_id,
      at,
      succeeded: record.merged > 0,
      counts: { total: record.total, merged: record.merged, ...(ecosystems ? { ecosystems } : {}) },
    });
  });
  return { runs, skipped };
}
