import { createHash } from "node:crypto";
import type nock from "nock";
import type { FixtureCommit } from "./batch-commits.js";
import { OWNER, REPO, REPO_PATH } from "./payloads.js";

export const HTML = `https://github.com/${OWNER}/${REPO}`;

/** A deterministic 40-hex sha for a label (commits and trees that the fixture does not name). */
export function fakeSha(label: string): string {
  return createHash("sha1").update(label).digest("hex");
}

/** Git's blob id of a text, as GitHub reports it. */
function blobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** The blob of a recipe's content at a version: the batch writes version 1 unless a test says otherwise. */
export function recipeBlob(path: string, version = 1): string {
  return blobSha(`# ${path} v${version}\n`);
}

export interface WorldFile {
  filename: string;
  status: string;
  sha: string;
  previous_filename?: string;
}

export interface WorldPull {
  number: number;
  title: string;
  headRef: string;
  baseRef?: string;
  createdAt: string;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  state: "open" | "closed";
  commits: { sha: string; message: string }[];
  files: WorldFile[];
  /** `owner/repo` of the head branch when it is a fork. */
  headRepo?: string;
}

export function filesOf(commit: FixtureCommit): WorldFile[] {
  return commit.files.map((f) => ({
    filename: f.path,
    status: f.status,
    sha: f.status === "removed" ? fakeSha(`old ${f.path}`) : recipeBlob(f.path),
  }));
}

/** A batch pull request as the real pipeline made it: one batch commit, squash-merged when the fixture names a main commit. */
export function pullFromFixture(commit: FixtureCommit, overrides: Partial<WorldPull> = {}): WorldPull {
  const stamp = commit.authorDate.replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const merged = commit.mainSquash !== null;
  return {
    number: commit.pull ?? Number(commit.sha.slice(0, 4).replace(/\D/g, "9")),
    title: merged ? "feat(recipes): add batch recipes" : commit.message.split("\n")[0]!,
    headRef: commit.branch ?? `batch/${stamp}`,
    createdAt: commit.authorDate,
    mergedAt: merged ? new Date(Date.parse(commit.authorDate) + 180_000).toISOString() : null,
    mergeCommitSha: merged ? commit.mainSquash : null,
    state: "closed",
    commits: [{ sha: commit.sha, message: commit.message }],
    files: filesOf(commit),
    ...overrides,
  };
}

/** A pull request that is not a batch (a person's branch). */
export function humanPull(number: number, createdAt: string): WorldPull {
  return {
    number,
    title: `fix: something ${number}`,
    headRef: `fix/thing-${number}`,
    createdAt,
    mergedAt: createdAt,
    mergeCommitSha: fakeSha(`m${number}`),
    state: "closed",
    commits: [],
    files: [],
  };
}

export function rawPull(pull: WorldPull) {
  return {
    number: pull.number,
    html_url: `${HTML}/pull/${pull.number}`,
    title: pull.title,
    state: pull.state,
    head: { ref: pull.headRef, repo: { full_name: pull.headRepo ?? `${OWNER}/${REPO}` } },
    base: { ref: pull.baseRef ?? "main" },
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    created_at: pull.createdAt,
  };
}

const enc = encodeURIComponent;

/**
 * nock interceptors for the rollback's GitHub calls, each registered once (so `scope.isDone()` proves
 * every expected call happened); request bodies are captured for assertions.
 */
export class RollbackMocks {
  readonly bodies: Record<string, any> = {};

  constructor(readonly scope: nock.Scope) {}

  rollbackBranch(id: string, sha: string | null): this {
    const route = `${REPO_PATH}/git/ref/${enc(`heads/rollback-batch-${id}`)}`;
    if (sha === null) this.scope.get(route).reply(404, { message: "Not Found" });
    else this.scope.get(route).reply(200, { ref: `refs/heads/rollback-batch-${id}`, object: { sha, type: "commit" } });
    return this;
  }

  pullsFromBranch(id: string, pulls: WorldPull[]): this {
    this.scope
      .get(`${REPO_PATH}/pulls`)
      .query({ head: `${OWNER}:rollback-batch-${id}`, state: "all", per_page: "100" })
      .reply(200, pulls.map(rawPull));
    return this;
  }

  /** One page of commit search; `incomplete` is GitHub's `incomplete_results` (the search timed out). */
  search(id: string, items: { sha: string; message: string; parents: string[]; at: string }[], total = items.length, incomplete = false): this {
    this.scope
      .get("/search/commits")
      .query({ q: `repo:${OWNER}/${REPO} "batch_id: ${id}"`, per_page: "100", page: "1" })
      .reply(200, {
        total_count: total,
        incomplete_results: incomplete,
        items: items.map((c) => ({
          sha: c.sha,
          html_url: `${HTML}/commit/${c.sha}`,
          commit: { message: c.message, author: { date: c.at }, committer: { date: c.at } },
          parents: c.parents.map((sha) => ({ sha })),
        })),
      });
    return this;
  }

  /** `GET /commits/{sha}`: the files 300 a page, with a Link header while more follow. */
  commitFiles(sha: string, files: WorldFile[]): this {
    const pages = Math.max(1, Math.ceil(files.length / 300));
    for (let page = 1; page <= pages; page++) {
      const link =
        page < pages
          ? { link: `<https://api.github.com${REPO_PATH}/commits/${sha}?per_page=300&page=${page + 1}>; rel="next"` }
          : ({} as Record<string, string>);
      this.scope
        .get(`${REPO_PATH}/commits/${sha}`)
        .query({ per_page: "300", page: String(page) })
        .reply(200, { sha, files: files.slice((page - 1) * 300, page * 300) }, link);
    }
    return this;
  }

  /** The pull-request list newest first, `perPage` a page; only the first `pagesServed` pages are expected. */
  pullList(pulls: WorldPull[], options: { perPage?: number; pagesServed?: number } = {}): this {
    const perPage = options.perPage ?? 100;
    const sorted = [...pulls].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const pages = Math.max(1, Math.ceil(sorted.length / perPage));
    for (let page = 1; page <= Math.min(pages, options.pagesServed ?? pages); page++) {
      const query = { state: "all", sort: "created", direction: "desc", per_page: "100", ...(page > 1 ? { page: String(page) } : {}) };
      const link =
        page < pages
          ? { link: `<https://api.github.com${REPO_PATH}/pulls?state=all&sort=created&direction=desc&per_page=100&page=${page + 1}>; rel="next"` }
          : ({} as Record<string, string>);
      this.scope
        .get(`${REPO_PATH}/pulls`)
        .query(query)
        .reply(200, sorted.slice((page - 1) * perPage, page * perPage).map(rawPull), link);
    }
    return this;
  }

  pullCommits(pull: WorldPull): this {
    this.scope
      .get(`${REPO_PATH}/pulls/${pull.number}/commits`)
      .query({ per_page: "100" })
      .reply(
        200,
        pull.commits.map((c) => ({ sha: c.sha, commit: { message: c.message } })),
      );
    return this;
  }

  pullFiles(pull: WorldPull): this {
    const pages = Math.max(1, Math.ceil(pull.files.length / 100));
    for (let page = 1; page <= pages; page++) {
      const link =
        page < pages
          ? { link: `<https://api.github.com${REPO_PATH}/pulls/${pull.number}/files?per_page=100&page=${page + 1}>; rel="next"` }
          : ({} as Record<string, string>);
      this.scope
        .get(`${REPO_PATH}/pulls/${pull.number}/files`)
        .query({ per_page: "100", ...(page > 1 ? { page: String(page) } : {}) })
        .reply(200, pull.files.slice((page - 1) * 100, page * 100), link);
    }
    return this;
  }

  head(sha: string): this {
    this.scope.get(`${REPO_PATH}/git/ref/${enc("heads/main")}`).reply(200, { ref: "refs/heads/main", object: { sha, type: "commit" } });
    return this;
  }

  /** A recursive tree read of `commitish`: every blob given, plus a directory entry to show non-blobs are skipped. */
  tree(commitish: string, treeSha: string, blobs: Record<string, string>, modes: Record<string, string> = {}): this {
    const tree = [
      { path: "recipes", mode: "040000", type: "tree", sha: fakeSha(`dir ${treeSha}`) },
      ...Object.entries(blobs).map(([path, sha]) => ({ path, mode: modes[path] ?? "100644", type: "blob", sha })),
    ];
    this.scope.get(`${REPO_PATH}/git/trees/${commitish}`).query({ recursive: "1" }).reply(200, { sha: treeSha, truncated: false, tree });
    return this;
  }

  gitCommit(sha: string, parents: string[], message = "commit"): this {
    this.scope.get(`${REPO_PATH}/git/commits/${sha}`).reply(200, {
      sha,
      message,
      parents: parents.map((p) => ({ sha: p })),
      tree: { sha: fakeSha(`tree ${sha}`) },
      html_url: `${HTML}/commit/${sha}`,
    });
    return this;
  }

  createTree(treeSha: string): this {
    this.scope.post(`${REPO_PATH}/git/trees`, (body) => ((this.bodies["tree"] = body), true)).reply(201, { sha: treeSha, tree: [] });
    return this;
  }

  createCommit(sha: string): this {
    this.scope
      .post(`${REPO_PATH}/git/commits`, (body) => ((this.bodies["commit"] = body), true))
      .reply(201, { sha, html_url: `${HTML}/commit/${sha}` });
    return this;
  }

  createRef(status = 201): this {
    this.scope
      .post(`${REPO_PATH}/git/refs`, (body) => ((this.bodies["ref"] = body), true))
      .reply(status, status === 201 ? { ref: "x", object: { sha: "x" } } : { message: "Reference already exists" });
    return this;
  }

  createPull(number: number, status = 201): this {
    const answer =
      status === 201
        ? rawPull({
            number,
            title: "t",
            headRef: "rollback",
            createdAt: "2026-11-27T10:00:00Z",
            mergedAt: null,
            mergeCommitSha: null,
            state: "open",
            commits: [],
            files: [],
          })
        : status === 422
          ? {
              message: "Validation Failed",
              errors: [{ resource: "PullRequest", code: "custom", message: "A pull request already exists for Codertocat:rollback." }],
            }
          : { message: "Server Error" };
    this.scope.post(`${REPO_PATH}/pulls`, (body) => ((this.bodies["pull"] = body), true)).reply(status, answer);
    return this;
  }

  /** Labels already exist (one GET each), then the POST that adds them to the pull request. */
  labels(number: number, names: string[]): this {
    for (const name of names) this.scope.get(`${REPO_PATH}/labels/${enc(name)}`).reply(200, { name });
    this.scope.post(`${REPO_PATH}/issues/${number}/labels`, (body) => ((this.bodies["labels"] = body), true)).reply(200, []);
    return this;
  }

  requestReviewers(number: number, status = 201): this {
    this.scope
      .post(`${REPO_PATH}/pulls/${number}/requested_reviewers`, (body) => ((this.bodies["reviewers"] = body), true))
      .reply(status, status === 201 ? {} : { message: "Reviews may only be requested from collaborators." });
    return this;
  }
}
