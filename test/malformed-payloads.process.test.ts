import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { useAppAgainst } from "./helpers/app-process.js";
import { commandRoutes, FakeGitHubServer } from "./helpers/fake-github-server.js";
import { commentPayload, examplePayload } from "./helpers/payloads.js";

const fixture = readFileSync(new URL("./fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
const state: { file: string; commits: string[] } = { file: fixture, commits: [] };
const github = new FakeGitHubServer(commandRoutes(state));
const app = useAppAgainst(github);

function without(payload: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...payload };
  delete copy[key];
  return copy;
}

/** Real example payloads of every event the app handles, each with what it reads first. */
const events: [event: string, payload: Record<string, unknown>, mainField: string][] = [
  ["issue_comment", commentPayload("/stop all"), "comment"],
  ["issue_comment", commentPayload("/stop npm\n/stop all", { action: "edited", from: "/stop npm" }), "comment"],
  ["workflow_run", { ...examplePayload("workflow_run", "completed"), installation: { id: 2 } }, "workflow_run"],
  ["issues", { ...examplePayload("issues", "opened"), installation: { id: 2 } }, "issue"],
  ["issues", { ...examplePayload("issues", "opened"), action: "closed", installation: { id: 2 } }, "issue"],
  ["push", { ...examplePayload("push"), installation: { id: 2 } }, "repository"],
];

const cases: [name: string, event: string, body: unknown][] = [];
for (const [event, payload, mainField] of events) {
  const action = typeof payload["action"] === "string" ? `.${payload["action"]}` : "";
  cases.push([`${event}${action} without \`${mainField}\``, event, without(payload, mainField)]);
  cases.push([`${event}${action} with repository: null`, event, { ...payload, repository: null }]);
  cases.push([`${event}${action} with sender: null`, event, { ...payload, sender: null }]);
  cases.push([`${event}${action} as {}`, event, {}]);
  cases.push([`${event}${action} as JSON null`, event, null]);
}
cases.push(["issue_comment as a JSON array", "issue_comment", []]);
cases.push(["issue_comment as a JSON string", "issue_comment", "x"]);
cases.push(["issue_comment with comment: null", "issue_comment", { ...commentPayload("/stop all"), comment: null }]);
cases.push([
  "issue_comment with a numeric comment body",
  "issue_comment",
  { ...commentPayload("/stop all"), comment: { ...commentPayload("x").comment, body: 5 } },
]);

/** What must never reach a caller: exception names, messages from inside the app, stack frames. */
const INTERNAL = /TypeError|ReferenceError|Cannot read|undefined|null \(reading|stack|node_modules|dist\/|file:\/\/|\n\s+at /i;

describe("a signed but malformed delivery gets a clean answer, never a 500", () => {
  test.each(cases)("%s", async (_name, event, body) => {
    const response = await app().deliver(event, `malformed-${Math.random()}`, body);
    const text = await response.text();
    expect([200, 202, 204, 400]).toContain(response.status);
    expect(text).not.toMatch(INTERNAL);
  });

  test("nothing was written to GitHub, and the app still answers", async () => {
    expect(github.requests.filter((r) => r.method !== "GET" && !r.path.includes("access_tokens"))).toEqual([]);
    expect(state.commits).toEqual([]);
    expect((await fetch(`${app().base}/ping`)).status).toBe(200);
    expect(app().output).not.toMatch(/unhandled|uncaught/i);
  });
});
