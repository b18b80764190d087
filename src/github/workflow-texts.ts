import { readTextFile } from "./files.js";
import { statusOf, type GitHub, type RepoRef } from "../core/github.js";

export const WORKFLOWS_DIR = ".github/workflows";

export interface WorkflowListing {
  /** False when the repository has no `.github/workflows` (404). */
  found: boolean;
  /** File name → blob sha. */
  files: Map<string, string>;
}

const MAX_LISTINGS = 500;
const MAX_BLOBS = 2000;

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value!);
}

/**
 * The repositories' workflow files, read as cheaply as GitHub allows: the last listing per repository
 * with its ETag (asking again with `If-None-Match` costs no rate limit when unchanged, 304), and what
 * was learnt from each file by blob sha (a blob never changes, so it is never read twice). Concurrent
 * callers share one request. One instance per app (the composition root builds it).
 */
export class WorkflowTexts {
  private readonly listings = new Map<string, { etag: string; listing: WorkflowListing }>();
  /** Listings being asked for: a burst of stops on one repository shares one request. */
  private readonly listingsInFlight = new Map<string, Promise<WorkflowListing>>();
  /** Analyses by blob sha, analysis key and file; only the analysis is kept, never the text. */
  private readonly byBlob = new Map<string, unknown>();
  /** Blobs being read: concurrent stops share one read (`undefined`: the file was removed since the listing). */
  private readonly blobsInFlight = new Map<string, Promise<unknown>>();

  /** `.github/workflows` on the default branch: one conditional request, a 304 once nothing changed. */
  list(github: GitHub, repo: RepoRef): Promise<WorkflowListing> {
    const key = `${repo.owner}/${repo.repo}@${repo.defaultBranch}`.toLowerCase();
    let pending = this.listingsInFlight.get(key);
    if (!pending) {
      pending = this.fetchListing(github, repo, key).finally(() => this.listingsInFlight.delete(key));
      this.listingsInFlight.set(key, pending);
    }
    return pending;
  }

  /**
   * `analyse(text)` of each named workflow file, reading only files whose blob was not seen before (by
   * the listing's sha) under the same `keyOf`.
   */
  async analyse<T>(
    github: GitHub,
    repo: RepoRef,
    listing: WorkflowListing,
    files: readonly string[],
    keyOf: string,
    analyse: (file: string, text: string) => T,
  ): Promise<T[]> {
    const out: T[] = [];
    for (const file of files) {
      const sha = listing.files.get(file);
      if (!sha) continue;
      const cacheKey = `${sha} ${keyOf} ${file}`;
      if (this.byBlob.has(cacheKey)) {
        out.push(this.byBlob.get(cacheKey) as T);
        continue;
      }
      let pending = this.blobsInFlight.get(cacheKey);
      if (!pending) {
        pending = this.readAndAnalyse(github, repo, file, sha, cacheKey, analyse).finally(() => this.blobsInFlight.delete(cacheKey));
        this.blobsInFlight.set(cacheKey, pending);
      }
      const result = (await pending) as T | undefined;
      if (result !== undefined) out.push(result);
    }
    return out;
  }

  private async fetchListing(github: GitHub, repo: RepoRef, key: string): Promise<WorkflowListing> {
    const known = this.listings.get(key);
    try {
      const response = await github.rest.repos.getContent({
        owner: repo.owner,
        repo: repo.repo,
        path: WORKFLOWS_DIR,
        ref: repo.defaultBranch,
        ...(known ? { headers: { "if-none-match": known.etag } } : {}),
      });
      const entries = Array.isArray(response.data) ? response.data : [];
      const listing = { found: true, files: new Map(entries.filter((e) => e.type === "file").map((e) => [e.name, e.sha])) };
      const etag = response.headers.etag;
      if (typeof etag === "string" && etag !== "") remember(this.listings, key, { etag, listing }, MAX_LISTINGS);
      return listing;
    } catch (error) {
      const status = statusOf(error);
      if (status === 304 && known) return known.listing;
      if (status === 404) return { found: false, files: new Map() };
      throw error;
    }
  }

  private async readAndAnalyse<T>(
    github: GitHub,
    repo: RepoRef,
    file: string,
    sha: string,
    cacheKey: string,
    analyse: (file: string, text: string) => T,
  ): Promise<T | undefined> {
    const read = await readTextFile(github, repo, `${WORKFLOWS_DIR}/${file}`);
    if (!read) return undefined; // removed since the listing
    const result = analyse(file, read.text);
    if (read.sha === sha) remember(this.byBlob, cacheKey, result, MAX_BLOBS);
    return result;
  }
}
