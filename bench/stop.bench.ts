import { readFileSync } from "node:fs";
import nock from "nock";
import { API, benchDeps, benchProbot, measure, resetNock, result, type BenchResult, type CallCounts } from "./harness.js";
import { FakeFile } from "../test/helpers/fake-repo.js";
import { commentPayload, REPO_PATH, COMMENT_ID } from "../test/helpers/payloads.js";

const NOW = new Date("2026-11-27T10:00:00Z");
const fixture = readFileSync(new URL("../../test/fixtures/batch-control.tsuku.json", import.meta.url), "utf8");

/** `/stop homebrew` then `/resume homebrew`, alternating, on the real control file; GitHub mocked. */
export async function benchStop(runs = 300): Promise<BenchResult[]> {
  resetNock();
  const scope = nock(API).persist();
  scope.post("/app/installations/2/access_tokens").reply(200, { token: "t", permissions: {} });
  scope.get(/\/contents\/\.github%2Fbatch-ops\.yml/).reply(404, { message: "Not Found" });
  scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`).reply(201, {});
  scope.get(`${REPO_PATH}/collaborators/alice/permission`).reply(200, { permission: "write", role_name: "write" });
  scope.post(`${REPO_PATH}/issues/1/comments`).reply(201, { id: 1, html_url: "https://github.com/x" });
  const file = new FakeFile("batch-control.json", fixture, scope);

  const counts: CallCounts = {};
  const probot = benchProbot(benchDeps(NOW), counts);
  // Warm up the JIT and the installation token path before measuring.
  for (let i = 0; i < 20; i++) {
    file.text = fixture;
    await probot.receive({ id: `w${i}`, name: "issue_comment", payload: commentPayload("/stop homebrew") } as never);
  }
  for (const key of Object.keys(counts)) delete counts[key];
  const timing = await measure(runs, async (i) => {
    file.text = fixture; // each run starts from the real file with homebrew enabled
    await probot.receive({ id: `s${i}`, name: "issue_comment", payload: commentPayload("/stop homebrew upstream outage") } as never);
  });
  if (file.commits.length !== runs + 20) throw new Error(`expected ${runs + 20} commits, saw ${file.commits.length}`);
  return [result("/stop homebrew", counts, timing, "real tsuku control file; installation token cached after the first event, as in production")];
}
