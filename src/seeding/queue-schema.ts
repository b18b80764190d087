import { z } from "zod";
import { formatIssues } from "../util/zod-issues.js";

/**
 * The unified priority queue (`data/queues/priority-queue.json`) as the pipeline's Go code defines and
 * validates it (`internal/batch/queue_entry.go`: `QueueEntry` and `Validate`). Unknown keys are allowed,
 * as Go's decoder allows them; time stamps are RFC 3339 or null, as `*time.Time` requires.
 */
const stamp = z.string().refine((v) => !Number.isNaN(Date.parse(v)), "must be an RFC 3339 time");

export const QUEUE_STATUSES = ["pending", "success", "failed", "blocked", "requires_manual", "excluded"] as const;

export const queueEntrySchema = z.looseObject({
  name: z.string().trim().min(1, "must not be empty"),
  source: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .refine((s) => s.indexOf(":") > 0, "must be <ecosystem>:<identifier>"),
  priority: z.number().int().min(1).max(3),
  status: z.enum(QUEUE_STATUSES),
  confidence: z.enum(["auto", "curated"]),
  disambiguated_at: stamp.nullable(),
  failure_count: z.number().int().nonnegative(),
  next_retry_at: stamp.nullable(),
});

export const queueSchema = z.looseObject({
  schema_version: z.literal(1),
  updated_at: stamp,
  entries: z.array(queueEntrySchema),
});

export type QueueEntry = z.infer<typeof queueEntrySchema>;

/**
 * Validates the queue text: JSON, the schema, and names unique (the accept path refuses a name that is
 * there twice). Errors are `path → message` lines, entries named by index and package.
 */
export function validateQueue(text: string): string[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return [`(root) → not valid JSON: ${(error as Error).message}`];
  }
  const checked = queueSchema.safeParse(raw);
  if (!checked.success) return formatIssues(checked.error.issues);
  const seen = new Map<string, number>();
  const errors: string[] = [];
  checked.data.entries.forEach((entry, index) => {
    const first = seen.get(entry.name);
    if (first === undefined) seen.set(entry.name, index);
    else errors.push(`entries.${index}.name → duplicate of entries.${first} (${entry.name.slice(0, 100)})`);
  });
  return errors;
}
