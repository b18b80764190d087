import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";
import type { SharedRateLimitPause } from "../coordination/rate-limit-pause.js";
import { sleep } from "../util/backoff.js";

export interface OctokitPolicy {
  /** Shared "paused until" per installation (Redis across replicas, in-process otherwise). */
  pause?: SharedRateLimitPause;
  /** Retries after a secondary rate limit; Probot's default only logs and gives up. */
  secondaryRetries?: number;
  /** A limit that asks to wait longer than this fails instead of stalling the event. */
  maxRetryAfterSeconds?: number;
  /** Scales every retry wait (1000 = seconds as GitHub says); tests make it small. */
  retryAfterBaseMs?: number;
  /**
   * Milliseconds between mutating requests per installation and process. GitHub recommends at least
   * one second to stay clear of secondary rate limits (the throttling plugin's default).
   */
  writeSpacingMs?: number;
  /** Called for every answered request (metrics). */
  onResponse?: (status: number) => void;
}

/** Octokit constructor and request options, as the plugins pass them (untyped in Octokit's plugin API). */
type Options = Record<string, unknown>;
type LimitLogger = { log?: { warn?: (message: string) => void } } | undefined;

/**
 * The throttling plugin's Bottleneck with its spacing replaced: `minTime` between writes, and three
 * times that between content-creating requests (comments, issues), the plugin's own 1 s / 3 s ratio.
 */
function bottleneckWithWriteSpacing(minTime: number): typeof Bottleneck {
  const spacing: Record<string, number> = { "octokit-write": minTime, "octokit-notifications": minTime * 3 };
  class Group extends Bottleneck.Group {
    constructor(options: Bottleneck.ConstructorOptions = {}) {
      const id = String(options.id ?? "");
      super(id in spacing ? { ...options, minTime: spacing[id] } : options);
    }
  }
  return class extends Bottleneck {
    static override Group = Group;
  };
}

/**
 * Probot's Octokit with batch-ops' fault policy: 5xx and network errors retried with backoff (retry
 * plugin), secondary and primary rate limits waited out and retried (bounded) and shared across
 * replicas. The function form of `defaults` runs after Probot passes its own throttle handlers, so
 * ours win.
 */
export function createOctokitClass(policy: OctokitPolicy = {}): typeof ProbotOctokit {
  const secondaryRetries = policy.secondaryRetries ?? 3;
  const maxRetryAfter = policy.maxRetryAfterSeconds ?? 120;
  const spacing = policy.writeSpacingMs === undefined ? undefined : bottleneckWithWriteSpacing(policy.writeSpacingMs);
  const scopeOf = (options: Options) => String((options["auth"] as { installationId?: number } | undefined)?.installationId ?? "app");

  const WithPolicy = ProbotOctokit.plugin((octokit, options: Options) => {
    const scope = scopeOf(options);
    octokit.hook.before("request", async () => {
      const wait = (await policy.pause?.waitMs(scope)) ?? 0;
      if (wait > 0) await sleep(wait);
    });
    octokit.hook.after("request", (response) => policy.onResponse?.(response.status));
    octokit.hook.error("request", (error: unknown) => {
      const status = (error as { status?: unknown } | null)?.status;
      policy.onResponse?.(typeof status === "number" ? status : 0);
      throw error;
    });
  });

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- `defaults` loses the Probot class type
  return WithPolicy.defaults((instance: Options) => {
    const scope = scopeOf(instance);
    const base = policy.retryAfterBaseMs;
    const limitHandler = (retries: number) => (retryAfter: number, request: Options, octokit: LimitLogger, retryCount: number) => {
      const retry = retryCount < retries && retryAfter <= maxRetryAfter;
      octokit?.log?.warn?.(
        `rate limit on ${String(request["method"])} ${String(request["url"])}: ${retry ? `retrying in ${retryAfter}s` : "giving up"}`,
      );
      void policy.pause?.pause(scope, (retryAfter * (base ?? 1000)) / 1000);
      return retry;
    };
    return {
      ...instance,
      // 409 is a compare-and-swap conflict: the write loop re-reads and re-applies, a blind retry cannot succeed.
      retry: {
        doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451],
        ...(instance["retry"] ?? {}),
        ...(base !== undefined ? { retryAfterBaseValue: base } : {}),
      },
      throttle: {
        ...(instance["throttle"] ?? {}),
        ...(base !== undefined ? { retryAfterBaseValue: base } : {}),
        ...(spacing ? { Bottleneck: spacing } : {}),
        onSecondaryRateLimit: limitHandler(secondaryRetries),
        onRateLimit: limitHandler(2),
      },
    };
  }) as typeof ProbotOctokit;
}
