import { existsSync } from "node:fs";
import { z } from "zod";

const optionalText = z.string().trim().min(1).optional();
const port = z.coerce.number().int().min(1).max(65535);

/**
 * Every environment variable the app reads, parsed in one place. Probot's own variables keep their
 * Probot meaning; the app's own start with nothing or `BATCH_OPS_`. Empty strings count as unset.
 */
export const envSchema = z
  .object({
    APP_ID: z.coerce
      .number()
      .int()
      .positive()
      .optional()
      .describe("The GitHub App's id. Without it (and a private key) the app starts Probot's setup flow."),
    PRIVATE_KEY: z
      .string()
      .refine((v) => v.includes("-----BEGIN") || /^[A-Za-z0-9+/=\s]+$/.test(v), "must be a PEM private key (or its base64)")
      .optional()
      .describe("The App's private key (PEM, or its base64)."),
    PRIVATE_KEY_PATH: z
      .string()
      .refine((p) => existsSync(p), "file does not exist")
      .optional()
      .describe("Path to the App's PEM file, instead of `PRIVATE_KEY`. Must exist."),
    WEBHOOK_SECRET: optionalText.describe(
      "Webhook secret: every delivery's `X-Hub-Signature-256` is verified with it. Required when `NODE_ENV=production` and `APP_ID` is set.",
    ),
    WEBHOOK_PATH: z.string().startsWith("/", "must start with /").default("/api/github/webhooks").describe("Where webhooks are received."),
    WEBHOOK_PROXY_URL: z.url().optional().describe("A smee.io URL that forwards webhooks, for local development."),
    PORT: port.default(3000).describe("HTTP port."),
    HOST: optionalText.describe("Address to listen on. Unset: `localhost` (the Docker image sets `0.0.0.0`)."),
    GHE_HOST: z
      .string()
      .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, "must be a host name with an optional :port, without a scheme")
      .optional()
      .describe(
        "GitHub Enterprise Server (or any API host), e.g. `ghe.example.com` or `127.0.0.1:8080`. The API is `<GHE_PROTOCOL>://<GHE_HOST>/api/v3`. Unset: github.com.",
      ),
    GHE_PROTOCOL: z.enum(["http", "https"]).default("https").describe("Protocol of `GHE_HOST`."),
    LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info").describe("Least severe log level written."),
    LOG_FORMAT: z.enum(["json", "pretty"]).optional().describe("Log format. Unset: `pretty`, or `json` when `NODE_ENV=production`."),
    REDIS_URL: z
      .url()
      .refine((u) => /^rediss?:/.test(u), "must be a redis:// or rediss:// URL")
      .optional()
      .describe(
        "`redis://` or `rediss://` URL: replicas coordinate through it (delivery de-duplication, write locks, schedule leases, rate-limit pauses). Unset: one process, coordinated in memory.",
      ),
    NODE_ENV: optionalText.describe("`production` turns on JSON logs and requires `WEBHOOK_SECRET` once `APP_ID` is set."),
    DASHBOARD_TOKEN: z
      .string()
      .trim()
      .min(16, "must be at least 16 characters (it guards private repositories' health pages)")
      .optional()
      .describe(
        "Bearer token (header, or `?token=`) that shows private repositories on `/pipeline/` and guards `/metrics`, e.g. `openssl rand -hex 24`. Unset: only public repositories are shown.",
      ),
    BATCH_OPS_DASHBOARD_CACHE_SECONDS: z.coerce
      .number()
      .int()
      .min(5)
      .max(3600)
      .default(60)
      .describe("How long one repository's health data (and the list of installed repositories) is reused, whatever the number of viewers."),
    BATCH_OPS_WRITE_SPACING_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(1000)
      .describe(
        "Milliseconds between mutating GitHub requests per installation (three times that between comments and issues), as GitHub advises against secondary rate limits.",
      ),
    BATCH_OPS_SCHEDULE_INTERVAL_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .max(86_400)
      .default(300)
      .describe("Seconds between in-process schedule ticks; `0` disables the timer (use `POST /batch-ops/schedule` from cron instead)."),
    SCHEDULE_TRIGGER_TOKEN: z
      .string()
      .trim()
      .min(16, "must be at least 16 characters (it lets anyone who has it run the schedule)")
      .optional()
      .describe("Bearer token for `POST /batch-ops/schedule`. Unset: the trigger answers 404."),
    BATCH_OPS_MEMORY_SAVER: z
      .enum(["on", "off"])
      .default("on")
      .describe(
        "V8's memory-saving garbage collection, set at start-up (`server.ts`): `on` roughly halves the peak memory of a queue accept on a 1.4 MB queue at about twice its CPU; `off` turns it off.",
      ),
    BATCH_OPS_REDELIVERY: z
      .enum(["on", "off"])
      .default("on")
      .describe("`off` turns off asking GitHub to redeliver webhooks that failed (or arrived while batch-ops was down)."),
    BATCH_OPS_REDELIVERY_LOOKBACK_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(72, "must be at most 72 (GitHub keeps webhook deliveries for 3 days)")
      .default(24)
      .describe(
        "How far back the first redelivery pass looks for failed deliveries (later passes start at their checkpoint); at most 72, GitHub keeps deliveries 3 days.",
      ),
    BATCH_OPS_REDELIVERY_MAX_PER_TICK: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(25)
      .describe("Most redeliveries asked for in one schedule tick; the rest wait for the next tick."),
    BATCH_OPS_RECONCILE_MAX_RUNS_PER_TICK: z.coerce
      .number()
      .int()
      .min(0)
      .max(100)
      .default(20)
      .describe(
        "Most lost batch runs applied from the Actions API per repository and tick (`0` turns the catch-up off); the rest wait for the next tick.",
      ),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && env.APP_ID !== undefined && !env.WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["WEBHOOK_SECRET"], message: "is required in production: unsigned webhooks would be accepted" });
    }
  });

export type AppEnv = z.infer<typeof envSchema>;

export type EnvResult = { ok: true; env: AppEnv } | { ok: false; message: string };

/** Parses `process.env` (or any record). On failure, one message naming each bad variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): EnvResult {
  const keys = Object.keys(envSchema.shape) as (keyof AppEnv)[];
  const present: Record<string, string> = {};
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined && value !== "") present[key] = value;
  }
  const parsed = envSchema.safeParse(present);
  if (parsed.success) return { ok: true, env: parsed.data };
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".") || "(env)"}: ${issue.message}`);
  return { ok: false, message: `batch-ops: invalid environment, not starting:\n${lines.join("\n")}` };
}
