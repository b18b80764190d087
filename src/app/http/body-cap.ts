import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";

/** GitHub caps webhook payloads at 25 MB: a larger body never comes from GitHub. */
export const WEBHOOK_MAX_BYTES = 25 * 1024 * 1024;

/** Where a webhook request whose declared body is too large is diverted, unread, to be answered 413. */
export const TOO_LARGE_PATH = "/batch-ops/_webhook-too-large";

const REQUEST_START = "http.server.request.start";

function pathOf(url: string | undefined): string {
  return (url ?? "").split("?")[0]!.replace(/\/+$/, "");
}

/**
 * Probot's webhook middleware reads a request body whole, whatever its size, before checking the
 * signature, so a forged 1 GB POST would be held in memory. This runs before any request listener
 * (Node's `http.server.request.start` channel): a POST to `webhookPath` declaring more than `maxBytes`
 * is diverted to `TOO_LARGE_PATH` (answered 413 by `tooLargeRoute`, body unread), and one that streams
 * past `maxBytes` without declaring its length is cut off. Returns the function that stops it.
 */
export function capWebhookBodies(webhookPath: string, maxBytes = WEBHOOK_MAX_BYTES): () => void {
  const path = pathOf(webhookPath);
  const onStart = (message: unknown) => {
    const { request } = message as { request: IncomingMessage };
    if (request.method !== "POST" || pathOf(request.url) !== path) return;
    const declared = Number(request.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) {
      request.url = TOO_LARGE_PATH;
      return;
    }
    let received = 0;
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes) return;
      request.off("data", count);
      request.destroy(Object.assign(new Error(`webhook body over ${maxBytes} bytes`), { status: 413 }));
    };
    request.on("data", count);
  };
  subscribe(REQUEST_START, onStart);
  return () => void unsubscribe(REQUEST_START, onStart);
}

/** Answers the requests `capWebhookBodies` diverted: 413, connection closed, the body never read. */
export function tooLargeRoute(maxBytes = WEBHOOK_MAX_BYTES) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.url !== TOO_LARGE_PATH) return false;
    if (!res.headersSent) {
      const body = JSON.stringify({ error: `the payload is larger than GitHub's ${maxBytes / 1024 / 1024} MB webhook cap` });
      res.writeHead(413, { "content-type": "application/json", connection: "close", "content-length": String(Buffer.byteLength(body)) });
      res.end(body, () => req.destroy());
    }
    return true;
  };
}
