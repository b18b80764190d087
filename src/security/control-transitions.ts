import type { Breaker, ControlFile } from "../control/schema.js";
import { viewControl } from "../control/view.js";

/**
 * Changes to the control file that only the pipeline (by recording a run) or batch-ops (through an
 * audited command) should make. Found in commits pushed by anyone else; reported, never reverted.
 */
export type IllegalTransition =
  | { kind: "breaker-closed"; ecosystem: string; before: Breaker; after: Breaker; removed: boolean }
  | { kind: "failures-dropped"; ecosystem: string; before: Breaker; after: Breaker; removed: boolean }
  | { kind: "stop-cleared"; reason: string; disabledBy: string; disabledAt: string }
  | { kind: "ecosystems-resumed"; ecosystems: string[] };

/** A breaker missing from the file is what the pipeline reads: closed, no failures. */
const MISSING: Breaker = { state: "closed", failures: 0 };

/** What a recorded success leaves: closed with no failures (the pipeline's `update_breaker.sh`). */
function successShape(after: Breaker): boolean {
  return after.state === "closed" && after.failures === 0;
}

export interface TransitionEvidence {
  /**
   * The commit records a batch run (a batch commit, or a merged pull request from a batch branch):
   * the only way a success can be recorded.
   */
  successRecorded: boolean;
}

/**
 * Compares the control file before and after one commit:
 * - a breaker going from `open` straight to `closed` (or deleted) without a success being recorded;
 * - `failures` dropping without a success (a success resets them to 0, so a drop to any other number
 *   is never one);
 * - the global stop cleared (`enabled` false → true, or the file deleted) or ecosystems removed from
 *   `disabled_ecosystems`: only `/resume` does that, and `/resume` commits as this app.
 */
export function illegalTransitions(before: ControlFile, after: ControlFile, evidence: TransitionEvidence): IllegalTransition[] {
  const found: IllegalTransition[] = [];
  const was = viewControl(before);
  const now = viewControl(after);
  if (!was.enabled && now.enabled) {
    found.push({ kind: "stop-cleared", reason: was.reason, disabledBy: was.disabledBy, disabledAt: was.disabledAt });
  }
  const resumed = was.disabledEcosystems.filter((eco) => !now.disabledEcosystems.includes(eco));
  if (resumed.length > 0) found.push({ kind: "ecosystems-resumed", ecosystems: [...new Set(resumed)] });

  for (const [ecosystem, b] of Object.entries(was.breakers)) {
    const removed = !Object.hasOwn(now.breakers, ecosystem);
    const a = removed ? MISSING : now.breakers[ecosystem]!;
    const bySuccess = evidence.successRecorded && successShape(a);
    if (bySuccess) continue;
    if (b.state === "open" && a.state === "closed") {
      found.push({ kind: "breaker-closed", ecosystem, before: b, after: a, removed });
    } else if (a.failures < b.failures) {
      found.push({ kind: "failures-dropped", ecosystem, before: b, after: a, removed });
    }
  }
  return found;
}
