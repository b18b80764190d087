import { describe, expect, test } from "@jest/globals";
import { evaluateStaleness, gapEndsStaleness, newestOf } from "../../src/breakers/staleness.js";
import { issueNumberFromUrl, reminderDue } from "../../src/stop/resume-reminder.js";
import { viewControl } from "../../src/control/view.js";

const NOW = new Date("2026-11-27T10:00:00Z");
const run = (id: number, completedAt: string) => ({ workflowFile: "batch-generate.yml", run: { id, url: "u", conclusion: "success", completedAt } });

describe("staleness", () => {
  test("the newest run across workflows; older than staleness_hours is stale", () => {
    const newest = newestOf([run(1, "2026-11-27T06:00:00Z"), run(2, "2026-11-27T08:30:00Z"), run(3, "not a time")]);
    expect(newest?.run.id).toBe(2);
    expect(evaluateStaleness(newest, NOW, 2)).toEqual({ stale: false, ageMs: 5_400_000 });
    expect(evaluateStaleness(newest, NOW, 1)).toEqual({ stale: true, ageMs: 5_400_000 });
    expect(evaluateStaleness(undefined, NOW, 2)).toEqual({ stale: true });
  });

  test("stale means more than staleness_hours: exactly N hours is not stale yet, a millisecond later is", () => {
    const newest = newestOf([run(1, "2026-11-27T08:00:00Z")]);
    expect(evaluateStaleness(newest, NOW, 2)).toEqual({ stale: false, ageMs: 7_200_000 });
    expect(evaluateStaleness(newest, new Date(NOW.getTime() + 1), 2)).toEqual({ stale: true, ageMs: 7_200_001 });
    expect(evaluateStaleness(newest, NOW, 1.5)).toEqual({ stale: true, ageMs: 7_200_000 });
  });

  test("a run after a gap of staleness_hours may end a stale spell", () => {
    expect(gapEndsStaleness(undefined, NOW, 2)).toBe(true);
    expect(gapEndsStaleness(new Date("2026-11-27T08:00:00Z"), NOW, 2)).toBe(true);
    expect(gapEndsStaleness(new Date("2026-11-27T08:00:01Z"), NOW, 2)).toBe(false);
  });
});

describe("resume reminder", () => {
  const repo = { owner: "acme", repo: "pipeline", defaultBranch: "main", htmlUrl: "https://github.com/acme/pipeline" };

  test("the incident issue of this repository, from incident_url", () => {
    expect(issueNumberFromUrl("https://github.com/acme/pipeline/issues/41", repo)).toBe(41);
    expect(issueNumberFromUrl("https://github.com/acme/pipeline/pull/7#issuecomment-1", repo)).toBe(7);
    expect(issueNumberFromUrl("https://github.com/ACME/Pipeline/issues/41", repo)).toBe(41);
    expect(issueNumberFromUrl("https://github.com/acme/other/issues/41", repo)).toBeUndefined();
    expect(issueNumberFromUrl("https://evil.example/acme/pipeline/issues/41", repo)).toBeUndefined();
    expect(issueNumberFromUrl("", repo)).toBeUndefined();
  });

  test("due only while stopped with an expected_resume in the past", () => {
    const stopped = { enabled: false, expected_resume: "2026-11-27T09:59:59Z" };
    expect(reminderDue(viewControl(stopped), NOW)).toBe(true);
    expect(reminderDue(viewControl({ ...stopped, expected_resume: "2026-11-27T10:00:01Z" }), NOW)).toBe(false);
    expect(reminderDue(viewControl({ ...stopped, enabled: true }), NOW)).toBe(false);
    expect(reminderDue(viewControl({ ...stopped, expected_resume: "" }), NOW)).toBe(false);
  });
});
