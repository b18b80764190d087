import { afterEach, beforeEach, expect } from "@jest/globals";
import nock from "nock";

/**
 * Every request must be one the test mocked. Failures after a commit (issues, comments) are only
 * logged by the app, so an unmocked call would otherwise go unnoticed; this fails the test instead.
 */
export function strictNock(): void {
  let unmatched: string[] = [];
  const onNoMatch = (req: { method?: string; path?: string }) => unmatched.push(`${req.method} ${req.path}`);
  beforeEach(() => {
    nock.disableNetConnect();
    unmatched = [];
    nock.emitter.on("no match", onNoMatch);
  });
  afterEach(() => {
    nock.emitter.removeListener("no match", onNoMatch);
    nock.cleanAll();
    nock.enableNetConnect();
    expect(unmatched).toEqual([]);
  });
}
