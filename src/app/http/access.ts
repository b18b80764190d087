import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export interface Viewer {
  /** The request carried the dashboard token: private repositories are visible. */
  tokenAccepted: boolean;
  /** `?token=…` to keep on links when the token came in the URL (empty otherwise). */
  query: string;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Constant-time comparison: both sides are hashed first, so neither length nor content leaks through timing. */
export function tokenMatches(given: string | undefined, expected: string | undefined): boolean {
  if (!expected || given === undefined) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Who is asking: `Authorization: Bearer <token>` or `?token=<token>` against `DASHBOARD_TOKEN`. A wrong
 * or missing token is not an error, it just shows public repositories only.
 */
export function viewerOf(req: IncomingMessage, url: URL, dashboardToken: string | undefined): Viewer {
  const header = req.headers.authorization;
  const bearer = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  if (tokenMatches(bearer, dashboardToken)) return { tokenAccepted: true, query: "" };
  const fromQuery = url.searchParams.get("token") ?? undefined;
  if (tokenMatches(fromQuery, dashboardToken)) return { tokenAccepted: true, query: `?token=${encodeURIComponent(fromQuery!)}` };
  return { tokenAccepted: false, query: "" };
}

export function canSee(viewer: Viewer, repository: { private: boolean }): boolean {
  return !repository.private || viewer.tokenAccepted;
}
