import { ProbotOctokit } from "probot";

/**
 * Probot's Octokit without retries or throttling. The function form matters: Probot passes its own
 * `throttle` options per installation, which would replace a plain `{ throttle: { enabled: false } }`
 * default and bring back the plugin's one-second spacing between writes.
 */
export const UnthrottledOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options["throttle"] as object), enabled: false },
}));

import { createOctokitClass, type OctokitPolicy } from "../../src/github/octokit.js";

/** The production fault policy (retry + throttling on), with waits scaled down to milliseconds. */
export function fastPolicyOctokit(policy: OctokitPolicy = {}) {
  return createOctokitClass({ retryAfterBaseMs: 1, writeSpacingMs: 0, ...policy }).defaults((options: Record<string, any>) => ({
    ...options,
    throttle: { ...(options["throttle"] ?? {}), enabled: true },
  }));
}
