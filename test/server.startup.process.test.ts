import { describe, expect, test } from "@jest/globals";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "./helpers/free-port.js";

const server = resolve("dist/app/server.js");

describe("npm start (node dist/app/server.js) before the app is configured", () => {
  test("a bad environment stops the process with one message naming each bad variable", () => {
    const result = spawnSync(process.execPath, [server], {
      env: { PATH: process.env["PATH"] ?? "", PORT: "seventy", GHE_PROTOCOL: "ftp", LOG_LEVEL: "loud" } as Record<string, string>,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^batch-ops: invalid environment, not starting:$/m);
    for (const name of ["PORT", "GHE_PROTOCOL", "LOG_LEVEL"]) expect(result.stderr).toMatch(new RegExp(`^  ${name}: `, "m"));
    expect(result.stdout).toBe("");
  });

  test("without credentials it starts Probot's setup flow", async () => {
    const port = await freePort();
    // An empty working directory: no .env, so nothing configures the app.
    const cwd = mkdtempSync(join(tmpdir(), "batch-ops-setup-"));
    const child = spawn(process.execPath, [server], {
      cwd,
      env: { PATH: process.env["PATH"] ?? "", PORT: String(port), HOST: "127.0.0.1" },
      stdio: "ignore",
    });
    try {
      let root: Response | undefined;
      for (let i = 0; i < 100 && !root; i++) {
        root = await fetch(`http://127.0.0.1:${port}/`, { redirect: "manual" }).catch(() => undefined);
        if (!root) await new Promise((r) => setTimeout(r, 100));
      }
      expect(root?.status).toBe(302);
      expect(root?.headers.get("location")).toBe("/probot");
      const setup = await fetch(`http://127.0.0.1:${port}/probot`);
      expect(setup.status).toBe(200);
      expect(await setup.text()).toMatch(/Register GitHub App/i);
      expect((await fetch(`http://127.0.0.1:${port}/ping`)).status).toBe(200);
    } finally {
      child.kill("SIGKILL");
    }
  }, 30_000);
});
