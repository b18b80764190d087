import { describe, expect, test } from "@jest/globals";
import { InFlight } from "../../src/coordination/in-flight.js";

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("work in flight at shutdown", () => {
  test("drain waits for every piece of work, including work started while draining, failed work included", async () => {
    const inFlight = new InFlight(() => new Date("2026-12-01T10:00:00Z"));
    const first = deferred();
    const second = deferred();
    void inFlight.track(first.promise);
    inFlight.beginShutdown();
    expect(inFlight.stopping).toBe(true);
    expect(inFlight.since).toBe("2026-12-01T10:00:00.000Z");
    let drained: boolean | undefined;
    const draining = inFlight.drain(60_000).then((d) => (drained = d));
    void inFlight.track(second.promise).catch(() => {});
    first.resolve();
    await first.promise;
    await Promise.resolve();
    expect(drained).toBeUndefined();
    expect(inFlight.pending).toBe(1);
    second.reject(new Error("boom"));
    await draining;
    expect(drained).toBe(true);
    expect(inFlight.pending).toBe(0);
  });

  test("drain gives up after its deadline when work never ends", async () => {
    const inFlight = new InFlight();
    void inFlight.track(new Promise(() => {}));
    expect(await inFlight.drain(0)).toBe(false);
    expect(inFlight.pending).toBe(1);
    expect(await new InFlight().drain(0)).toBe(true);
  });
});
