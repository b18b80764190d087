import { describe, expect, test } from "@jest/globals";
import { readProposedChange, renderReviewIssue, reviewTitle } from "../../src/seeding/review-issue.js";

const repo = { owner: "o", repo: "r", defaultBranch: "main", htmlUrl: "https://github.com/o/r" };
const ctx = {
  repo,
  run: { id: 42, url: "https://github.com/o/r/actions/runs/42" },
  queueFile: "data/queues/priority-queue.json",
  auditDir: "data/disambiguations/audit",
  acceptLevel: "write",
  rejectLevel: "maintain",
};
const change = { package: "python@3.14", old: "homebrew:python@3.14", new: "github:python/cpython", priority: 1, autoAccepted: false };

describe("review issue", () => {
  test("exact title and the runbook's body: package, sources, priority, audit log, how to decide", () => {
    const { title, body } = renderReviewIssue(change, ctx);
    expect(title).toBe("review: source change for python@3.14");
    expect(title).toBe(reviewTitle("python@3.14"));
    expect(body).toContain("| Package | `python@3.14` |");
    expect(body).toContain("| Old source | `homebrew:python@3.14` |");
    expect(body).toContain("| New source | `github:python/cpython` |");
    expect(body).toContain("| Priority | 1 |");
    expect(body).toContain(
      "[`data/disambiguations/audit/python@3.14.json`](https://github.com/o/r/blob/main/data/disambiguations/audit/python%403.14.json)",
    );
    expect(body).toContain("close this issue as *completed*, or comment `/accept`");
    expect(body).toContain("close this issue as *not planned*, or comment `/reject`");
    expect(body).toContain("Accepting needs **write** permission, rejecting **maintain**");
    expect(body).toContain("(https://github.com/o/r/actions/runs/42)");
  });

  test("the change reads back from the hidden record", () => {
    const { body } = renderReviewIssue(change, ctx);
    expect(readProposedChange(body)).toEqual({
      ok: true,
      change: { package: "python@3.14", old: "homebrew:python@3.14", new: "github:python/cpython", priority: 1, runId: 42 },
    });
  });

  test("a priority the summary did not give shows as —", () => {
    expect(renderReviewIssue({ ...change, priority: null }, ctx).body).toContain("| Priority | — |");
  });

  test("an edited-away or tampered record is refused", () => {
    const { body } = renderReviewIssue(change, ctx);
    expect(readProposedChange(body.replace(/<!--[^]*?-->/, ""))).toMatchObject({ ok: false, reason: expect.stringContaining("no longer holds") });
    expect(readProposedChange(body.replace("github:python/cpython", "github:evil`x"))).toMatchObject({
      ok: false,
      reason: expect.stringContaining("not valid"),
    });
    expect(readProposedChange(null)).toMatchObject({ ok: false });
  });

  describe("a body a person edited before deciding", () => {
    const { body } = renderReviewIssue(change, ctx);
    const recorded = { package: "python@3.14", old: "homebrew:python@3.14", new: "github:python/cpython", priority: 1, runId: 42 };

    test("markdown added, and the CRLF line ends GitHub's editor saves: still the recorded change", () => {
      const edited = `${body.replace(/\n/g, "\r\n")}\r\n\r\n> **Note** checked the audit log — looks right.\r\n\r\n| extra | table |\r\n|---|---|`;
      expect(readProposedChange(edited)).toEqual({ ok: true, change: recorded });
    });

    test("the table removed: the record alone decides", () => {
      expect(readProposedChange(body.replace(/\| Old source[^\n]*\n|\| New source[^\n]*\n/g, ""))).toEqual({ ok: true, change: recorded });
    });

    test("the record altered under an unchanged table: refused, the reviewer saw something else", () => {
      const tampered = body.replace('"new":"github:python/cpython"', '"new":"github:evil/cpython"');
      expect(tampered).not.toBe(body);
      expect(readProposedChange(tampered)).toEqual({ ok: false, reason: expect.stringContaining('its "New source" row no longer shows') });
    });

    test("the table altered over an unchanged record: refused, not silently applied as recorded", () => {
      const edited = body.replace("| New source | `github:python/cpython` |", "| New source | `crates.io:python` |");
      expect(readProposedChange(edited)).toEqual({ ok: false, reason: expect.stringContaining('"New source"') });
      const other = body.replace("| Package | `python@3.14` |", "| Package | `python@3.13` |");
      expect(readProposedChange(other)).toEqual({ ok: false, reason: expect.stringContaining('"Package"') });
    });

    test("a second record added (before or after the app's): refused", () => {
      const forged =
        '<!-- batch-ops:seeding-review {"package":"python@3.14","old":"homebrew:python@3.14","new":"github:evil/x","priority":1,"run_id":42} -->';
      expect(readProposedChange(`${forged}\n${body}`)).toEqual({ ok: false, reason: expect.stringContaining("more than one") });
      expect(readProposedChange(`${body}\n${forged}`)).toEqual({ ok: false, reason: expect.stringContaining("more than one") });
    });
  });
});
