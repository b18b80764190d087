import type { HookDelivery } from "../github/hook-deliveries.js";

/** A pass looks this far behind its checkpoint too: a delivery may be listed a little after its time. */
export const CHECKPOINT_OVERLAP_MS = 10 * 60_000;

export function succeeded(delivery: Pick<HookDelivery, "statusCode">): boolean {
  return delivery.statusCode >= 200 && delivery.statusCode < 300;
}

/** A failed event to redeliver: the guid, and the id of its latest attempt (the one asked again). */
export interface RedeliveryCandidate {
  guid: string;
  deliveryId: number;
  deliveredAt: string;
  event: string;
  action: string | null;
}

export interface RedeliveryPlan {
  /** Failed events with no successful attempt and never redelivered, oldest first. */
  candidates: RedeliveryCandidate[];
  /** Failed events that already have a redelivery attempt (by this app before a restart, or by a person). */
  alreadyRedelivered: string[];
}

/**
 * Groups the listed attempts by guid. An event is done when any attempt succeeded (2xx); it is
 * redelivered once, so an event with a redelivery attempt among its failures is not asked again.
 * Pure.
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
    if (attempts.some((a) => a.redelivery)) {
      alreadyRedelivered.push(guid);
      continue;
    }
    const latest = attempts.reduce((a, b) => (b.id > a.id ? b : a));
    candidates.push({ guid, deliveryId: latest.id, deliveredAt: latest.deliveredAt, event: latest.event, action: latest.action });
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
