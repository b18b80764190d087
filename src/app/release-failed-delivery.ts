import type { Probot } from "probot";
import type { DeliveryDedupe } from "../coordination/delivery-dedupe.js";
import { securityDeliveryId } from "../security/security-env.js";

/**
 * When any handler of a delivery fails, the delivery's claims are released, so that redelivering it
 * from the App's settings (GitHub reuses the delivery id, and never redelivers on its own) runs it
 * again instead of being ignored as a duplicate. Work that did succeed is idempotent on a rerun
 * (compare-and-swap edits that find nothing to change, runs recorded as applied, issues found by title).
 */
export function releaseClaimsOnFailure(app: Probot, dedupe: DeliveryDedupe): void {
  app.onError(async (error) => {
    const id = (error as { event?: { id?: string } }).event?.id;
    if (!id) return;
    await Promise.all([dedupe.release(id), dedupe.release(securityDeliveryId(id))]);
    app.log.warn({ delivery: id }, "handling failed: the delivery can be redelivered from the App's settings");
  });
}
