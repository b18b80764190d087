import type { ApplicationFunctionOptions } from "probot";

type Handler = Parameters<ApplicationFunctionOptions["addHandler"]>[0];

/**
 * Registers an HTTP handler on Probot's server. `probot.load()` without a server (unit tests, `receive`)
 * has no HTTP side; there the route is simply not mounted.
 */
export function addRoute(options: Partial<ApplicationFunctionOptions> | undefined, handler: Handler): void {
  try {
    options?.addHandler?.(handler);
  } catch (error) {
    if (!(error instanceof Error && /no server instance/i.test(error.message))) throw error;
  }
}
