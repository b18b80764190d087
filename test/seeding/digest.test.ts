import { describe, expect, test } from "@jest/globals";
import { renderDigest } from "../../src/seeding/digest.js";
import { parseSeedingState } from "../../src/seeding/history.js";
import { run } from "./run-fixture.js";

const seeding = { workflow: "seed-queue.yml", artifact: "seeding-summary", summary_file: "seeding-summary.json", max_issues_per_run: 20 };
const ctx = { htmlUrl: "https://github.com/o/r", seeding };

describe("renderDigest", () => {
  test("the summary table of the latest run, with a link to it and to the open review issues", () => {
    const latest = run(3, {
      sources_failed: ["crates.io"],
      sources_processed: ["homebrew", "npm"],
      new_packages: 52,
      stale_refreshed: 198,
      source_changes: 30,
      auto_accepted: 20,
      to_review: 10,
      curated_skipped: 277,
      curated_invalid: 1,
      errors: 2,
      error_samples: ["crates.io: 429", "x"],
      opened: 9,
      already_open: 1,
      conclusion: "failure",
    });
    const body = renderDigest({ runs: [run(1), latest], pending: [] }, ctx);
    for (const row of [
      "| sources_processed | homebrew, npm (2) |",
      "| sources_failed | crates.io (1) |",
      "| new_packages | 52 |",
      "| stale_refreshed | 198 |",
      "| source changes | 30 |",
      "| auto-accepted | 20 |",
      "| curated_skipped | 277 |",
      "| curated_invalid | 1 |",
      "| errors | 2 |",
    ])
      expect(body).toContain(row);
    expect(body).toContain("Run [#3](https://github.com/o/r/actions/runs/3), started 2026-11-03T03:00:00Z, conclusion `failure`.");
    expect(body).toContain(
      "9 opened for this run, 1 already open. [Open review issues](https://github.com/o/r/issues?q=is%3Aissue%20is%3Aopen%20label%3A%22seeding%3Areview%22)",
    );
    expect(body).toContain("- crates.io: 429");
    expect(body).toContain("### Recent runs");
    expect(parseSeedingState(body).state.runs).toHaveLength(2);
  });

  test("no summary: says why, with the upload step to add", () => {
    const body = renderDigest(
      { runs: [run(1, { outcome: "missing", problem: "run 1 uploaded no artifact named seeding-summary", conclusion: "failure" })], pending: [] },
      ctx,
    );
    expect(body).toContain("⚠️ **No summary could be read from this run**: run 1 uploaded no artifact named seeding-summary.");
    expect(body).toContain("uses: actions/upload-artifact@v4");
    expect(body).toContain("if: always()");
    expect(body).toContain("continue-on-error: true");
    expect(body).toContain("name: seeding-summary");
    expect(body).toContain("path: seeding-summary.json");
    expect(body).not.toContain("| sources_failed |");
  });

  test("malformed summary is named as such", () => {
    const body = renderDigest({ runs: [run(1, { outcome: "malformed", problem: "bad" })], pending: [] }, ctx);
    expect(body).toContain("This run's summary is malformed; nothing was opened from it");
  });

  test("review issues still to open are counted and listed by name", () => {
    const state = {
      runs: [run(1)],
      pending: [
        { run_id: 1, url: "https://run/1", next: 20, total: 23 },
        { run_id: 7, url: "https://run/7", next: 0, total: 5 },
      ],
    };
    const body = renderDigest(state, { ...ctx, pendingPackages: new Map([[1, ["fd", "bat", "python@3.14"]]]) });
    expect(body).toContain("**8 review issues still to open.** Later schedule ticks open up to 20 at a time");
    expect(body).toContain("- from [run 1](https://run/1), 3 left: `fd`, `bat`, `python@3.14`");
    expect(body).toContain("- from [run 7](https://run/7), 5 left");
  });

  test("a long list of names is cut to keep the body under GitHub's limit", () => {
    const names = Array.from({ length: 769 }, (_, i) => `package-number-${i}`);
    const body = renderDigest(
      { runs: [run(1)], pending: [{ run_id: 1, url: "u", next: 0, total: 769 }] },
      { ...ctx, pendingPackages: new Map([[1, names]]) },
    );
    // Names are listed up to a character budget; the count line says exactly how many are not.
    const listed = (body.match(/`package-number-\d+`/g) ?? []).length;
    expect(listed).toBeGreaterThan(100);
    expect(body).toContain(`…and ${769 - listed} more`);
    expect(body.length).toBeLessThan(65536);
  });

  test("text from the summary cannot inject markup", () => {
    const body = renderDigest({ runs: [run(1, { error_samples: ["<img src=x> @team [x](y)"] })], pending: [] }, ctx);
    expect(body).toContain("\\<img src=x\\> @\u200bteam \\[x\\]\\(y\\)");
  });

  test("escalations are linked", () => {
    const body = renderDigest(
      { runs: [run(1)], pending: [] },
      { ...ctx, escalations: [{ title: "seeding: investigate npm source failures", url: "https://github.com/o/r/issues/9" }] },
    );
    expect(body).toContain("- [seeding: investigate npm source failures](https://github.com/o/r/issues/9)");
  });
});
