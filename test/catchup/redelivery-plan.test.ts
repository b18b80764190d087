import { describe, expect, test } from "@jest/globals";
import type { HookDelivery } from "../../src/github/hook-deliveries.js";
import {
  CHECKPOINT_OVERLAP_MS,
  claimKey,
  MAX_REDELIVERIES,
  nextCheckpoint,
  pageBackTo,
  planRedeliveries,
} from "../../src/catchup/redelivery-plan.js";

function attempt(id: number, guid: string, statusCode: number, deliveredAt: string, redelivery = false): HookDelivery {
  return { id, guid, deliveredAt, redelivery, statusCode, event: "issue_comment", action: "created" };
}

describe("which failed events are redelivered", () => {
  test("an event is done when any attempt succeeded; otherwise its latest attempt is asked again, oldest event first", () => {
    const plan = planRedeliveries([
      attempt(9, "c", 502, "2026-11-27T09:50:00Z"),
      attempt(8, "b", 200, "2026-11-27T09:40:00Z", true),
      attempt(7, "a", 0, "2026-11-27T09:35:00Z"),
      attempt(6, "b", 500, "2026-11-27T09:30:00Z"),
      attempt(5, "a", 503, "2026-11-27T09:20:00Z"),
      attempt(4, "d", 202, "2026-11-27T09:10:00Z"),
    ]);
    expect(plan.candidates).toEqual([
      { guid: "a", redeliveries: 0, deliveryId: 7, deliveredAt: "2026-11-27T09:35:00Z", event: "issue_comment", action: "created" },
      { guid: "c", redeliveries: 0, deliveryId: 9, deliveredAt: "2026-11-27T09:50:00Z", event: "issue_comment", action: "created" },
    ]);
    expect(plan.alreadyRedelivered).toEqual([]);
  });

  test("an event whose redelivery failed too is asked again (its latest attempt), up to MAX_REDELIVERIES rounds, each claimed once", () => {
    const failedOnce = [attempt(3, "x", 503, "2026-11-27T09:40:00Z", true), attempt(2, "x", 0, "2026-11-27T09:30:00Z")];
    const plan = planRedeliveries(failedOnce);
    expect(plan.candidates).toEqual([
      { guid: "x", redeliveries: 1, deliveryId: 3, deliveredAt: "2026-11-27T09:40:00Z", event: "issue_comment", action: "created" },
    ]);
    expect(plan.alreadyRedelivered).toEqual([]);
    expect(claimKey(plan.candidates[0]!)).toBe("x#1");
    expect(claimKey({ guid: "x", redeliveries: 0 })).toBe("x");

    const failedEveryTime = [attempt(5, "x", 0, "2026-11-27T09:50:00Z", true), attempt(4, "x", 500, "2026-11-27T09:45:00Z", true), ...failedOnce];
    expect(MAX_REDELIVERIES).toBe(3);
    expect(planRedeliveries(failedEveryTime)).toEqual({ candidates: [], alreadyRedelivered: ["x"] });
  });

  test("an event whose redelivery the app refused (4xx) is not asked again", () => {
    const plan = planRedeliveries([attempt(3, "x", 400, "2026-11-27T09:40:00Z", true), attempt(2, "x", 0, "2026-11-27T09:30:00Z")]);
    expect(plan).toEqual({ candidates: [], alreadyRedelivered: ["x"] });
  });

  test("redirects and client errors are failures too: only 2xx counts as delivered", () => {
    const plan = planRedeliveries([
      attempt(1, "r", 302, "2026-11-27T09:00:00Z"),
      attempt(2, "s", 400, "2026-11-27T09:01:00Z"),
      attempt(3, "t", 299, "2026-11-27T09:02:00Z"),
    ]);
    expect(plan.candidates.map((c) => c.guid)).toEqual(["r", "s"]);
  });
});

describe("how far back a pass looks", () => {
  const now = new Date("2026-11-27T10:00:00Z");

  test("without a checkpoint: the lookback", () => {
    expect(pageBackTo(now, 24).toISOString()).toBe("2026-11-26T10:00:00.000Z");
  });

  test("with a checkpoint: a little before it, never beyond the lookback", () => {
    expect(pageBackTo(now, 24, "2026-11-27T09:00:00.000Z").getTime()).toBe(Date.parse("2026-11-27T09:00:00Z") - CHECKPOINT_OVERLAP_MS);
    expect(pageBackTo(now, 24, "2026-11-20T09:00:00.000Z").toISOString()).toBe("2026-11-26T10:00:00.000Z");
    expect(pageBackTo(now, 24, "garbage").toISOString()).toBe("2026-11-26T10:00:00.000Z");
  });

  test("the next checkpoint: the newest delivery seen, or the oldest event left for later", () => {
    const seen = [attempt(2, "b", 500, "2026-11-27T09:50:00.000Z"), attempt(1, "a", 500, "2026-11-27T09:10:00.000Z")];
    expect(nextCheckpoint(seen, "2026-11-27T09:00:00.000Z", [])).toBe("2026-11-27T09:50:00.000Z");
    expect(nextCheckpoint([], "2026-11-27T09:00:00.000Z", [])).toBe("2026-11-27T09:00:00.000Z");
    expect(nextCheckpoint(seen, undefined, planRedeliveries(seen).candidates)).toBe("2026-11-27T09:10:00.000Z");
  });
});
