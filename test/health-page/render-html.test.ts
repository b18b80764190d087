import { describe, expect, test } from "@jest/globals";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseControlFile } from "../../src/control/codec.js";
import type { ControlFile } from "../../src/control/schema.js";
import { defaultRepoConfig } from "../../src/config/validate.js";
import { escapeHtml } from "../../src/health-page/html.js";
import { computePipelineHealth, type HealthInputs } from "../../src/health-page/pipeline-health.js";
import { renderHealthPage } from "../../src/health-page/render-html.js";
import { renderIndexPage, renderNotFoundPage } from "../../src/health-page/render-index.js";

const tsuku = parseControlFile(readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8"));
const control = (tsuku.ok ? tsuku.control : undefined) as ControlFile;
const now = new Date("2026-06-26T23:00:00Z");

function health(overrides: Partial<HealthInputs> = {}) {
  return computePipelineHealth({
    repository: { fullName: "tsukumogami/tsuku", htmlUrl: "https://github.com/tsukumogami/tsuku" },
    now,
    fetchedAt: now,
    config: defaultRepoConfig(),
    control: { path: "batch-control.json", url: "https://github.com/tsukumogami/tsuku/blob/main/batch-control.json", exists: true, file: control },
    runs: {
      records: [
        {
          id: "batch-generate.yml#7",
          at: new Date("2026-06-26T20:51:08Z"),
          succeeded: false,
          conclusion: "failure",
          url: "https://github.com/tsukumogami/tsuku/actions/runs/7",
        },
      ],
    },
    issues: { incident: { open: 1, capped: false } },
    problems: [],
    ...overrides,
  });
}

/** The page's text with tags removed, white space folded: roughly what a reader sees. */
function text(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, " ");
}

describe("renderHealthPage", () => {
  const page = renderHealthPage(health(), { now });

  test("a document that refreshes itself every 60 seconds, scales on phones, and has no script", () => {
    expect(page.html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page.html).toContain('<meta http-equiv="refresh" content="60">');
    expect(page.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page.html).not.toMatch(/<script/i);
  });

  test("the CSP allows exactly the page's own style block", () => {
    const style = /<style>([\s\S]*?)<\/style>/.exec(page.html)![1]!;
    const hash = createHash("sha256").update(style).digest("base64");
    expect(page.csp).toContain(`style-src 'sha256-${hash}'`);
    expect(page.csp).toContain("default-src 'none'");
  });

  test("semantic breaker table: caption, column and row headers, a text label with every state colour", () => {
    expect(page.html).toContain('<table id="breakers">');
    expect(page.html).toContain('<th scope="col">Ecosystem</th>');
    expect(page.html).toContain('<th scope="row">npm</th>');
    // 23:00 is past opens_at 21:51:01: due for half-open, said in words.
    expect(text(page.html)).toContain("npm open — due for half-open 696 2h 8m ago ( 2026-06-26 20:51:01 UTC ) due now: opens_at passed 1h 8m ago");
    expect(text(page.html)).toContain("go closed (no record) 0 — —");
    for (const m of page.html.matchAll(/<span class="tag (\w+)">([^<]*)<\/span>/g)) expect(m[2]!.trim()).not.toBe("");
  });

  test("stale banner: more than 2 hours since the last completed run", () => {
    expect(text(page.html)).toContain(
      "⚠ Stale: no batch has run in more than 2 hours: the last completed batch run finished 2h 8m ago ( 2026-06-26 20:51:08 UTC ) .",
    );
    const fresh = renderHealthPage(health({ now: new Date("2026-06-26T22:51:08Z") }), { now: new Date("2026-06-26T22:51:08Z") });
    expect(fresh.html).not.toContain("stale-banner");
  });

  test("runs, budget and issue sections", () => {
    const t = text(page.html);
    expect(t).toContain("Last completed run 2h 8m ago ( 2026-06-26 20:51:08 UTC ) · failure · batch-generate.yml#7");
    expect(t).toContain("Last successful run none found");
    expect(t).toContain("Runs since last success 1 ");
    expect(t).toContain("macOS : 0 of 1000 min (0%) ok");
    expect(t).toContain("Sampling off");
    expect(t).toContain("Incidents batch-ops:incident 1 open list");
    expect(t).toContain("Stale pipeline batch-ops:stale unknown list");
    expect(page.html).toContain('<a href="https://github.com/tsukumogami/tsuku/actions/runs/7">batch-generate.yml#7</a>');
  });

  test("everything from the control file is escaped; non-http links are not links", () => {
    const hostile = {
      ...control,
      enabled: false,
      reason: '<script>alert(1)</script>"',
      disabled_by: "<img src=x onerror=alert(1)>",
      incident_url: "javascript:alert(1)",
      disabled_ecosystems: ["<b>npm</b>"],
      circuit_breaker: { "<i>x</i>": { state: "open" as const, failures: 1, opens_at: "<u>" } },
    };
    const html = renderHealthPage(health({ control: { path: "batch-control.json", url: "https://github.com/x", exists: true, file: hostile } }), {
      now,
    }).html;
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>npm</b>");
    expect(html).not.toContain("<i>x</i>");
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain(escapeHtml('<script>alert(1)</script>"'));
    expect(text(html)).toContain("■ Stopped: batch processing is disabled");
    expect(text(html)).toContain("Incident javascript:alert(1)");
  });

  test("problems are listed; a missing control file is said so", () => {
    const html = renderHealthPage(
      health({
        problems: ["workflow batch-generate.yml not found"],
        control: { path: "batch-control.json", url: "https://github.com/x", exists: false },
      }),
      { now },
    ).html;
    expect(text(html)).toContain("✖ Not everything could be read: workflow batch-generate.yml not found");
    expect(text(html)).toContain("(missing: runbook defaults shown)");
  });

  test("the token given in the URL is kept on the page's own links, escaped", () => {
    const html = renderHealthPage(health(), { now, query: '?token=a"b' }).html;
    expect(html).toContain('<a href="health.json?token=a&#34;b">JSON</a>');
  });
});

describe("index and not-found pages", () => {
  test("lists repositories with their links and marks private ones", () => {
    const page = renderIndexPage(
      [
        { fullName: "acme/pipe", private: false },
        { fullName: "acme/secret", private: true },
      ],
      { tokenAccepted: true, query: "?token=t" },
    );
    expect(page.html).toContain('<a href="acme/pipe/?token=t">acme/pipe</a>');
    expect(text(page.html)).toContain("acme/secret private");
    expect(page.html).not.toContain("http-equiv");
  });

  test("not found says nothing about the repository", () => {
    const page = renderNotFoundPage();
    expect(text(page.html)).toContain("There is no pipeline health page here that you can see.");
  });
});
