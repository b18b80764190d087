import { describe, expect, test } from "@jest/globals";
import { KeyedMutex } from "../../src/coordination/keyed-mutex.js";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("KeyedMutex", () => {
  test("work for one key runs one at a time, in arrival order; other keys do not wait", async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const gate = deferred();
    const first = mutex.run("a", async () => {
      log.push("a1 start");
      await gate.promise;
      log.push("a1 end");
    });
    const second = mutex.run("a", async () => void log.push("a2"));
    await mutex.run("b", async () => void log.push("b"));
    expect(log).toEqual(["a1 start", "b"]);
    gate.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual(["a1 start", "b", "a1 end", "a2"]);
  });

  test("a failing piece of work releases the key and its error reaches only its caller", async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run("a", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(mutex.run("a", async () => 42)).resolves.toBe(42);
  });
});
