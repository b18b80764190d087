import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import nock from "nock";
import { API, benchDeps, benchProbot, measure, resetNock, result, type BenchResult, type CallCounts } from "./harness.js";
import { FakeFile } from "../test/helpers/fake-repo.js";
import { commentPayload, REPO_PATH, COMMENT_ID } from "../test/helpers/payloads.js";
import { TSUKU_BATCH_GENERATE, TSUKU_BATCH_OPERATIONS } from "../test/shared/workflows.js";

const NOW = new Date("2026-11-27T10:00:00Z");
const fixture = readFileSync(new URL("../../test/fixtures/batch-control.tsuku.json", import.meta.url), "utf8");
// The real file after `/stop all` and `/stop npm pypi`: what `/resume all` starts from.
const stopped =
  JSON.stringify(
    { ...JSON.parse(fixture), enabled: false, disabled_ecosystems: ["npm", "pypi"], reason: "Emergency stop: bad batch", disabled_by: "alice", disabled_at: "2026-11-27T09:00:00Z", incident_url: "https://github.com/o/r/issues/1" },
    null,
    2,
  ) + "\n";

/**
 * The real pipeline's two batch workflows, for the "does this stop stop anything" check of `/stop <eco>`:
 * the listing answers 304 to a repeat with its ETag (GitHub does not count a 304 against the rate
 * limit), and each file is read once (its analysis is kept by blob sha).
 */
function mockWorkflows(scope: nock.Scope): void {
  const files: Record<string, string> = { "batch-generate.yml": TSUKU_BATCH_GENERATE, "batch-operations.yml": TSUKU_BATCH_OPERATIONS };
  const sha = (name: string) => createHash("sha1").update(files[name]!).digest("hex");
  const listing = Object.keys(files).map((name) => ({ type: "file", name, path: `.github/workflows/${name}`, sha: sha(name) }));
  scope.get(/\/contents\/\.github%2Fworkflows\?/).reply(function () {
    return this.req.headers["if-none-match"] === '"workflows"' ? [304, ""] : [200, listing, { etag: '"workflows"' }];
  });
  scope.get(/\/contents\/\.github%2Fworkflows%2F/).reply((uri) => {
    const name = decodeURIComponent(uri.split("?")[0]!.split("%2F").pop()!);
    return [200, { type: "file", encoding: "base64", content: Buffer.from(files[name] ?? "").toString("base64"), sha: sha(name) }];
  });
}

/** One command, measured over many runs on the real control file; GitHub mocked, every call counted. */
async function benchCommand(name: string, body: string, startFrom: string, runs: number): Promise<BenchResult> {
  resetNock();
  const scope = nock(API).persist();
  scope.post("/app/installations/2/access_tokens").reply(200, { token: "t", permissions: {} });
  scope.get(/\/contents\/\.github%2Fbatch-ops\.yml/).reply(404, { message: "Not Found" });
  scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`).reply(201, {});
  scope.get(`${REPO_PATH}/collaborators/alice/permission`).reply(200, { permission: "write", role_name: "write" });
  scope.post(`${REPO_PATH}/issues/1/comments`).reply(201, { id: 1, html_url: "https://github.com/x" });
  const file = new FakeFile("batch-control.json", startFrom, scope);
  mockWorkflows(scope);

  const counts: CallCounts = {};
  const probot = benchProbot(benchDeps(NOW), counts);
  // Warm up the JIT and the installation token path before measuring.
  for (let i = 0; i < 20; i++) {
    file.text = startFrom;
    await probot.receive({ id: `w${name}${i}`, name: "issue_comment", payload: commentPayload(body) } as never);
  }
  for (const key of Object.keys(counts)) delete counts[key];
  const timing = await measure(runs, async (i) => {
    file.text = startFrom; // each run starts from the same file, so each run commits
    await probot.receive({ id: `${name}${i}`, name: "issue_comment", payload: commentPayload(body) } as never);
  });
  if (file.commits.length !== runs + 20) throw new Error(`${name}: expected ${runs + 20} commits, saw ${file.commits.length}`);
  return result(name, counts, timing, "real tsuku control file; installation token cached after the first event, as in production");
}

export async function benchStop(runs = 300): Promise<BenchResult[]> {
  return [
    await benchCommand("/stop homebrew", "/stop homebrew upstream outage", fixture, runs),
    await benchCommand("/resume all", "/resume all fixed upstream", stopped, runs),
  ];
}
