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
export function guardWebhookReceiver(webhooks: Webhooks, log: Pick<Logger, "error">, inFlight?: InFlight): void {
  const receive = webhooks.verifyAndReceive.bind(webhooks);
  const guarded = async (delivery: Delivery) => {
    const payload = typeof delivery.payload === "string" ? delivery.payload : JSON.stringify(delivery.payload);
    if (!looksLikeObject(payload) && (await webhooks.verify(payload, delivery.signature).catch(() => false))) {
      throw failure("the payload is not a JSON object", 400);
    }
    try {
      await receive(delivery);
    } catch (error) {
      const first = (error as { errors?: unknown[] }).errors?.[0] ?? error;
      const status = (first as { status?: unknown }).status;
      // 4xx from the library (bad signature, invalid JSON) keep their own short message.
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
