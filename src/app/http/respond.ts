import type { IncomingMessage, ServerResponse } from "node:http";
import type { HtmlPage } from "../../health-page/html.js";

// Nothing the dashboard serves may be cached by a proxy or leak its address (it can carry ?token=).
const COMMON = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

function send(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: string): true {
  res.writeHead(status, { ...COMMON, ...headers, "content-length": String(Buffer.byteLength(body)) });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}

export function sendHtml(req: IncomingMessage, res: ServerResponse, status: number, page: HtmlPage): true {
  return send(req, res, status, { "content-type": "text/html; charset=utf-8", "content-security-policy": page.csp }, page.html);
}

export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): true {
  return send(req, res, status, { "content-type": "application/json; charset=utf-8" }, JSON.stringify(value, null, 2) + "\n");
}

export function sendText(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  text: string,
  contentType = "text/plain; charset=utf-8",
  extra: Record<string, string> = {},
): true {
  return send(req, res, status, { "content-type": contentType, ...extra }, text);
}

export function redirect(req: IncomingMessage, res: ServerResponse, location: string): true {
  return send(req, res, 301, { location, "content-type": "text/plain; charset=utf-8" }, `Moved to ${location}\n`);
}

/** Only GET and HEAD are served; anything else is 405 with the Allow header. */
export function refuseMethod(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === "GET" || req.method === "HEAD") return false;
  return send(req, res, 405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }, "Method not allowed\n");
}
