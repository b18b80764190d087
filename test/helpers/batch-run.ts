import nock from "nock";
import { existsSync, readFileSync } from "node:fs";
import { examplePayload, OWNER, REPO, REPO_PATH } from "./payloads.js";
import { API } from "./probot.js";

// From test/helpers under jest, or from dist-bench/test/helpers when the bench runs compiled.
const FIXTURE = ["../fixtures/batch-control.tsuku.json", "../../../test/fixtures/batch-control.tsuku.json"]
  .map((path) => new URL(path, import.meta.url))
  .find((url) => existsSync(url))!;

/** The real tsuku control file (six breakers open since June, `default` closed, budget all zero). */
export const TSUKU_CONTROL = readFileSync(FIXTURE, "utf8");

/** The tsuku file with a budget week that started this week (tests' NOW is 2026-11-27T10:00Z). */
export function controlText(edit: (control: any) => void = () => {}): string {
  const control = JSON.parse(TSUKU_CONTROL);
  control.budget.week_start = "2026-11-23";
  edit(control);
  return JSON.stringify(control, null, 2) + "\n";
}

export const HTML = `https://github.com/${OWNER}/${REPO}`;

/** A `workflow_run.completed` payload (GitHub's example, made ours). */
export function runPayload(
  options: {
    id?: number;
    attempt?: number;
    conclusion?: string | null;
    file?: string;
    path?: string;
    completedAt?: string;
    fork?: boolean;
    branch?: string;
  } = {},
): any {
  const payload = examplePayload("workflow_run", "completed");
  const id = options.id ?? 7001;
  const run = payload.workflow_run;
  run.id = id;
  run.run_attempt = options.attempt ?? 1;
  run.status = "completed";
  run.conclusion = options.conclusion === undefined ? "success" : options.conclusion;
  run.path = options.path ?? `.github/workflows/${options.file ?? "batch-operations.yml"}`;
  run.head_branch = options.branch ?? "main";
  run.html_url = `${HTML}/actions/runs/${id}`;
  run.updated_at = options.completedAt ?? "2026-11-27T09:58:00Z";
  payload.repository.id = 1296269;
  payload.repository.name = REPO;
  payload.repository.full_name = `${OWNER}/${REPO}`;
  payload.repository.owner.login = OWNER;
  payload.repository.html_url = HTML;
  payload.repository.default_branch = "main";
  run.head_repository = { ...run.head_repository, id: options.fork ? 999 : 1296269, full_name: options.fork ? "evil/fork" : `${OWNER}/${REPO}` };
  payload.installation = { id: 2, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMg==" };
  return payload;
}

let nextJobId = 1;

/** A job as the jobs API returns it: `minutes` long (minus a second, so the ceiling is `minutes`). */
export function apiJob(options: {
  name: string;
  conclusion: string | null;
  minutes?: number;
  labels?: string[];
  attempt?: number;
}): Record<string, unknown> {
  const id = nextJobId++;
  const start = Date.parse("2026-11-27T09:00:00Z");
  const minutes = options.minutes ?? 1;
  return {
    id,
    run_id: 7001,
    run_attempt: options.attempt ?? 1,
    name: options.name,
    status: "completed",
    conclusion: options.conclusion,
    started_at: new Date(start).toISOString().replace(".000", ""),
    completed_at: new Date(start + minutes * 60_000 - 1000).toISOString().replace(".000", ""),
    labels: options.labels ?? ["ubuntu-latest"],
    html_url: `${HTML}/actions/runs/7001/job/${id}`,
  };
}

/** The jobs list of one run attempt. */
export function mockJobs(scope: nock.Scope, runId: number, attempt: number, jobs: Record<string, unknown>[]): nock.Scope {
  return scope
    .get(`${REPO_PATH}/actions/runs/${runId}/attempts/${attempt}/jobs`)
    .query({ per_page: "100" })
    .reply(200, { total_count: jobs.length, jobs });
}

/**
 * `.github/batch-ops.yml`, for every `workflow_run.completed` handler that reads it (batch, seeding,
 * drift…): persisted on its own scope, so how many handlers read it does not matter.
 */
export function mockConfig(_scope: nock.Scope, yaml = ""): nock.Scope {
  const config = nock(API).persist();
  if (yaml === "") {
    config.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
    return config.get(`/repos/${OWNER}/.github/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
  }
  return config.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(200, yaml);
}

/** An issue as the issues API returns it. */
export function apiIssue(number: number, title: string, body: string, labels: string[]): Record<string, unknown> {
  return { number, html_url: `${HTML}/issues/${number}`, title, body, state: "open", labels: labels.map((name) => ({ name })) };
}

/** Every breaker of the tsuku file closed with no failures, and a run applied an hour ago. */
export function quietControl(edit: (control: any) => void = () => {}): string {
  return controlText((c) => {
    for (const b of Object.values(c.circuit_breaker) as Record<string, unknown>[]) {
      b["state"] = "closed";
      b["failures"] = 0;
      delete b["last_failure"];
      delete b["opens_at"];
    }
    c.batch_runs = { applied: ["7000.1"], last_completed_at: "2026-11-27T09:00:00Z" };
    edit(c);
  });
}

/** Labels the app ensures before opening an issue: already present. */
export function mockLabels(scope: nock.Scope, names: string[]): nock.Scope {
  for (const name of names) scope.get(`${REPO_PATH}/labels/${encodeURIComponent(name)}`).reply(200, { name });
  return scope;
}

/** Open issues with one label. */
export function mockOpenIssues(scope: nock.Scope, label: string, issues: Record<string, unknown>[] = []): nock.Scope {
  return scope.get(`${REPO_PATH}/issues`).query({ state: "open", labels: label, per_page: "100" }).reply(200, issues);
}
