import type { Logger } from "probot";
import type { RedeliverySettings } from "../config/catchup-settings.js";
import { listAppDeliveriesSince, redeliver } from "../github/hook-deliveries.js";
import { isRateLimited } from "../github/rate-limited.js";
import { messageOf, statusOf, type GitHub } from "../core/github.js";
import { claimKey, nextCheckpoint, pageBackTo, planRedeliveries, type RedeliveryCandidate } from "./redelivery-plan.js";
import type { RedeliveryPassReport } from "../core/redelivery-status.js";
import type { RedeliveryStore } from "../coordination/redelivery-store.js";

/** Pages of 100 deliveries one pass reads at most (busier apps catch up over several ticks). */
export const MAX_DELIVERY_PAGES = 30;

export interface RedeliveryPassDeps {
  settings: RedeliverySettings;
  store: RedeliveryStore;
  clock: () => Date;
  log: Pick<Logger, "info" | "warn">;
}

/** A failure that may go away (GitHub 5xx, network): the claim is given back for a later tick. */
function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

/**
 * One pass: list the App's deliveries back to the checkpoint (at most the lookback), and ask GitHub
 * once for a new attempt of each event whose attempts all failed, oldest first, at most `maxPerTick`.
 * A rate limit ends the pass; whatever was not done is left before the new checkpoint for the next one.
 */
export async function runRedeliveryPass(appGithub: GitHub, deps: RedeliveryPassDeps): Promise<RedeliveryPassReport> {
  const now = deps.clock();
  const report: RedeliveryPassReport = { at: now.toISOString(), examined: 0, redelivered: 0, failed: 0, skipped: 0 };
  const previous = await deps.store.checkpoint();
  let listing;
  try {
    listing = await listAppDeliveriesSince(appGithub, pageBackTo(now, deps.settings.lookbackHours, previous), MAX_DELIVERY_PAGES);
  } catch (error) {
    report.stopped = isRateLimited(error) ? "rate limit" : "listing failed";
    deps.log.warn({ err: error }, `redelivery: deliveries cannot be listed (${messageOf(error)}); the next tick tries again`);
    return { ...report, error: messageOf(error).slice(0, 300), ...(previous ? { checkpoint: previous } : {}) };
  }
  report.examined = listing.deliveries.length;
  if (listing.truncated) {
    report.truncated = true;
    deps.log.warn(
      { pages: MAX_DELIVERY_PAGES },
      "redelivery: more deliveries since the checkpoint than one pass reads; the oldest are not looked at",
    );
  }
  const plan = planRedeliveries(listing.deliveries);
  report.skipped += plan.alreadyRedelivered.length;
  const leftOver: RedeliveryCandidate[] = [];
  for (const [index, candidate] of plan.candidates.entries()) {
    if (report.stopped || report.redelivered >= deps.settings.maxPerTick) {
      report.skipped += plan.candidates.length - index;
      leftOver.push(...plan.candidates.slice(index));
      break;
    }
    if (!(await deps.store.claim(claimKey(candidate)))) {
      report.skipped++;
      continue;
    }
    try {
      await redeliver(appGithub, candidate.deliveryId);
      report.redelivered++;
      deps.log.info(
        {
          guid: candidate.guid,
          event: candidate.event,
          action: candidate.action,
          deliveredAt: candidate.deliveredAt,
          round: candidate.redeliveries + 1,
        },
        "redelivery: failed delivery redelivered",
      );
    } catch (error) {
      if (isRateLimited(error)) {
        await deps.store.release(claimKey(candidate));
        report.stopped = "rate limit";
        report.skipped++;
        leftOver.push(candidate);
        deps.log.warn({ guid: candidate.guid }, "redelivery: rate limited; the rest waits for the next tick");
        continue;
      }
      report.failed++;
      if (isTransient(error)) {
        await deps.store.release(claimKey(candidate));
        leftOver.push(candidate);
      }
      deps.log.warn({ err: error, guid: candidate.guid, status: statusOf(error) }, `redelivery: GitHub refused to redeliver (${messageOf(error)})`);
    }
  }
  const checkpoint = nextCheckpoint(listing.deliveries, previous, leftOver);
  if (checkpoint !== undefined && checkpoint !== previous) await deps.store.setCheckpoint(checkpoint);
  return { ...report, ...(checkpoint ? { checkpoint } : {}) };
}
