import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { loadRepoConfigFor } from "../../src/config/load.js";
import { API, bareProbot } from "../helpers/schedule.js";

const REPO = { owner: "Codertocat", repo: "Hello-World" };

async function installationClient() {
  nock(API).post("/app/installations/2/access_tokens").reply(201, { token: "t", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
  return bareProbot().auth(2);
}

describe("the repository config outside a webhook", () => {
  test("the repository's own file", async () => {
    const github = await installationClient();
    const scope = nock(API)
      .get("/repos/Codertocat/Hello-World/contents/.github%2Fbatch-ops.yml")
      .reply(200, "staleness_hours: 4\nbudget:\n  pause_at: 0.95\n");
    const result = await loadRepoConfigFor(github, REPO);
    expect(result.ok && result.config.staleness_hours).toBe(4);
    expect(result.ok && result.config.budget).toMatchObject({ pause_at: 0.95, sampling_at: 0.8 });
    expect(scope.isDone()).toBe(true);
  });

  test("no file anywhere: every default", async () => {
    const github = await installationClient();
    const scope = nock(API)
      .get("/repos/Codertocat/Hello-World/contents/.github%2Fbatch-ops.yml")
      .reply(404, { message: "Not Found" })
      .get("/repos/Codertocat/.github/contents/.github%2Fbatch-ops.yml")
      .reply(404, { message: "Not Found" });
    const result = await loadRepoConfigFor(github, REPO);
    expect(result.ok && result.config.batch_workflows).toEqual(["batch-operations.yml"]);
    expect(result.ok && result.config.circuit_breaker).toEqual({ failure_threshold: 5, recovery_minutes: 60, outcomes_from: "jobs" });
    expect(scope.isDone()).toBe(true);
  });

  test("_extends merges like context.config: objects key by key, arrays concatenated", async () => {
    const github = await installationClient();
    const scope = nock(API)
      .get("/repos/Codertocat/Hello-World/contents/.github%2Fbatch-ops.yml")
      .reply(200, "_extends: .github\nbudget:\n  critical_ecosystems: [npm]\n")
      .get("/repos/Codertocat/.github/contents/.github%2Fbatch-ops.yml")
      .reply(200, "budget:\n  linux_minutes_per_week: 9000\n  critical_ecosystems: [homebrew]\nstaleness_hours: 3\n");
    const result = await loadRepoConfigFor(github, REPO);
    if (!result.ok) throw new Error(result.errors.join("; "));
    expect(result.config.budget).toMatchObject({ linux_minutes_per_week: 9000, critical_ecosystems: ["homebrew", "npm"] });
    expect(result.config.staleness_hours).toBe(3);
    expect(scope.isDone()).toBe(true);
  });

  test("invalid values: path → message", async () => {
    const github = await installationClient();
    nock(API).get("/repos/Codertocat/Hello-World/contents/.github%2Fbatch-ops.yml").reply(200, "circuit_breaker:\n  outcomes_from: logs\n");
    const result = await loadRepoConfigFor(github, REPO);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatch(/^circuit_breaker\.outcomes_from → /);
  });

  test("unreadable YAML is reported, not thrown", async () => {
    const github = await installationClient();
    nock(API).get("/repos/Codertocat/Hello-World/contents/.github%2Fbatch-ops.yml").reply(200, "budget: [\n");
    const result = await loadRepoConfigFor(github, REPO);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatch(/^\.github\/batch-ops\.yml → cannot be read: /);
  });
});

test("merging an _extends chain: prototype keys from YAML pollute nothing", async () => {
  const github = await installationClient();
  const scope = nock(API)
    .get("/repos/Codertocat/Hello-World/contents/.github%2Fbatch-ops.yml")
    .reply(200, "_extends: .github\nbudget:\n  critical_ecosystems: [npm]\n")
    .get("/repos/Codertocat/.github/contents/.github%2Fbatch-ops.yml")
    .reply(200, "__proto__:\n  polluted: true\nbudget:\n  linux_minutes_per_week: 9000\n");
  const result = await loadRepoConfigFor(github, REPO);
  expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  expect(result.ok && result.config.budget).toMatchObject({ linux_minutes_per_week: 9000, critical_ecosystems: ["npm"] });
  expect(scope.isDone()).toBe(true);
});
