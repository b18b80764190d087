import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { API, REPO_PATH } from "../helpers/index.js";
import { repoRef, tokenOctokit } from "../helpers/seeding.js";
import { fitBody, GITHUB_BODY_LIMIT } from "../../src/github/body-limit.js";
import { replyToIssue } from "../../src/github/comments.js";
import { upsertIncidentIssue } from "../../src/incidents/incident-issues.js";
import { commentOnIssue, createIssue, updateIssueBody } from "../../src/github/issues.js";
import { createPull } from "../../src/github/pulls.js";
import { incidentMarker } from "../../src/incidents/issue-spec.js";
import { hiddenJson, readHiddenJson } from "../../src/util/hidden-json.js";

const omitted = (body: string) => Number(/_… ([\d,]+) more characters not shown/.exec(body)?.[1]?.replace(/,/g, ""));

describe("fitBody", () => {
  test("a body within the limit is returned unchanged, up to exactly 65,536 characters", () => {
    expect(fitBody("short")).toBe("short");
    const exact = "x".repeat(GITHUB_BODY_LIMIT);
    expect(fitBody(exact)).toBe(exact);
  });

  test("a longer body is cut at a line end, with the count of characters left out and the pointer", () => {
    const lines = Array.from({ length: 6000 }, (_, i) => `- source-${i} failed with a long explanation`);
    const body = lines.join("\n");
    const fitted = fitBody(body, { pointer: "see the [run](https://github.com/o/r/actions/runs/1)" });
    expect(fitted.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    const kept = fitted.slice(0, fitted.indexOf("\n\n_…"));
    expect(body.startsWith(kept)).toBe(true);
    expect(lines).toContain(kept.split("\n").pop());
    expect(omitted(fitted)).toBe(body.length - kept.length);
    expect(fitted).toContain("GitHub limits a body to 65,536 characters; see the [run](https://github.com/o/r/actions/runs/1)._");
  });

  test("never splits a surrogate pair, even in a body without line ends", () => {
    for (const prefix of ["", "a"]) {
      const fitted = fitBody(prefix + "🚨".repeat(40_000));
      expect(fitted.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
      // A lone surrogate would not survive a UTF-8 round trip.
      expect(Buffer.from(fitted, "utf8").toString("utf8")).toBe(fitted);
    }
  });

  test("closes a code fence and <details> left open by the cut", () => {
    const body = [
      "<details><summary>log</summary>",
      "",
      "```text",
      ...Array.from({ length: 5000 }, (_, i) => `line ${i} of a long log output`),
      "```",
      "</details>",
    ].join("\n");
    const fitted = fitBody(body);
    expect(fitted.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    const kept = fitted.slice(0, fitted.indexOf("\n\n_…"));
    expect(kept.endsWith("\n```\n</details>")).toBe(true);
    expect((kept.match(/^```/gm) ?? []).length % 2).toBe(0);
  });

  test("hidden state at the start and the marker at the end are kept whole and read back", () => {
    const state = { runs: Array.from({ length: 50 }, (_, i) => ({ id: i, note: "x -- y" })) };
    const marker = incidentMarker("breaker:npm");
    const body = `${hiddenJson("batch-ops:state", state)}\n## Title\n${"- row\n".repeat(20_000)}\n\n${marker}\n`;
    const fitted = fitBody(body);
    expect(fitted.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(readHiddenJson("batch-ops:state", fitted)).toEqual(state);
    expect(fitted.endsWith(`${marker}\n`)).toBe(true);
  });

  test("a cut that would land inside an HTML comment in the middle goes before it", () => {
    const body = `visible\n${"a".repeat(60_000)}\n<!-- batch-ops:mid ${JSON.stringify({ v: "x".repeat(10_000) })} -->\nafter\n`;
    const fitted = fitBody(body);
    expect(fitted.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(fitted).not.toContain("<!-- batch-ops:mid");
  });

  test("hidden state is kept whole up to half the limit, and dropped whole (never cut in half) beyond", () => {
    const large = { v: "x".repeat(30_000) };
    const kept = fitBody(`${hiddenJson("batch-ops:state", large)}\n${"text\n".repeat(10_000)}`);
    expect(kept.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(readHiddenJson("batch-ops:state", kept)).toEqual(large);

    const dropped = fitBody(`${hiddenJson("batch-ops:state", { v: "x".repeat(70_000) })}\n${"text\n".repeat(10_000)}`);
    expect(dropped.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(dropped).not.toContain("<!--");
    expect(dropped.startsWith("\ntext\ntext\n")).toBe(true);
    expect(omitted(dropped)).toBeGreaterThan(70_000);
  });
});

describe("every body the GitHub layer writes fits", () => {
  const huge = `${"| a | b |\n".repeat(10_000)}`;
  const small = (body: unknown) => typeof body === "object" && body !== null && String((body as { body: string }).body).length <= GITHUB_BODY_LIMIT;

  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending).toEqual([]);
  });

  test("comments, replies, issues, issue updates and pull requests", async () => {
    const issue = { number: 5, html_url: "https://github.com/o/r/issues/5", title: "t", body: "", state: "open", labels: [] };
    nock(API)
      .post(`${REPO_PATH}/issues/5/comments`, small)
      .times(2)
      .reply(201, { id: 1, html_url: "https://github.com/o/r/issues/5#issuecomment-1" })
      .post(`${REPO_PATH}/issues`, small)
      .reply(201, issue)
      .patch(`${REPO_PATH}/issues/5`, small)
      .reply(200, issue)
      .post(`${REPO_PATH}/pulls`, small)
      .reply(201, {
        number: 6,
        html_url: "u",
        title: "t",
        state: "open",
        head: { ref: "h", repo: null },
        base: { ref: "main" },
        merged_at: null,
        merge_commit_sha: null,
        created_at: "2026-01-01T00:00:00Z",
      });
    const github = tokenOctokit();
    await replyToIssue(github, repoRef, 5, huge);
    await commentOnIssue(github, repoRef, 5, huge);
    await createIssue(github, repoRef, { title: "t", body: huge, labels: [] });
    await updateIssueBody(github, repoRef, 5, huge);
    await createPull(github, repoRef, { title: "t", head: "h", body: huge });
  });

  test("an incident cut to fit keeps its marker and is not rewritten when nothing changed", async () => {
    const spec = { key: "stale", title: "Pipeline stale", body: huge, labels: ["batch-ops:stale"] };
    let written = "";
    nock(API)
      .get(`${REPO_PATH}/labels/batch-ops%3Astale`)
      .times(2)
      .reply(200, { name: "batch-ops:stale" })
      .post(`${REPO_PATH}/issues`, (body: { body: string }) => {
        written = body.body;
        return small(body);
      })
      .reply(201, (_uri, body) => ({
        number: 7,
        html_url: "u",
        title: "Pipeline stale",
        body: (body as { body: string }).body,
        state: "open",
        labels: [{ name: "batch-ops:stale" }],
      }));
    const github = tokenOctokit();
    const first = await upsertIncidentIssue(github, repoRef, spec, []);
    expect(first.created).toBe(true);
    expect(written).toContain(incidentMarker("stale"));
    // The issue as GitHub stores it: the fitted body. The same spec again makes no PATCH.
    const again = await upsertIncidentIssue(github, repoRef, spec, [{ ...first.issue, body: written }]);
    expect(again.updated).toBe(false);
  });
});
