import { readTextFile } from "./files.js";
import { statusOf, type GitHub, type RepoRef } from "../core/github.js";

export const WORKFLOWS_DIR = ".github/workflows";

export interface WorkflowListing {
  /** False when the repository has no `.github/workflows` (404). */
  found: boolean;
  /** File name → blob sha. */
  files: Map<string, string>;
}

/** The last listing per repository with its ETag: asking again with `If-None-Match` costs no rate limit when unchanged (304). */
const listings = new Map<string, { etag: string; listing: WorkflowListing }>();
const MAX_LISTINGS = 500;

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value!);
}

/** Listings being asked for: a burst of stops on one repository shares one request. */
const listingsInFlight = new Map<string, Promise<WorkflowListing>>();

/** `.github/workflows` on the default branch: one conditional request, a 304 once nothing changed. */
export function listWorkflows(github: GitHub, repo: RepoRef): Promise<WorkflowListing> {
  const key = `${repo.owner}/${repo.repo}@${repo.defaultBranch}`.toLowerCase();
  let pending = listingsInFlight.get(key);
  if (!pending) {
    pending = fetchListing(github, repo, key).finally(() => listingsInFlight.delete(key));
    listingsInFlight.set(key, pending);
  }
  return pending;
}

async function fetchListing(github: GitHub, repo: RepoRef, key: string): Promise<WorkflowListing> {
  const known = listings.get(key);
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
    if (typeof etag === "string" && etag !== "") remember(listings, key, { etag, listing }, MAX_LISTINGS);
    return listing;
  } catch (error) {
    const status = statusOf(error);
    if (status === 304 && known) return known.listing;
    if (status === 404) return { found: false, files: new Map() };
    throw error;
  }
}

/** Forgets the listings and their ETags (tests; the analyses by blob sha stay valid forever). */
export function clearWorkflowListings(): void {
  listings.clear();
}

/** What was learnt from a workflow file's text, by blob sha: a blob never changes, so it is never read twice. */
const byBlob = new Map<string, unknown>();
const MAX_BLOBS = 2000;
/** Blobs being read: concurrent stops share one read (`undefined`: the file was removed since the listing). */
const blobsInFlight = new Map<string, Promise<unknown>>();

/**
 * `analyse(text)` of each named workflow file, reading only files whose blob was not seen before (by
 * the listing's sha). Only the analysis is kept, never the text.
 */
export async function analyseWorkflows<T>(
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
    if (byBlob.has(cacheKey)) {
      out.push(byBlob.get(cacheKey) as T);
      continue;
    }
    let pending = blobsInFlight.get(cacheKey);
    if (!pending) {
      pending = readAndAnalyse(github, repo, file, sha, cacheKey, analyse).finally(() => blobsInFlight.delete(cacheKey));
      blobsInFlight.set(cacheKey, pending);
    }
    const result = (await pending) as T | undefined;
    if (result !== undefined) out.push(result);
  }
  return out;
}

async function readAndAnalyse<T>(
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
  if (read.sha === sha) remember(byBlob, cacheKey, result, MAX_BLOBS);
  return result;
}
