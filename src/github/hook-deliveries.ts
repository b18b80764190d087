import type { GitHub } from "../core/github.js";

/** One attempt at delivering a webhook to this App, as `GET /app/hook/deliveries` lists it. */
export interface HookDelivery {
  id: number;
  /** The event's id (`X-GitHub-Delivery`): shared by every attempt, redeliveries included. */
  guid: string;
  deliveredAt: string;
  redelivery: boolean;
  /** The HTTP status the app answered with; 0 when nothing answered. */
  statusCode: number;
  event: string;
  action: string | null;
}

/** The fields the pass uses, checked: an item that does not have them is left out. */
function deliveryOf(raw: unknown): HookDelivery | undefined {
  const item = raw as Record<string, unknown> | null;
  if (!item || !Number.isSafeInteger(item["id"]) || typeof item["guid"] !== "string" || item["guid"] === "") return undefined;
  if (typeof item["delivered_at"] !== "string" || Number.isNaN(Date.parse(item["delivered_at"]))) return undefined;
  return {
    id: item["id"] as number,
    guid: item["guid"].slice(0, 100),
    deliveredAt: new Date(item["delivered_at"]).toISOString(),
    redelivery: item["redelivery"] === true,
    statusCode: typeof item["status_code"] === "number" ? item["status_code"] : 0,
    event: typeof item["event"] === "string" ? item["event"].slice(0, 100) : "",
    action: typeof item["action"] === "string" ? item["action"].slice(0, 100) : null,
  };
}

export interface DeliveryListing {
  /** Newest first, as GitHub lists them. */
  deliveries: HookDelivery[];
  /** `maxPages` ran out before a page reached back far enough. */
  truncated: boolean;
}

/**
 * The App's webhook deliveries, newest first, page by page (cursor pagination through the `Link`
 * header), until a page holds a delivery older than `since` or `maxPages` were read. App (JWT) client.
 */
export async function listAppDeliveriesSince(appGithub: GitHub, since: Date, maxPages: number): Promise<DeliveryListing> {
  const deliveries: HookDelivery[] = [];
  let pages = 0;
  const iterator = appGithub.paginate.iterator(appGithub.rest.apps.listWebhookDeliveries, { per_page: 100 });
  for await (const page of iterator) {
    pages++;
    let reached = page.data.length === 0;
    for (const raw of page.data as unknown[]) {
      const delivery = deliveryOf(raw);
      if (!delivery) continue;
      if (Date.parse(delivery.deliveredAt) < since.getTime()) reached = true;
      else deliveries.push(delivery);
    }
    if (reached) return { deliveries, truncated: false };
    if (pages >= maxPages) return { deliveries, truncated: /rel="next"/.test(String(page.headers.link ?? "")) };
  }
  return { deliveries, truncated: false };
}

/** Asks GitHub for a new attempt of one delivery (it answers 202; the event arrives again with the same guid). */
export async function redeliver(appGithub: GitHub, deliveryId: number): Promise<void> {
  await appGithub.rest.apps.redeliverWebhookDelivery({ delivery_id: deliveryId });
}
