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

import Bottleneck from "bottleneck";
import { createOctokitClass, type OctokitPolicy } from "../../src/github/octokit.js";

/** Bottleneck without the throttling plugin's one-second spacing of writes, for fast fault tests. */
class FastGroup extends Bottleneck.Group {
  constructor(options: Bottleneck.ConstructorOptions = {}) {
    super({ ...options, minTime: 0 });
  }
}
class FastBottleneck extends Bottleneck {
  static override Group = FastGroup;
}

/** The production fault policy (retry + throttling on), with waits scaled down to milliseconds. */
export function fastPolicyOctokit(policy: OctokitPolicy = {}) {
  return createOctokitClass({ retryAfterBaseMs: 1, ...policy }).defaults((options: Record<string, any>) => ({
    ...options,
    throttle: { ...(options["throttle"] ?? {}), enabled: true, Bottleneck: FastBottleneck },
  }));
}
