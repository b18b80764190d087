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
    APP_ID: z.coerce.number().int().positive().optional(),
    PRIVATE_KEY: z
      .string()
      .refine((v) => v.includes("-----BEGIN") || /^[A-Za-z0-9+/=\s]+$/.test(v), "must be a PEM private key (or its base64)")
      .optional(),
    PRIVATE_KEY_PATH: z.string().refine((p) => existsSync(p), "file does not exist").optional(),
    WEBHOOK_SECRET: optionalText,
    WEBHOOK_PATH: z.string().startsWith("/", "must start with /").default("/api/github/webhooks"),
    WEBHOOK_PROXY_URL: z.url().optional(),
    PORT: port.default(3000),
    HOST: optionalText,
    GHE_HOST: z
      .string()
      .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, "must be a host name with an optional :port, without a scheme")
      .optional(),
    GHE_PROTOCOL: z.enum(["http", "https"]).default("https"),
    LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
    LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
    REDIS_URL: z
      .url()
      .refine((u) => /^rediss?:/.test(u), "must be a redis:// or rediss:// URL")
      .optional(),
    NODE_ENV: optionalText,
    DASHBOARD_TOKEN: z.string().trim().min(16, "must be at least 16 characters (it guards private repositories' health pages)").optional(),
    BATCH_OPS_DASHBOARD_CACHE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    BATCH_OPS_WRITE_SPACING_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    BATCH_OPS_SCHEDULE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    SCHEDULE_TRIGGER_TOKEN: z.string().trim().min(16, "must be at least 16 characters (it lets anyone who has it run the schedule)").optional(),
    BATCH_OPS_REDELIVERY: z.enum(["on", "off"]).default("on"),
    BATCH_OPS_REDELIVERY_LOOKBACK_HOURS: z.coerce.number().int().min(1).max(72, "must be at most 72 (GitHub keeps webhook deliveries for 3 days)").default(24),
    BATCH_OPS_REDELIVERY_MAX_PER_TICK: z.coerce.number().int().min(1).max(100).default(25),
    BATCH_OPS_RECONCILE_MAX_RUNS_PER_TICK: z.coerce.number().int().min(0).max(100).default(20),
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
