import { describe, expect, test } from "@jest/globals";
import { readEnv } from "../src/config/env.js";

describe("readEnv", () => {
  test("defaults", () => {
    const result = readEnv({});
    expect(result.ok && result.env).toMatchObject({ PORT: 3000, WEBHOOK_PATH: "/api/github/webhooks", GHE_PROTOCOL: "https", LOG_LEVEL: "info" });
  });
  test("empty strings count as unset", () => {
    expect(readEnv({ PORT: "", APP_ID: "" }).ok).toBe(true);
  });
  test("one message naming every bad variable", () => {
    const result = readEnv({
      APP_ID: "abc",
      PORT: "70000",
      GHE_PROTOCOL: "ftp",
      LOG_LEVEL: "loud",
      REDIS_URL: "http://x",
      WEBHOOK_PATH: "hooks",
      GHE_HOST: "https://ghe.example",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const name of ["APP_ID", "PORT", "GHE_PROTOCOL", "LOG_LEVEL", "REDIS_URL", "WEBHOOK_PATH", "GHE_HOST"]) {
      expect(result.message).toMatch(new RegExp(`^  ${name}: `, "m"));
    }
  });
  test("http GHE hosts with a port are accepted", () => {
    const result = readEnv({ GHE_HOST: "127.0.0.1:8080", GHE_PROTOCOL: "http" });
    expect(result.ok && result.env.GHE_HOST).toBe("127.0.0.1:8080");
  });
  test("production requires a webhook secret once the app is configured", () => {
    const result = readEnv({ NODE_ENV: "production", APP_ID: "12" });
    expect(!result.ok && result.message).toMatch(/WEBHOOK_SECRET: is required in production/);
  });
  test("the memory saver is on unless turned off; anything else is refused", () => {
    expect(readEnv({}).ok && (readEnv({}) as { env: { BATCH_OPS_MEMORY_SAVER: string } }).env.BATCH_OPS_MEMORY_SAVER).toBe("on");
    const off = readEnv({ BATCH_OPS_MEMORY_SAVER: "off" });
    expect(off.ok && off.env.BATCH_OPS_MEMORY_SAVER).toBe("off");
    const bad = readEnv({ BATCH_OPS_MEMORY_SAVER: "maybe" });
    expect(!bad.ok && bad.message).toMatch(/^ {2}BATCH_OPS_MEMORY_SAVER: /m);
  });
});
