import { messageOf, statusOf } from "../core/github.js";

/**
 * A primary or secondary rate limit, as GitHub reports it: 429, or 403 with the remaining quota at 0,
 * a `retry-after`, or a message saying so. Other 403s (permissions) are not limits.
 */
export function isRateLimited(error: unknown): boolean {
  const status = statusOf(error);
  if (status === 429) return true;
  if (status !== 403) return false;
  const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers ?? {};
  const remaining = headers["x-ratelimit-remaining"];
  if (((typeof remaining === "string" || typeof remaining === "number") && String(remaining) === "0") || headers["retry-after"] !== undefined)
    return true;
  return /rate limit/i.test(messageOf(error));
}
