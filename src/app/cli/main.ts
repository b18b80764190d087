#!/usr/bin/env node
import { runCli } from "./run.js";

// The `batch-ops` bin: output goes through the streams and the status through exitCode, so nothing is cut off.
process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
