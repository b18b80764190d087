import { z } from "zod";
import { formatIssues } from "../util/zod-issues.js";
import { packageNameSchema, sourceSchema } from "./names.js";

/** One source change, whichever field names the summary used. */
export interface SourceChange {
  package: string;
  old: string;
  new: string;
  priority: number | null;
  autoAccepted: boolean;
}

export interface CuratedInvalid {
  package: string;
  source: string | null;
  error: string | null;
}

/** The seeding summary after tolerant parsing: missing arrays are empty, missing counts are null. */
export interface SeedingSummary {
  sourcesProcessed: string[];
  sourcesFailed: string[];
  newPackages: number | null;
  staleRefreshed: number | null;
  sourceChanges: SourceChange[];
  curatedSkipped: number | null;
  curatedInvalid: CuratedInvalid[];
  errors: string[];
}

const count = z.number().int().nonnegative().nullish();
const ecosystem = z.string().trim().min(1).max(64);
const shortText = z.string().max(2000);

/** The tool writes `old`/`new`; the runbook says `old_source`/`new_source`. Both are read; if both, they must agree. */
const sourceChangeSchema = z
  .object({
    package: packageNameSchema,
    old: sourceSchema.optional(),
    new: sourceSchema.optional(),
    old_source: sourceSchema.optional(),
    new_source: sourceSchema.optional(),
    priority: z.number().int().min(0).max(1000).nullish(),
    auto_accepted: z.boolean().nullish(),
  })
  .superRefine((c, ctx) => {
    for (const [short, long] of [
      ["old", "old_source"],
      ["new", "new_source"],
    ] as const) {
      if (c[short] === undefined && c[long] === undefined)
        ctx.addIssue({ code: "custom", path: [short], message: `needs \`${short}\` or \`${long}\`` });
      if (c[short] !== undefined && c[long] !== undefined && c[short] !== c[long]) {
        ctx.addIssue({ code: "custom", path: [long], message: `disagrees with \`${short}\`` });
      }
    }
  })
  .transform((c): SourceChange => ({
    package: c.package,
    old: (c.old ?? c.old_source)!,
    new: (c.new ?? c.new_source)!,
    priority: c.priority ?? null,
    // A change that does not say it was auto-accepted is treated as needing review: the safe side.
    autoAccepted: c.auto_accepted === true,
  }));

/** The tool writes `{package, source, error}` objects; the runbook says strings. */
const curatedInvalidSchema = z.union([
  shortText.min(1).transform((text): CuratedInvalid => ({ package: text, source: null, error: null })),
  z
    .object({ package: shortText.min(1), source: shortText.nullish(), error: shortText.nullish() })
    .transform((c): CuratedInvalid => ({ package: c.package, source: c.source ?? null, error: c.error ?? null })),
]);

const summarySchema = z
  .object({
    sources_processed: z.array(ecosystem).nullish(),
    sources_failed: z.array(ecosystem).nullish(),
    new_packages: count,
    stale_refreshed: count,
    source_changes: z.array(sourceChangeSchema).max(100_000).nullish(),
    curated_skipped: count,
    curated_invalid: z.array(curatedInvalidSchema).max(100_000).nullish(),
    errors: z.array(z.union([shortText, z.unknown().transform((v) => JSON.stringify(v) ?? String(v))])).nullish(),
  })
  .transform((s): SeedingSummary => ({
    sourcesProcessed: s.sources_processed ?? [],
    sourcesFailed: s.sources_failed ?? [],
    newPackages: s.new_packages ?? null,
    staleRefreshed: s.stale_refreshed ?? null,
    sourceChanges: s.source_changes ?? [],
    curatedSkipped: s.curated_skipped ?? null,
    curatedInvalid: s.curated_invalid ?? [],
    errors: s.errors ?? [],
  }));

export type SummaryParse = { ok: true; summary: SeedingSummary } | { ok: false; errors: string[] };

/** Validates a summary already parsed from JSON (unknown keys such as `run_at` are ignored). */
export function parseSummary(raw: unknown): SummaryParse {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return { ok: false, errors: ["(root) → must be a JSON object"] };
  const parsed = summarySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: formatIssues(parsed.error.issues) };
  return { ok: true, summary: parsed.data };
}

/** The changes a person must decide, in summary order, one per package, no-op changes dropped. */
export function changesToReview(summary: SeedingSummary): SourceChange[] {
  const seen = new Set<string>();
  const out: SourceChange[] = [];
  for (const change of summary.sourceChanges) {
    if (change.autoAccepted || change.old === change.new || seen.has(change.package)) continue;
    seen.add(change.package);
    out.push(change);
  }
  return out;
}
