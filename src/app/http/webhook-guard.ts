import { emitterEventNames } from "@octokit/webhooks";
import type { Logger, Probot } from "probot";
import type { InFlight } from "../../coordination/in-flight.js";

type Webhooks = Probot["webhooks"];
type Delivery = Parameters<Webhooks["verifyAndReceive"]>[0];

function failure(message: string, status: number): AggregateError {
  return new AggregateError([Object.assign(new Error(message), { status })], message);
}

/** Whether a JSON text is an object (`{…}`), without parsing it a second time. */
function looksLikeObject(payload: string): boolean {
  const first = /\S/.exec(payload);
  return first !== null && first[0] === "{";
}

/**
 * Wraps the webhook receiver Probot's HTTP middleware calls, so a delivery is answered cleanly:
 * a signed body that is not a JSON object (`null`, `[]`, `"x"`) gets 400 instead of a crash, and a
 * handler's failure gets 500 with a generic message: error text (paths, stack, tokens) stays in the log.
 * With `inFlight`, each delivery is tracked until its handlers finish (a shutdown waits for it), and
 * once shutdown has begun a delivery is answered 503 and nothing runs: GitHub marks it failed, and the
 * catch-up (another replica, or this one after its restart) has it redelivered.
 */
export function guardWebhookReceiver(
  webhooks: Webhooks,
  log: Pick<Logger, "error">,
  inFlight?: InFlight,
  /** Called with the event name (or "unknown") of a delivery whose signature does not match. */
  onRejected?: (event: string) => void,
): void {
  const knownEvents = new Set<string>(emitterEventNames);
  const guarded = async (delivery: Delivery) => {
    const payload = typeof delivery.payload === "string" ? delivery.payload : JSON.stringify(delivery.payload);
    // Verified here, not by the library: its refusal carries the whole delivery, which Probot then logs
    // (a forged 25 MB body written to the log, the event loop blocked for a second serialising it).
    if (!(await webhooks.verify(payload, delivery.signature).catch(() => false))) {
      onRejected?.(knownEvents.has(delivery.name) ? delivery.name : "unknown");
      throw failure("signature does not match event payload and secret", 400);
    }
    if (!looksLikeObject(payload)) throw failure("the payload is not a JSON object", 400);
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      throw failure("Invalid JSON", 400);
    }
    try {
      await webhooks.receive({ id: delivery.id, name: delivery.name, payload: parsed } as Parameters<Webhooks["receive"]>[0]);
    } catch (error) {
      const first = (error as { errors?: unknown[] }).errors?.[0] ?? error;
      const status = (first as { status?: unknown }).status;
      // 4xx from the library keep their own short message.
      if (typeof status === "number" && status >= 400 && status < 500) throw error;
      log.error({ err: error, delivery: delivery.id, event: delivery.name }, "webhook handler failed");
      throw failure("handling the delivery failed; details are in the app's log", 500);
    }
  };
  webhooks.verifyAndReceive = (delivery: Delivery) => {
    if (!inFlight) return guarded(delivery);
    if (inFlight.stopping) return Promise.reject(failure("batch-ops is shutting down; the delivery will be redelivered", 503));
    return inFlight.track(guarded(delivery));
  };
}
