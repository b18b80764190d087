import { describe, expect, test } from "@jest/globals";
import { appIdentityFrom, isOpenedByThisApp, isThisApp } from "../../src/github/app-identity.js";

const me = { id: 1, slug: "batch-ops" };

describe("this app's issues", () => {
  test("opened by the app's bot account, or performed via the app", () => {
    expect(isOpenedByThisApp({ user: { login: "batch-ops[bot]", type: "Bot" } }, me)).toBe(true);
    expect(isOpenedByThisApp({ user: { login: "someone", type: "User" }, performed_via_github_app: { id: 1 } }, me)).toBe(true);
  });

  test("not a person with a look-alike login, nor another app", () => {
    expect(isOpenedByThisApp({ user: { login: "batch-ops[bot]", type: "User" } }, me)).toBe(false);
    expect(isOpenedByThisApp({ user: { login: "other[bot]", type: "Bot" }, performed_via_github_app: { id: 2 } }, me)).toBe(false);
    expect(isOpenedByThisApp({ user: null, performed_via_github_app: null }, me)).toBe(false);
    expect(isThisApp(undefined, me)).toBe(false);
  });
});

describe("appIdentityFrom", () => {
  test("asks once and remembers; a failure is not remembered", async () => {
    let calls = 0;
    let fail = true;
    const app = {
      auth: async () =>
        ({
          rest: {
            apps: {
              getAuthenticated: async () => {
                calls++;
                if (fail) throw new Error("down");
                return { data: { id: 1, slug: "batch-ops" } };
              },
            },
          },
        }) as never,
    };
    const identity = appIdentityFrom(app);
    await expect(identity()).rejects.toThrow("down");
    fail = false;
    await expect(identity()).resolves.toEqual(me);
    await expect(identity()).resolves.toEqual(me);
    expect(calls).toBe(2);
  });

  test("an answer without id and slug is refused", async () => {
    const identity = appIdentityFrom({ auth: async () => ({ rest: { apps: { getAuthenticated: async () => ({ data: null }) } } }) as never });
    await expect(identity()).rejects.toThrow("GET /app did not say who this app is");
  });
});
