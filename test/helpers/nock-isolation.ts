import { afterEach, beforeEach, expect } from "@jest/globals";
import nock from "nock";

/**
 * The one nock isolation for every test file (installed by `test/setup-after-env.ts`): no request
 * leaves the machine (loopback stays open for the process tests' own servers), every request must be
 * one the test mocked (an unmocked call the app only logs would otherwise go unnoticed), and no mock
 * outlives its test.
 */
let unmatched: string[] = [];
let expected: RegExp[] = [];

const onNoMatch = (req: { method?: string; path?: string; hostname?: string; options?: { hostname?: string } }) => {
  const host = req.hostname ?? req.options?.hostname ?? "";
  if (host === "127.0.0.1" || host === "localhost") return;
  const request = `${req.method} ${req.path}`;
  if (!expected.some((pattern) => pattern.test(request))) unmatched.push(request);
};

/** For a test whose point is that a request is refused by its mock: that request is not a failure. */
export function expectUnmatched(pattern: RegExp): void {
  expected.push(pattern);
}

export function installNockIsolation(): void {
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    unmatched = [];
    expected = [];
    nock.emitter.on("no match", onNoMatch);
  });
  afterEach(() => {
    nock.emitter.removeListener("no match", onNoMatch);
    nock.cleanAll();
    expect(unmatched).toEqual([]);
  });
}
