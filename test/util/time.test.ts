import { describe, expect, test } from "@jest/globals";
import { humanDuration, parseUntil, utcStamp } from "../../src/util/time.js";

const NOW = new Date("2026-11-27T10:00:00Z");

describe("time", () => {
  test("utcStamp drops milliseconds", () => {
    expect(utcStamp(new Date("2026-01-02T03:04:05.678Z"))).toBe("2026-01-02T03:04:05Z");
  });
  test("parseUntil durations", () => {
    expect(parseUntil("30m", NOW)).toEqual({ at: new Date("2026-11-27T10:30:00Z") });
    expect(parseUntil("2d", NOW)).toEqual({ at: new Date("2026-11-29T10:00:00Z") });
    expect(parseUntil("1W", NOW)).toEqual({ at: new Date("2026-12-04T10:00:00Z") });
    expect(parseUntil("0h", NOW)).toEqual({ error: "until=0h is not in the future" });
  });
  test("parseUntil times: zone-less means UTC, offsets honoured", () => {
    expect(parseUntil("2026-11-28", NOW)).toEqual({ at: new Date("2026-11-28T00:00:00Z") });
    expect(parseUntil("2026-11-28T06:00", NOW)).toEqual({ at: new Date("2026-11-28T06:00:00Z") });
    expect(parseUntil("2026-11-28T06:00:00+02:00", NOW)).toEqual({ at: new Date("2026-11-28T04:00:00Z") });
    expect(parseUntil("2026-13-45", NOW)).toEqual({ error: "until=2026-13-45 is not a valid time" });
  });
  test("humanDuration", () => {
    expect(humanDuration(45_000)).toBe("45s");
    expect(humanDuration(3_900_000)).toBe("1h 5m");
    expect(humanDuration(2 * 86_400_000 + 4 * 3_600_000)).toBe("2d 4h");
  });
});
