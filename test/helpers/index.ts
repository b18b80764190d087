export * from "./payloads.js";
export * from "./probot.js";
