import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { ControlStore } from "../../../src/control/store.js";
import { testDeps } from "../../helpers/probot.js";
import { startAppServer, type RunningApp } from "../../helpers/app-server.js";
import { API, mockDirectory, mockRepoReads, workflowRun, type MockRepo } from "../../helpers/pipeline-mocks.js";

/**
 * A real browser (Debian's chromium, driven by playwright-core) loads the health page from the app's
 * own HTTP server running in this process; GitHub behind the app is nock. Without chromium the test is
 * skipped loudly on a workstation, and fails on CI (CI=true), where `.ci/run` installs it.
 */
const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && !process.env["CI"]) {
  console.warn(`\n!!! ${CHROMIUM} is missing: the real-browser test of /pipeline/ is SKIPPED. Install it with: apt-get install -y chromium\n`);
}
const suite = haveChromium || process.env["CI"] ? describe : describe.skip;

const OUTPUT = new URL("../../../test-output/", import.meta.url);
const REPO: MockRepo = { owner: "Codertocat", name: "Hello-World", private: false };

// The real tsuku control file, with one breaker half-open, one ecosystem disabled and the macOS budget past sampling.
const tsuku = JSON.parse(readFileSync(new URL("../../fixtures/batch-control.tsuku.json", import.meta.url), "utf8"));
tsuku.circuit_breaker.pypi.state = "half-open";
tsuku.disabled_ecosystems = ["rubygems"];
tsuku.budget = { macos_minutes_used: 850, linux_minutes_used: 1200, week_start: "2026-06-22", sampling_active: true };
const control = JSON.stringify(tsuku, null, 2) + "\n";

const now = new Date("2026-06-26T21:30:00Z");
let app: RunningApp;
let browser: Browser;

suite("the health page in a real browser", () => {
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^127\.0\.0\.1/);
    mockRepoReads(mockDirectory(nock(API), [REPO]), REPO, {
      config: "batch_workflows: [batch-generate.yml]\n",
      control,
      workflow: "batch-generate.yml",
      // The last completed run is 2h 30m old: more than staleness_hours (2).
      runs: [
        workflowRun(205, "failure", "2026-06-26T19:00:00Z"),
        workflowRun(204, "failure", "2026-06-26T18:00:00Z"),
        workflowRun(203, "success", "2026-06-26T17:00:00Z"),
      ],
      issues: { "batch-ops:incident": 1, "batch-ops:stale": 1, "seeding:review": 4 },
    });
    app = await startAppServer(testDeps({ store: new ControlStore(), clock: () => now, dashboard: { cacheSeconds: 60 } }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    mkdirSync(OUTPUT, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  test("wide screen: the breaker table and the staleness banner read as they should", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    const response = await page.goto(`${app.base}/pipeline/Codertocat/Hello-World/`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe("Codertocat/Hello-World · pipeline health");

    const banner = page.locator("#stale-banner");
    expect(await banner.isVisible()).toBe(true);
    expect(await banner.innerText()).toBe(
      "⚠ Stale: no batch has run in more than 2 hours: the last completed batch run finished 2h 30m ago (2026-06-26 19:00:00 UTC).",
    );

    const rows = await page.locator("#breakers tbody tr").allInnerTexts();
    const row = (name: string) =>
      rows
        .find((r) => r.startsWith(`${name}\t`) || r.startsWith(`${name} `))
        ?.split("\t")
        .map((c) => c.trim());
    expect(row("npm")).toEqual(["npm", "open", "696", "38m ago (2026-06-26 20:51:01 UTC)", "half-open in 21m (at 2026-06-26 21:51:01 UTC)"]);
    expect(row("pypi")).toEqual(["pypi", "half-open", "964", "38m ago (2026-06-26 20:51:01 UTC)", "next success closes it"]);
    expect(row("rubygems disabled")).toEqual([
      "rubygems disabled",
      "open",
      "413",
      "38m ago (2026-06-26 20:51:01 UTC)",
      "half-open in 21m (at 2026-06-26 21:51:01 UTC)",
    ]);
    expect(row("go")).toEqual(["go", "closed (no record)", "0", "—", "—"]);
    expect(await page.locator("#breakers caption").innerText()).toBe("11 ecosystems, 5 open");

    expect(await page.locator("#runs").innerText()).toContain("Runs since last success\t2");
    expect(await page.locator("#budget-macos").getAttribute("value")).toBe("0.85");
    expect(errors).toEqual([]);
    await page.screenshot({ path: new URL("pipeline-health.png", OUTPUT).pathname, fullPage: true });
    await page.close();
  }, 60_000);

  test("phone: the page fits the screen; wide tables scroll inside their own box", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2 });
    await page.goto(`${app.base}/pipeline/Codertocat/Hello-World/`);
    // Runs in the page; the DOM types are not part of this Node project's compiler settings.
    const layout = (await page.evaluate(`(() => {
      const root = document.documentElement;
      const wide = [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1 && !e.closest(".scroll"))
        .map((e) => e.tagName + "." + e.className + ": " + e.getBoundingClientRect().right);
      return { overflow: root.scrollWidth - root.clientWidth, wide };
    })()`)) as { overflow: number; wide: string[] };
    const { overflow, wide } = layout;
    expect(wide).toEqual([]);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.locator("#stale-banner").isVisible()).toBe(true);
    expect(await page.locator("#breakers").isVisible()).toBe(true);
    await page.screenshot({ path: new URL("pipeline-health-phone.png", OUTPUT).pathname, fullPage: true });
    await page.close();
  }, 60_000);
});
