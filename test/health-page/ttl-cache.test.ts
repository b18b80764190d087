import { describe, expect, test } from "@jest/globals";
import { TtlCache } from "../../src/health-page/ttl-cache.js";

function clock(start = 0) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe("TtlCache", () => {
  test("one load per interval, however many callers", async () => {
    const time = clock();
    const cache = new TtlCache<number>(60_000, time.now);
    let loads = 0;
    const load = async () => ++loads;
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.get("k", load)));
    expect(answers.every((a) => a.value === 1)).toBe(true);
    time.advance(59_999);
    expect((await cache.get("k", load)).value).toBe(1);
    time.advance(1);
    expect((await cache.get("k", load)).value).toBe(2);
    expect(loads).toBe(2);
    expect(cache.loads).toBe(2);
  });

  test("callers during a load share it", async () => {
    const time = clock();
    const cache = new TtlCache<string>(1000, time.now);
    let release!: (v: string) => void;
    let loads = 0;
    const load = () => {
      loads++;
      return new Promise<string>((r) => (release = r));
    };
    const first = cache.get("k", load);
    const second = cache.get("k", load);
    release("v");
    expect((await first).value).toBe("v");
    expect((await second).value).toBe("v");
    expect(loads).toBe(1);
  });

  test("a failure is remembered for the interval, then tried again", async () => {
    const time = clock();
    const cache = new TtlCache<string>(1000, time.now);
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error("GitHub is down");
    };
    await expect(cache.get("k", failing)).rejects.toThrow("GitHub is down");
    await expect(cache.get("k", failing)).rejects.toThrow("GitHub is down");
    expect(calls).toBe(1);
    time.advance(1000);
    expect((await cache.get("k", async () => "back")).value).toBe("back");
  });

  test("keys are separate, and the least recently used is dropped beyond the limit", async () => {
    const time = clock();
    const cache = new TtlCache<string>(1000, time.now, 2);
    await cache.get("a", async () => "a1");
    await cache.get("b", async () => "b1");
    await cache.get("a", async () => "a2");
    await cache.get("c", async () => "c1");
    expect(cache.peek("a")?.value).toBe("a1");
    expect(cache.peek("b")).toBeUndefined();
    expect(cache.peek("c")?.fetchedAt).toEqual(new Date(0));
  });
});
