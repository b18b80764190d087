import { describe, expect, test } from "@jest/globals";
import { FIRST_LOOK_BACK_MS, missingRuns, reconcileMark } from "../../src/catchup/batch-plan.js";
import { newestAppliedAt, recordRun } from "../../src/breakers/run-record.js";
import type { ControlFile } from "../../src/control/schema.js";
import type { ListedRun } from "../../src/github/completed-runs.js";

const NOW = new Date("2026-11-27T10:00:00Z");

function run(
  id: number,
  completedAt: string,
  options: { attempt?: number; file?: string; fork?: boolean; status?: string; branch?: string } = {},
): ListedRun {
  return {
    id,
    run_attempt: options.attempt ?? 1,
    status: options.status ?? "completed",
    conclusion: "success",
    html_url: `https://github.com/o/r/actions/runs/${id}`,
    updated_at: completedAt,
    created_at: completedAt,
    path: `.github/workflows/${options.file ?? "batch.yml"}`,
    head_branch: options.branch ?? "main",
    repository: { id: 1 },
    head_repository: { id: options.fork ? 2 : 1 },
  } as unknown as ListedRun;
}

function control(record?: unknown): ControlFile {
  return { enabled: true, ...(record === undefined ? {} : { batch_runs: record }) };
}

describe("the record says which runs were applied", () => {
  test("each workflow's mark is its newest run applied; a later webhook of an older run does not move it back", () => {
    const c = control();
    recordRun(c, "10.1", "2026-11-27T08:00:00Z", "batch.yml");
    recordRun(c, "11.1", "2026-11-27T09:00:00Z", "other.yml");
    recordRun(c, "9.1", "2026-11-27T07:00:00Z", "batch.yml");
    expect(newestAppliedAt(c, "batch.yml")).toEqual(new Date("2026-11-27T08:00:00Z"));
    expect(newestAppliedAt(c, "other.yml")).toEqual(new Date("2026-11-27T09:00:00Z"));
    expect((c as any).batch_runs).toEqual({
      applied: ["10.1", "11.1", "9.1"],
      last_completed_at: "2026-11-27T09:00:00Z",
      newest: { "batch.yml": "2026-11-27T08:00:00Z", "other.yml": "2026-11-27T09:00:00Z" },
    });
  });

  test("a file from before the marks uses the newest run of any workflow; a new installation looks back one day", () => {
    expect(reconcileMark(control({ applied: ["1.1"], last_completed_at: "2026-11-26T09:00:00Z" }), "batch.yml", NOW)).toEqual(
      new Date("2026-11-26T09:00:00Z"),
    );
    expect(reconcileMark(control(), "batch.yml", NOW)).toEqual(new Date(NOW.getTime() - FIRST_LOOK_BACK_MS));
    expect(reconcileMark(control({ newest: { "batch.yml": "not a time" } }), "batch.yml", NOW)).toEqual(new Date(NOW.getTime() - FIRST_LOOK_BACK_MS));
  });
});

describe("the runs that are missing", () => {
  const record = { applied: ["5.1", "7.1"], last_completed_at: "2026-11-27T07:00:00Z", newest: { "batch.yml": "2026-11-27T07:00:00Z" } };

  test("completed after the workflow's mark and not applied, oldest completion first", () => {
    const missing = missingRuns(
      [
        {
          workflowFile: "batch.yml",
          runs: [run(9, "2026-11-27T09:00:00Z"), run(8, "2026-11-27T08:30:00Z"), run(7, "2026-11-27T07:00:00Z"), run(4, "2026-11-27T06:00:00Z")],
        },
      ],
      control(record),
      NOW,
    );
    expect(missing.map((r) => `${r.id}.${r.attempt}`)).toEqual(["8.1", "9.1"]);
    expect(missing[0]).toEqual({
      id: 8,
      attempt: 1,
      url: "https://github.com/o/r/actions/runs/8",
      conclusion: "success",
      completedAt: "2026-11-27T08:30:00Z",
      workflowFile: "batch.yml",
      fromFork: false,
    });
  });

  test("a re-run of an applied run is a new attempt; a fork's run is applied as a fork's; runs of another file are not this workflow's", () => {
    const missing = missingRuns(
      [
        {
          workflowFile: "batch.yml",
          runs: [
            run(7, "2026-11-27T09:30:00Z", { attempt: 2 }),
            run(10, "2026-11-27T09:40:00Z", { fork: true }),
            run(11, "2026-11-27T09:50:00Z", { file: "other.yml" }),
            run(12, "2026-11-27T09:55:00Z", { branch: "try-it" }),
          ],
        },
      ],
      control(record),
      NOW,
      { full_name: "o/r", default_branch: "main" },
    );
    expect(missing.map((r) => [r.id, r.attempt, r.fromFork, r.otherBranch])).toEqual([
      [7, 2, false, undefined],
      [10, 1, true, undefined],
      [12, 1, false, "try-it"],
    ]);
  });

  test("a run the webhook applied meanwhile, or an unfinished one, is not missing", () => {
    const applied = { ...record, applied: [...record.applied, "9.1"] };
    expect(
      missingRuns(
        [{ workflowFile: "batch.yml", runs: [run(9, "2026-11-27T09:00:00Z"), run(12, "2026-11-27T09:10:00Z", { status: "in_progress" })] }],
        control(applied),
        NOW,
      ),
    ).toEqual([]);
  });

  test("several workflows are merged by completion time, each against its own mark", () => {
    const marks = { applied: [], newest: { "batch.yml": "2026-11-27T07:00:00Z", "other.yml": "2026-11-27T09:00:00Z" } };
    const missing = missingRuns(
      [
        { workflowFile: "batch.yml", runs: [run(21, "2026-11-27T09:30:00Z"), run(20, "2026-11-27T08:00:00Z")] },
        {
          workflowFile: "other.yml",
          runs: [run(31, "2026-11-27T09:10:00Z", { file: "other.yml" }), run(30, "2026-11-27T08:30:00Z", { file: "other.yml" })],
        },
      ],
      control(marks),
      NOW,
    );
    expect(missing.map((r) => r.id)).toEqual([20, 31, 21]);
  });
});
