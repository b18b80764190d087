import { afterEach, beforeEach, describe, expect, jest, test } from "@jest/globals";
import { ScheduleTimer, stopScheduleTimers } from "../../../src/app/schedule/timer.js";
import { leaseTtlMs, scheduleSettingsFrom } from "../../../src/config/schedule-settings.js";
import { envSchema } from "../../../src/config/env.js";
import { readEnv } from "../../../src/config/env.js";
import { testDeps, testProbot } from "../../helpers/index.js";

const log = { error: () => {} };

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  stopScheduleTimers();
  jest.useRealTimers();
});

describe("the in-process timer", () => {
  test("ticks every interval until stopped", async () => {
    let ticks = 0;
    const timer = new ScheduleTimer(300_000, async () => void ticks++, log);
    expect(timer.start()).toBe(true);
    expect(timer.start()).toBe(false);
    await jest.advanceTimersByTimeAsync(299_999);
    expect(ticks).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(ticks).toBe(1);
    await jest.advanceTimersByTimeAsync(600_000);
    expect(ticks).toBe(3);
    timer.stop();
    expect(timer.running).toBe(false);
    await jest.advanceTimersByTimeAsync(900_000);
    expect(ticks).toBe(3);
    expect(jest.getTimerCount()).toBe(0);
  });

  test("interval 0 disables it", () => {
    const timer = new ScheduleTimer(0, async () => {}, log);
    expect(timer.start()).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  test("a failing tick is logged and the timer keeps going", async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const timer = new ScheduleTimer(
      1000,
      async () => {
        calls++;
        throw new Error("GitHub down");
      },
      { error: (obj: unknown) => void errors.push(obj) },
    );
    timer.start();
    await jest.advanceTimersByTimeAsync(2000);
    expect(calls).toBe(2);
    expect(errors).toHaveLength(2);
  });

  test("the app starts one timer when deps.schedule has an interval, and stopScheduleTimers ends it", async () => {
    const before = jest.getTimerCount();
    const probot = testProbot(testDeps({ schedule: { intervalSeconds: 300 } }));
    await probot.ready?.();
    await jest.advanceTimersByTimeAsync(0);
    expect(jest.getTimerCount()).toBe(before + 1);
    stopScheduleTimers();
    expect(jest.getTimerCount()).toBe(before);
  });

  test("no deps.schedule (tests, by default): no timer", async () => {
    const before = jest.getTimerCount();
    testProbot(testDeps());
    await jest.advanceTimersByTimeAsync(0);
    expect(jest.getTimerCount()).toBe(before);
  });
});

describe("settings from the environment", () => {
  test("defaults: every 300 s, no trigger", () => {
    expect(scheduleSettingsFrom(envSchema.parse({}))).toEqual({ intervalSeconds: 300 });
  });

  test("BATCH_OPS_SCHEDULE_INTERVAL_SECONDS and SCHEDULE_TRIGGER_TOKEN", () => {
    expect(scheduleSettingsFrom(envSchema.parse({ BATCH_OPS_SCHEDULE_INTERVAL_SECONDS: "0", SCHEDULE_TRIGGER_TOKEN: "abcdefghijklmnopq" }))).toEqual({
      intervalSeconds: 0,
      triggerToken: "abcdefghijklmnopq",
    });
  });

  test.each([
    [{ BATCH_OPS_SCHEDULE_INTERVAL_SECONDS: "-5" }, "BATCH_OPS_SCHEDULE_INTERVAL_SECONDS"],
    [{ BATCH_OPS_SCHEDULE_INTERVAL_SECONDS: "5m" }, "BATCH_OPS_SCHEDULE_INTERVAL_SECONDS"],
    [{ SCHEDULE_TRIGGER_TOKEN: "short" }, "SCHEDULE_TRIGGER_TOKEN: must be at least 16 characters"],
  ])("refused: %j", (env, message) => {
    const result = readEnv(env);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });

  test("the lease lasts a little less than the interval", () => {
    expect(leaseTtlMs(scheduleSettingsFrom({ BATCH_OPS_SCHEDULE_INTERVAL_SECONDS: 300 }))).toBe(290_000);
    expect(leaseTtlMs(scheduleSettingsFrom({ BATCH_OPS_SCHEDULE_INTERVAL_SECONDS: 20 }))).toBe(30_000);
    expect(leaseTtlMs({ intervalSeconds: 0 })).toBe(240_000);
  });
});
