import type nock from "nock";

export const API = "https://api.github.com";

export interface MockRepo {
  owner: string;
  name: string;
  private: boolean;
}

export function repoJson(repo: MockRepo) {
  return {
    id: repo.name.length,
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    owner: { login: repo.owner },
    private: repo.private,
    default_branch: "main",
    html_url: `https://github.com/${repo.owner}/${repo.name}`,
  };
}

/** The app's one installation (id 2) and its repositories: listed with the app JWT, then the installation token. */
export function mockDirectory(scope: nock.Scope, repos: MockRepo[], options: { token?: boolean } = {}): nock.Scope {
  scope
    .get("/app/installations")
    .query({ per_page: "100" })
    .reply(200, [{ id: 2, account: { login: "Codertocat" }, suspended_at: null }], { etag: '"installations-1"' });
  if (options.token !== false)
    scope.post("/app/installations/2/access_tokens").reply(201, { token: "test-token", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
  scope
    .get("/installation/repositories")
    .query({ per_page: "100" })
    .reply(200, { total_count: repos.length, repositories: repos.map(repoJson) }, { etag: '"repositories-1"' });
  return scope;
}

export const TRACKED_LABELS = ["batch-ops:incident", "batch-ops:budget", "batch-ops:stale", "seeding:review"];

export interface RepoData {
  /** `.github/batch-ops.yml`; undefined: no config anywhere (the owner's `.github` repository is asked too). */
  config?: string;
  /** The control file text; null: 404. */
  control: string | null;
  workflow: string;
  runs: object[];
  /** `total_count` of completed runs (default: the runs given, i.e. the whole history fits one page). */
  runsTotal?: number;
  issues?: Record<string, number>;
}

function contentsReply(text: string) {
  return {
    type: "file",
    encoding: "base64",
    size: Buffer.byteLength(text),
    sha: "c0ffee",
    content: Buffer.from(text).toString("base64"),
    path: "batch-control.json",
  };
}

/**
 * Every read one health refresh makes, each answered with an ETag. With `notModified`, every read must
 * carry that ETag in If-None-Match and is answered 304.
 */
export function mockRepoReads(scope: nock.Scope, repo: MockRepo, data: RepoData, options: { notModified?: boolean } = {}): nock.Scope {
  const path = `/repos/${repo.owner}/${repo.name}`;
  const answer = (interceptor: nock.Interceptor, etag: string, status: number, body: nock.Body) =>
    options.notModified ? interceptor.matchHeader("if-none-match", etag).reply(304, "") : interceptor.reply(status, body, { etag });
  if (data.config === undefined) {
    scope.get(`${path}/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
    scope.get(`/repos/${repo.owner}/.github/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
  } else {
    answer(scope.get(`${path}/contents/.github%2Fbatch-ops.yml`), '"config-1"', 200, data.config);
  }
  if (data.control === null) scope.get(`${path}/contents/batch-control.json`).query({ ref: "main" }).reply(404, { message: "Not Found" });
  else answer(scope.get(`${path}/contents/batch-control.json`).query({ ref: "main" }), '"control-1"', 200, contentsReply(data.control));
  answer(
    scope
      .get(`${path}/actions/workflows/${data.workflow}/runs`)
      .query({ status: "completed", exclude_pull_requests: "true", per_page: "100", page: "1" }),
    '"runs-1"',
    200,
    { total_count: data.runsTotal ?? data.runs.length, workflow_runs: data.runs },
  );
  for (const label of TRACKED_LABELS) {
    const open = data.issues?.[label] ?? 0;
    const issues = Array.from({ length: open }, (_, i) => ({ number: i + 1, title: `${label} ${i + 1}` }));
    answer(scope.get(`${path}/issues`).query({ state: "open", labels: label, per_page: "100" }), `"issues-${label}-1"`, 200, issues);
  }
  return scope;
}

/** A completed workflow run as the Actions API lists it (only the fields that matter here, plus a few). */
export function workflowRun(id: number, conclusion: string, updatedAt: string, workflow = "batch-generate.yml") {
  return {
    id,
    run_number: id,
    name: "Batch generate",
    path: `.github/workflows/${workflow}`,
    status: "completed",
    conclusion,
    created_at: updatedAt,
    updated_at: updatedAt,
    html_url: `https://github.com/Codertocat/Hello-World/actions/runs/${id}`,
  };
}
