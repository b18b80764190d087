import type { HookDelivery } from "../github/hook-deliveries.js";

/** A pass looks this far behind its checkpoint too: a delivery may be listed a little after its time. */
export const CHECKPOINT_OVERLAP_MS = 10 * 60_000;

export function succeeded(delivery: Pick<HookDelivery, "statusCode">): boolean {
  return delivery.statusCode >= 200 && delivery.statusCode < 300;
}

/**
 * How many redeliveries one event gets at most: a redelivery can fail too (it reached a replica that was
 * shutting down, timed out, or the app was briefly down again: no answer or 5xx), so it is asked again, a
 * tick later, up to this. A redelivery the app answered 4xx (it refused the payload) is not asked again.
 */
export const MAX_REDELIVERIES = 3;

/** The app answered 4xx: it refused the delivery itself (a payload it cannot take), so asking again cannot help. */
function refused(delivery: Pick<HookDelivery, "statusCode">): boolean {
  return delivery.statusCode >= 400 && delivery.statusCode < 500;
}

/** A failed event to redeliver: the guid, and the id of its latest attempt (the one asked again). */
export interface RedeliveryCandidate {
  guid: string;
  /** Redelivery attempts already listed for the event (all failed); 0 the first time it is asked. */
  redeliveries: number;
  deliveryId: number;
  deliveredAt: string;
  event: string;
  action: string | null;
}

export interface RedeliveryPlan {
  /** Failed events with no successful attempt and fewer than MAX_REDELIVERIES redelivery attempts, oldest first. */
  candidates: RedeliveryCandidate[];
  /** Failed events whose MAX_REDELIVERIES redelivery attempts all failed: not asked again. */
  alreadyRedelivered: string[];
}

/**
 * Groups the listed attempts by guid. An event is done when any attempt succeeded (2xx), so one whose
 * redelivery succeeded is never asked again; one whose redeliveries all failed without an answer or with
 * a 5xx is asked again until it has MAX_REDELIVERIES of them; one whose latest redelivery the app
 * answered 4xx is left alone. Pure.
 */
export function planRedeliveries(deliveries: readonly HookDelivery[]): RedeliveryPlan {
  const byGuid = new Map<string, HookDelivery[]>();
  for (const delivery of deliveries) {
    const attempts = byGuid.get(delivery.guid);
    if (attempts) attempts.push(delivery);
    else byGuid.set(delivery.guid, [delivery]);
  }
  const candidates: RedeliveryCandidate[] = [];
  const alreadyRedelivered: string[] = [];
  for (const [guid, attempts] of byGuid) {
    if (attempts.some(succeeded)) continue;
    const redelivered = attempts.filter((a) => a.redelivery);
    const redeliveries = redelivered.length;
    const lastRedelivery = redelivered.reduce<HookDelivery | undefined>((a, b) => (a === undefined || b.id > a.id ? b : a), undefined);
    if (redeliveries >= MAX_REDELIVERIES || (lastRedelivery && refused(lastRedelivery))) {
      alreadyRedelivered.push(guid);
      continue;
    }
    const latest = attempts.reduce((a, b) => (b.id > a.id ? b : a));
    candidates.push({ guid, redeliveries, deliveryId: latest.id, deliveredAt: latest.deliveredAt, event: latest.event, action: latest.action });
  }
  candidates.sort((a, b) => a.deliveredAt.localeCompare(b.deliveredAt) || a.deliveryId - b.deliveryId);
  return { candidates, alreadyRedelivered };
}

/** How far back a pass pages: the checkpoint (less an overlap), never beyond the lookback. */
export function pageBackTo(now: Date, lookbackHours: number, checkpoint?: string): Date {
  const floor = now.getTime() - lookbackHours * 3_600_000;
  const mark = checkpoint === undefined ? Number.NaN : Date.parse(checkpoint) - CHECKPOINT_OVERLAP_MS;
  return new Date(Number.isNaN(mark) ? floor : Math.max(floor, mark));
}

/**
 * Where the next pass may start: the newest delivery seen, unless some candidate was left for later
 * (the cap, a rate limit, a GitHub error), in which case the oldest of those, so it is listed again.
 */
export function nextCheckpoint(
  seen: readonly HookDelivery[],
  previous: string | undefined,
  leftOver: readonly RedeliveryCandidate[],
): string | undefined {
  if (leftOver.length > 0) return leftOver.reduce((a, b) => (b.deliveredAt < a.deliveredAt ? b : a)).deliveredAt;
  const newest = seen.reduce<string | undefined>((max, d) => (max === undefined || d.deliveredAt > max ? d.deliveredAt : max), undefined);
  if (newest === undefined) return previous;
  return previous !== undefined && previous > newest ? previous : newest;
}

/**
 * What a replica claims before asking GitHub for one redelivery: the guid for the first, then the guid and
 * how many redeliveries were listed, so each round is asked once across replicas and restarts.
 */
export function claimKey(candidate: Pick<RedeliveryCandidate, "guid" | "redeliveries">): string {
  return candidate.redeliveries === 0 ? candidate.guid : `${candidate.guid}#${candidate.redeliveries}`;
}
