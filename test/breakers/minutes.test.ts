import { describe, expect, test } from "@jest/globals";
import { isMacosJob, jobMinutes, runMinutes } from "../../src/breakers/minutes.js";
import type { JobFacts } from "../../src/breakers/jobs.js";

function job(name: string, start: string | null, end: string | null, labels: string[] = ["ubuntu-latest"]): JobFacts {
  return { id: 1, name, conclusion: "success", startedAt: start, completedAt: end, labels, url: "u" };
}

describe("job minutes", () => {
  test("ceil((completed_at − started_at) / 60 s)", () => {
    expect(jobMinutes(job("a", "2026-11-27T09:00:00Z", "2026-11-27T09:00:01Z"))).toBe(1);
    expect(jobMinutes(job("a", "2026-11-27T09:00:00Z", "2026-11-27T09:01:00Z"))).toBe(1);
    expect(jobMinutes(job("a", "2026-11-27T09:00:00Z", "2026-11-27T09:01:01Z"))).toBe(2);
    expect(jobMinutes(job("a", "2026-11-27T09:00:00Z", "2026-11-27T10:59:59Z"))).toBe(120);
  });

  test("missing, unparseable or reversed times count nothing", () => {
    expect(jobMinutes(job("a", null, "2026-11-27T09:01:00Z"))).toBe(0);
    expect(jobMinutes(job("a", "2026-11-27T09:00:00Z", null))).toBe(0);
    expect(jobMinutes(job("a", "yesterday", "2026-11-27T09:01:00Z"))).toBe(0);
    expect(jobMinutes(job("a", "2026-11-27T09:01:00Z", "2026-11-27T09:00:00Z"))).toBe(0);
    expect(jobMinutes(job("a", "2026-11-27T09:00:00Z", "2026-11-27T09:00:00Z"))).toBe(0);
  });
});

describe("macOS or Linux", () => {
  test("by default any label containing macos, case-insensitive", () => {
    expect(isMacosJob(["macos-14"], [])).toBe(true);
    expect(isMacosJob(["self-hosted", "MacOS-arm64"], [])).toBe(true);
    expect(isMacosJob(["ubuntu-latest"], [])).toBe(false);
  });

  test("with macos_labels configured, only those labels", () => {
    expect(isMacosJob(["mac-mini"], ["mac-mini"])).toBe(true);
    expect(isMacosJob(["macos-14"], ["mac-mini"])).toBe(false);
  });
});

test("a run's minutes per OS and per named ecosystem", () => {
  const jobs = [
    job("process (homebrew)", "2026-11-27T09:00:00Z", "2026-11-27T09:10:00Z", ["macos-14"]),
    job("process (npm)", "2026-11-27T09:00:00Z", "2026-11-27T09:04:30Z"),
    job("merge", "2026-11-27T09:00:00Z", "2026-11-27T09:02:00Z"),
  ];
  const ecosystemOf = (j: JobFacts) => /\((\w+)\)$/.exec(j.name)?.[1];
  expect(runMinutes(jobs, { macos_labels: [] }, ecosystemOf)).toEqual({ macos: 10, linux: 7, byEcosystem: { homebrew: 10, npm: 5 } });
});
