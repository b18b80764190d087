import "dotenv/config";
import { run } from "probot";
import { readEnv } from "./env.js";
import { createApp } from "./index.js";

/** `npm start`: validate the environment, then run the app on Probot's server (setup flow without credentials). */
const result = readEnv();
if (!result.ok) {
  console.error(result.message);
  process.exit(1);
}
await run(createApp(), { env: process.env });
