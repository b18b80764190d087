import { expect } from "@jest/globals";
import type { AppProcess } from "./app-process.js";
import { TSUKU_CONTROL } from "./batch-run.js";
import type { FakePipeline } from "./fake-pipeline.js";

export const TRIGGER = "schedule-trigger-token-for-tests";

/** The real tsuku file, every breaker closed, a run applied three hours ago, this budget week started yesterday. */
export function pipelineControl(edit: (control: any) => void = () => {}): string {
  const control = JSON.parse(TSUKU_CONTROL);
  for (const breaker of Object.values(control.circuit_breaker) as Record<string, unknown>[]) {
    breaker["state"] = "closed";
    breaker["failures"] = 0;
    delete breaker["last_failure"];
    delete breaker["opens_at"];
  }
  control.budget.week_start = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  control.batch_runs = { applied: ["6999.1"], last_completed_at: new Date(Date.now() - 3 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z") };
  edit(control);
  return JSON.stringify(control, null, 2) + "\n";
}

export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function tickNow(app: AppProcess): Promise<Record<string, any>> {
  const response = await fetch(`${app.base}/batch-ops/schedule`, { method: "POST", headers: { authorization: `Bearer ${TRIGGER}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, any>;
}

/**
 * Five runs, 15 minutes apart: pypi succeeds in each (2 Linux minutes); npm runs in two of them and
 * fails (3 minutes). Whatever order they are applied in, exactly once each gives npm 2 failures, 16
 * Linux minutes; twice would show.
 */
export function fiveRuns(github: FakePipeline, first = 7001): number[] {
  const ids = [0, 1, 2, 3, 4].map((i) => first + i);
  ids.forEach((id, i) => {
    const jobs = [{ name: "process (pypi)", conclusion: "success", minutes: 2 }];
    if (i === 1 || i === 3) jobs.push({ name: "process (npm)", conclusion: "failure", minutes: 3 });
    github.addRun(id, 100 - i * 15, jobs);
  });
  return ids;
}

/** What five runs applied exactly once leave in the control file. */
export function expectFiveRunsOnce(github: FakePipeline, ids: number[]): void {
  expect(github.runCommits().sort()).toEqual(ids);
  const control = JSON.parse(github.control);
  expect([...control.batch_runs.applied].sort()).toEqual(["6999.1", ...ids.map((id) => `${id}.1`)]);
  expect(control.circuit_breaker.npm).toMatchObject({ state: "closed", failures: 2 });
  expect(control.circuit_breaker.pypi).toMatchObject({ state: "closed", failures: 0 });
  expect(control.budget.linux_minutes_used).toBe(16);
  expect(control.budget.ecosystem_minutes).toEqual({ pypi: 10, npm: 6 });
  expect(control.batch_runs.newest["batch-operations.yml"]).toBe(github.runs[0]!["updated_at"]);
}
