import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { freePort } from "./free-port.js";

/** True when Debian's redis-server is installed (`.ci/run` installs it). */
export function hasRedisServer(): boolean {
  return spawnSync("redis-server", ["--version"]).status === 0;
}

/**
 * Tests that need Redis run against a real redis-server on a free loopback port, started and stopped
 * by the test. Without the binary they are skipped locally, but fail under CI.
 */
export function describeIfRedis(): boolean {
  if (hasRedisServer()) return true;
  if (process.env["CI"]) throw new Error("redis-server is required under CI (.ci/run installs it)");
  console.warn("redis-server not installed: skipping Redis tests (apt-get install redis-server)");
  return false;
}

export class RedisServer {
  private process?: ChildProcess;
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(port?: number): Promise<void> {
    this.port = port ?? this.port ?? 0;
    if (!this.port) this.port = await freePort();
    this.process = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    for (let i = 0; i < 100; i++) {
      if (
        spawnSync("redis-cli", ["-p", String(this.port), "ping"])
          .stdout?.toString()
          .includes("PONG")
      )
        return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("redis-server did not start");
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }
}
