import nock from "nock";
import { API, benchDeps, benchProbot, measure, resetNock, result, type BenchResult, type CallCounts } from "./harness.js";
import { commentPayload, COMMENT_ID, OWNER, REPO, REPO_PATH } from "../test/helpers/payloads.js";
import { fakeSha, humanPull, rawPull, recipeBlob, type WorldPull } from "../test/helpers/rollback-mocks.js";

const NOW = new Date("2026-11-27T10:00:00Z");
const BATCH = "2026-11-20";
const HEAD = fakeSha("bench head");
const MERGE = fakeSha("bench merge");
const PARENT = fakeSha("bench parent");
/** Recipes on main the batch did not touch (tsuku has a few thousand). */
const OTHER_RECIPES = 3000;

function tree(sha: string, blobs: Record<string, string>) {
  return { sha, truncated: false, tree: Object.entries(blobs).map(([path, blob]) => ({ path, mode: "100644", type: "blob", sha: blob })) };
}

/**
 * `/rollback <id>` of a squash-merged batch pull request with `recipes` recipes (one in ten modified,
 * the rest added) plus its 8 failure/metrics files, among 250 pull requests (3 list pages, the batch's
 * window on the first), with commit search finding nothing (the squash dropped the trailer).
 */
async function rollbackOf(recipes: number, runs: number): Promise<BenchResult> {
  resetNock();
  const paths = Array.from({ length: recipes }, (_, i) => `recipes/b/bench-${String(i).padStart(4, "0")}.toml`);
  const modified = new Set(paths.filter((_, i) => i % 10 === 0));
  const files = [
    ...Array.from({ length: 8 }, (_, i) => ({ filename: `data/failures/eco${i}-${BATCH}.jsonl`, status: "added", sha: fakeSha(`f${i}`) })),
    ...paths.map((p) => ({ filename: p, status: modified.has(p) ? "modified" : "added", sha: recipeBlob(p) })),
  ];
  const batchPull: WorldPull = {
    number: 5000,
    title: "feat(recipes): add batch recipes",
    headRef: "batch/20261120-101500",
    createdAt: `${BATCH}T10:15:00Z`,
    mergedAt: `${BATCH}T12:00:00Z`,
    mergeCommitSha: MERGE,
    state: "closed",
    commits: [{ sha: fakeSha("bench batch"), message: `feat(recipes): add batch ${BATCH} recipes\n\nbatch_id: ${BATCH}\nbatch_size: ${recipes}` }],
    files,
  };
  // Newest first: people's pull requests, three other batch pull requests in the window, the batch, then older ones.
  const pulls: WorldPull[] = [];
  for (let i = 0; i < 250; i++) {
    const created = new Date(Date.parse("2026-11-26T00:00:00Z") - i * 3_600_000).toISOString();
    pulls.push(
      i >= 100 && i < 103
        ? {
            ...batchPull,
            number: 4000 + i,
            createdAt: created,
            commits: [{ sha: fakeSha(`o${i}`), message: "feat(recipes): add batch 2026-11-21 recipes\n\nbatch_id: 2026-11-21" }],
          }
        : humanPull(6000 - i, created),
    );
  }
  pulls.splice(150, 0, batchPull);
  const head: Record<string, string> = {};
  for (let i = 0; i < OTHER_RECIPES; i++) head[`recipes/o/other-${i}.toml`] = fakeSha(`other ${i}`);
  for (const p of paths) head[p] = recipeBlob(p);
  const before: Record<string, string> = { ...head };
  for (const p of paths)
    if (modified.has(p)) before[p] = recipeBlob(p, 0);
    else delete before[p];

  const scope = nock(API).persist();
  scope.post("/app/installations/2/access_tokens").reply(200, { token: "t", permissions: {} });
  scope.get(/\/contents\/\.github%2Fbatch-ops\.yml/).reply(200, "rollback:\n  second_reviewers: [bob, acme/release-team]\n");
  scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`).reply(201, {});
  scope.get(`${REPO_PATH}/collaborators/alice/permission`).reply(200, { permission: "write", role_name: "write" });
  scope.post(`${REPO_PATH}/issues/1/comments`).reply(201, { id: 1, html_url: "https://github.com/x" });
  scope.get(`${REPO_PATH}/git/ref/heads%2Frollback-batch-${BATCH}`).reply(404, { message: "Not Found" });
  scope.get("/search/commits").query(true).reply(200, { total_count: 0, incomplete_results: false, items: [] });
  scope
    .get(`${REPO_PATH}/pulls`)
    .query((q) => q["state"] === "all" && q["sort"] === "created")
    .reply(function (uri) {
      const page = Number(new URL(uri, API).searchParams.get("page") ?? "1");
      const next =
        page < 3 ? { link: `<${API}${REPO_PATH}/pulls?state=all&sort=created&direction=desc&per_page=100&page=${page + 1}>; rel="next"` } : {};
      return [200, pulls.slice((page - 1) * 100, page * 100).map(rawPull), next];
    });
  scope.get(/\/pulls\/\d+\/commits/).reply(function (uri) {
    const number = Number(/pulls\/(\d+)\//.exec(uri)![1]);
    return [200, (pulls.find((p) => p.number === number)?.commits ?? []).map((c) => ({ sha: c.sha, commit: { message: c.message } }))];
  });
  scope
    .get(`${REPO_PATH}/pulls/5000/files`)
    .query(true)
    .reply(function (uri) {
      const page = Number(new URL(uri, API).searchParams.get("page") ?? "1");
      const pages = Math.ceil(files.length / 100);
      const next = page < pages ? { link: `<${API}${REPO_PATH}/pulls/5000/files?per_page=100&page=${page + 1}>; rel="next"` } : {};
      return [200, files.slice((page - 1) * 100, page * 100), next];
    });
  scope.get(`${REPO_PATH}/git/ref/heads%2Fmain`).reply(200, { object: { sha: HEAD } });
  scope
    .get(`${REPO_PATH}/git/trees/${HEAD}`)
    .query(true)
    .reply(200, tree(fakeSha("head tree"), head));
  scope
    .get(`${REPO_PATH}/git/commits/${MERGE}`)
    .reply(200, { sha: MERGE, message: "squash", parents: [{ sha: PARENT }], tree: { sha: "t" }, html_url: "x" });
  scope
    .get(`${REPO_PATH}/git/trees/${PARENT}`)
    .query(true)
    .reply(200, tree(fakeSha("parent tree"), before));
  let written = 0;
  scope
    .post(`${REPO_PATH}/git/trees`)
    .reply(201, (_uri, body) => ((written = (body as { tree: unknown[] }).tree.length), { sha: fakeSha("new tree") }));
  scope.post(`${REPO_PATH}/git/commits`).reply(201, { sha: fakeSha("new commit"), html_url: "x" });
  scope.post(`${REPO_PATH}/git/refs`).reply(201, {});
  scope
    .post(`${REPO_PATH}/pulls`)
    .reply(201, rawPull({ ...batchPull, number: 7000, state: "open", mergedAt: null, headRef: `rollback-batch-${BATCH}` }));
  scope.get(/\/labels\//).reply(200, { name: "x" });
  scope.post(`${REPO_PATH}/issues/7000/labels`).reply(200, []);
  scope.post(`${REPO_PATH}/pulls/7000/requested_reviewers`).reply(201, {});

  const counts: CallCounts = {};
  const probot = benchProbot(benchDeps(NOW), counts);
  const send = (id: string) => probot.receive({ id, name: "issue_comment", payload: commentPayload(`/rollback ${BATCH} bench`) } as never);
  for (let i = 0; i < 3; i++) await send(`w${recipes}-${i}`);
  for (const key of Object.keys(counts)) delete counts[key];
  const timing = await measure(runs, async (i) => {
    written = 0;
    await send(`r${recipes}-${i}`);
    if (written !== recipes) throw new Error(`rollback of ${recipes} recipes wrote ${written} tree entries`);
  });
  return result(
    `/rollback (${recipes} recipes, squash-merged)`,
    counts,
    timing,
    `${OWNER}/${REPO} mocked: 250 pull requests (3 list pages, stops after the batch window), ${OTHER_RECIPES} other recipes on main, 1 in 10 recipes restored; calls grow only with file-list pages (100 files each)`,
  );
}

export async function benchRollback(): Promise<BenchResult[]> {
  return [await rollbackOf(100, 40), await rollbackOf(1000, 10)];
}
