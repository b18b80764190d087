import type nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { API } from "./probot.js";
import { testPrivateKey } from "./keys.js";
import { UnthrottledOctokit } from "./octokit.js";
import { ScheduleRunner, type ScheduleRunnerDeps } from "../../src/app/schedule/runner.js";
import { ControlStore } from "../../src/control/store.js";
import type { ScheduledTask, TickServices } from "../../src/core/scheduled-task.js";
import { Exclusive } from "../../src/coordination/exclusive.js";

export const TICK_NOW = new Date("2026-11-27T10:00:00Z");

/** A bare Probot (no app loaded) for `app.auth`, with silent logs and no throttling. */
export function bareProbot(): Probot {
  return new Probot({ appId: 1, privateKey: testPrivateKey(), log: pino({ level: "silent" }), Octokit: UnthrottledOctokit });
}

type RunnerOverrides = Partial<Omit<ScheduleRunnerDeps, "services">> & { services?: Partial<TickServices> };

export function testRunner(tasks: readonly ScheduledTask[], overrides: RunnerOverrides = {}, now = TICK_NOW): ScheduleRunner {
  const probot = bareProbot();
  return new ScheduleRunner({
    auth: (id) => probot.auth(id),
    store: new ControlStore({ clock: () => now, backoff: { attempts: 4, baseMs: 1, maxMs: 2, sleep: async () => {} } }),
    clock: () => now,
    tasks,
    log: pino({ level: "silent" }),
    ...overrides,
    services: { exclusive: new Exclusive(), seedingLock: new Exclusive(), ...overrides.services },
  });
}

export interface DirectoryRepo {
  owner: string;
  name: string;
  archived?: boolean;
}

/** Installations (app JWT), each installation's token and repositories. */
export function mockInstallations(scope: nock.Scope, installations: { id: number; repos: DirectoryRepo[] | "error" }[]): nock.Scope {
  scope
    .get("/app/installations")
    .query({ per_page: "100" })
    .reply(
      200,
      installations.map((i) => ({ id: i.id, suspended_at: null })),
    );
  for (const installation of installations) {
    scope
      .post(`/app/installations/${installation.id}/access_tokens`)
      .reply(201, { token: `token-${installation.id}`, expires_at: "2099-01-01T00:00:00Z", permissions: {} });
    const listed = scope.get("/installation/repositories").query({ per_page: "100" }).matchHeader("authorization", `token token-${installation.id}`);
    if (installation.repos === "error") listed.reply(500, { message: "boom" });
    else
      listed.reply(200, {
        total_count: installation.repos.length,
        repositories: installation.repos.map((r, i) => ({
          id: 100 + i,
          name: r.name,
          full_name: `${r.owner}/${r.name}`,
          owner: { login: r.owner },
          private: false,
          archived: r.archived ?? false,
          disabled: false,
          default_branch: "main",
          html_url: `https://github.com/${r.owner}/${r.name}`,
        })),
      });
  }
  return scope;
}

/** `.github/batch-ops.yml` of one repository: YAML text, or none (the owner's `.github` repository is asked too). */
export function mockRepoConfig(scope: nock.Scope, owner: string, repo: string, yaml?: string): nock.Scope {
  if (yaml !== undefined) return scope.get(`/repos/${owner}/${repo}/contents/.github%2Fbatch-ops.yml`).reply(200, yaml);
  scope.get(`/repos/${owner}/${repo}/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
  return scope.get(`/repos/${owner}/.github/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
}

export { API };
