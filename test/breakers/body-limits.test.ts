import { describe, expect, test } from "@jest/globals";
import { renderStatus } from "../../src/stop/status-render.js";
import { defaultRepoConfig } from "../../src/config/validate.js";
import type { Breaker } from "../../src/control/schema.js";
import { viewControl } from "../../src/control/view.js";
import { GITHUB_BODY_LIMIT } from "../../src/github/body-limit.js";
import { highBody, mediumBody } from "../../src/breakers/run-incident-body.js";

const now = new Date("2026-11-01T12:00:00Z");
const ecosystems = Array.from({ length: 10_000 }, (_, i) => `ecosystem-number-${i}`);
const breakers: Record<string, Breaker> = Object.fromEntries(
  ecosystems.map((e) => [e, { state: "open", failures: 7, last_failure: "2026-11-01T11:00:00Z", opens_at: "2026-11-01T13:00:00Z" }]),
);
const notShown = (body: string, what: string) =>
  Number(new RegExp(`… and ([\\d,]+) more${what ? ` ${what}` : ""}`).exec(body)?.[1]?.replace(/,/g, ""));

describe("bodies built from a hostile control file or run stay within GitHub's limit, with counts", () => {
  const facts = {
    repo: { owner: "o", repo: "r", defaultBranch: "main", htmlUrl: "https://github.com/o/r" },
    run: {
      id: 1,
      attempt: 1,
      url: "https://github.com/o/r/actions/runs/1",
      conclusion: "failure",
      completedAt: "2026-11-01T11:00:00Z",
      workflowFile: "batch.yml",
      fromFork: false,
    },
    failing: ecosystems,
    total: ecosystems.length,
    breakers,
    failingJobs: new Map(
      ecosystems.map((e) => [
        e,
        [
          {
            id: 1,
            name: `generate (${e})`,
            conclusion: "failure",
            startedAt: null,
            completedAt: null,
            labels: [],
            url: "https://github.com/o/r/actions/runs/1/job/1",
          },
        ],
      ]),
    ),
    now,
  };

  test("the High incident with 10,000 failing ecosystems and breakers", () => {
    const body = highBody(facts, { autoStop: true });
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(notShown(body, "breakers not shown")).toBe(10_000 - 100);
    expect(body).toContain("(the first 30 of 10,000; the run page lists every job)");
    const failingLine = body.split("\n").find((l) => l.includes("ecosystems failed in run"))!;
    expect((failingLine.match(/ecosystem-number-\d+/g) ?? []).length + notShown(failingLine, "")).toBe(10_000);
  });

  test("a Medium incident keeps its own ecosystem in the table even when it is not among the first rows", () => {
    const body = mediumBody(facts, "ecosystem-number-9999");
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(body).toContain("| **ecosystem-number-9999** |");
  });

  test("/status with 10,000 breakers and 10,000 disabled ecosystems", () => {
    const view = viewControl({ enabled: true, disabled_ecosystems: ecosystems, circuit_breaker: breakers });
    const body = renderStatus({
      view,
      config: defaultRepoConfig(),
      now,
      fileLink: "https://github.com/o/r/blob/main/batch-control.json",
      controlPath: "batch-control.json",
      exists: true,
    });
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(notShown(body, "breakers not shown")).toBe(10_000 - 100);
    const disabledLine = body.split("\n").find((l) => l.startsWith("**Disabled ecosystems:**"))!;
    expect((disabledLine.match(/ecosystem-number-\d+/g) ?? []).length + notShown(disabledLine, "")).toBe(10_000);
    expect(body).toContain("**Budget (this week)**");
  });
});
