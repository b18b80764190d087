import { describe, expect, test } from "@jest/globals";
import { buildDeps } from "../../src/app/composition.js";
import { envSchema } from "../../src/config/env.js";
import type { ExclusiveRunner } from "../../src/coordination/exclusive.js";

const env = () => envSchema.parse({});

/** Starts `key` on `runner` and holds it until the returned release is called. */
function hold(runner: ExclusiveRunner, key: string, log: string[], name: string): () => void {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  void runner.run(key, async () => {
    log.push(`${name} start`);
    await held;
    log.push(`${name} end`);
  });
  return release;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("the composition root owns every lock and cache", () => {
  test("within one app, work on one key takes turns (the security and follow-up lock, the seeding lock)", async () => {
    const deps = buildDeps(env());
    for (const runner of [deps.exclusive, deps.seedingLock]) {
      const log: string[] = [];
      const release = hold(runner, "o/r", log, "first");
      const second = runner.run("o/r", async () => void log.push("second"));
      await settle();
      expect(log).toEqual(["first start"]);
      release();
      await second;
      expect(log).toEqual(["first start", "first end", "second"]);
    }
  });

  test("two apps built apart share nothing: no lock, no cache, no memo", async () => {
    const a = buildDeps(env());
    const b = buildDeps(env());
    expect(a.exclusive).not.toBe(b.exclusive);
    expect(a.seedingLock).not.toBe(b.seedingLock);
    expect(a.repeatReads).not.toBe(b.repeatReads);
    expect(a.workflowTexts).not.toBe(b.workflowTexts);
    // A key held in one app does not hold up the other (with Redis, both would share the Redis lock).
    const log: string[] = [];
    const release = hold(a.exclusive, "o/r", log, "a");
    await b.exclusive.run("o/r", async () => void log.push("b"));
    expect(log).toEqual(["a start", "b"]);
    release();
  });
});
