import { Unzip, UnzipInflate, unzipSync } from "fflate";
import { messageOf, statusOf, type GitHub, type RepoRef } from "../core/github.js";
import { parseJsonBounded } from "../util/json-depth.js";

export type ArtifactErrorKind = "not_found" | "expired" | "too_large" | "download_failed" | "bad_zip" | "file_missing" | "bad_json";

/** Why a run's artifact could not be read; `message` says it in words a maintainer can act on. */
export class ArtifactError extends Error {
  constructor(
    readonly kind: ArtifactErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "ArtifactError";
  }
}

export interface ArtifactOptions {
  /** Largest zip, and largest file inside it, that is read (default 20 MB). */
  maxBytes?: number;
  /** Gives up on the storage download after this long (default 60 s). */
  timeoutMs?: number;
  /** The fetch used for the storage host (tests and GHE proxies may replace it). */
  fetch?: typeof fetch;
}

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 60_000;

export interface RunArtifact {
  id: number;
  name: string;
  sizeInBytes: number;
  expired: boolean;
}

function mb(bytes: number): string {
  return bytes < 1048576 ? `${bytes} bytes` : `${Math.round((bytes / 1048576) * 10) / 10} MB`;
}

/** The run's artifact with this name (the newest when re-runs uploaded several), or undefined. */
export async function findRunArtifact(github: GitHub, repo: RepoRef, runId: number, name: string): Promise<RunArtifact | undefined> {
  const { data } = await github.rest.actions.listWorkflowRunArtifacts({ owner: repo.owner, repo: repo.repo, run_id: runId, name, per_page: 100 });
  const found = data.artifacts.filter((a) => a.name === name).sort((a, b) => b.id - a.id)[0];
  return found && { id: found.id, name: found.name, sizeInBytes: found.size_in_bytes, expired: found.expired };
}

/** Reads a response body chunk by chunk, aborting as soon as it passes `maxBytes`. */
async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number, abort: () => void): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      abort();
      await reader.cancel().catch(() => undefined);
      throw new ArtifactError("too_large", `the artifact download passed the ${mb(maxBytes)} limit; nothing was read`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Downloads an artifact's zip. GitHub answers with a redirect to short-lived signed storage: the
 * redirect is not followed by Octokit, and the storage URL is fetched without the GitHub token.
 */
export async function downloadArtifactZip(github: GitHub, repo: RepoRef, artifactId: number, options: ArtifactOptions = {}): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let response: { status: number; headers: Record<string, string | number | undefined>; data: unknown };
  try {
    response = await github.request("GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}", {
      owner: repo.owner,
      repo: repo.repo,
      artifact_id: artifactId,
      archive_format: "zip",
      request: { redirect: "manual", parseSuccessResponseBody: false },
    });
  } catch (error) {
    const status = statusOf(error);
    if (status === 410) throw new ArtifactError("expired", "the artifact has expired");
    if (status === 404) throw new ArtifactError("not_found", "the artifact is gone");
    throw new ArtifactError("download_failed", `GitHub refused the artifact download (${status ?? "network"}: ${messageOf(error)})`);
  }
  const controller = new AbortController();
  if (response.status === 200) {
    // Some servers answer directly instead of redirecting: read the body Octokit left unread.
    return readCapped(response.data as ReadableStream<Uint8Array> | null, maxBytes, () => controller.abort());
  }
  await (response.data as ReadableStream | null)?.cancel?.().catch(() => undefined);
  const location = response.headers["location"];
  if (response.status < 300 || response.status > 399 || typeof location !== "string") {
    throw new ArtifactError("download_failed", `unexpected answer ${response.status} to the artifact download`);
  }
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new ArtifactError("download_failed", "the artifact redirect is not a URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new ArtifactError("download_failed", "the artifact redirect is not an http(s) URL");

  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    // Plain fetch, no Authorization header: the signed URL is the credential, and the token stays with GitHub.
    const storage = await (options.fetch ?? fetch)(url, { signal: controller.signal, redirect: "follow" });
    if (!storage.ok) throw new ArtifactError("download_failed", `the artifact storage answered ${storage.status}`);
    const declared = Number(storage.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > maxBytes) {
      controller.abort();
      throw new ArtifactError("too_large", `the artifact is ${mb(declared)}, over the ${mb(maxBytes)} limit; it was not downloaded`);
    }
    return await readCapped(storage.body, maxBytes, () => controller.abort());
  } catch (error) {
    if (error instanceof ArtifactError) throw error;
    throw new ArtifactError("download_failed", `the artifact download failed: ${messageOf(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Compressed bytes handed to the inflater at a time: at most ~1,000 times that comes out of one push. */
const INFLATE_CHUNK = 8 * 1024;

/**
 * One file of a zip, by path or, failing that, by base name; refuses entries that would inflate past
 * `maxBytes`. The sizes a zip declares are untrusted (a zip bomb states a small one): the entry is
 * inflated in small steps, yielding to the event loop between them, and abandoned as soon as its real
 * output passes `maxBytes`, so time and memory stay bounded by the cap.
 */
export async function readZipEntry(zip: Uint8Array, fileName: string, maxBytes = DEFAULT_MAX_BYTES): Promise<Uint8Array> {
  const names: string[] = [];
  try {
    // The central directory only (nothing is inflated): what the zip holds, and whether it is one.
    unzipSync(zip, {
      filter: (file) => {
        names.push(file.name);
        const wanted = file.name === fileName || file.name.split("/").pop() === fileName;
        if (wanted && file.originalSize > maxBytes) {
          throw new ArtifactError("too_large", `${fileName} inflates to ${mb(file.originalSize)}, over the ${mb(maxBytes)} limit`);
        }
        return false;
      },
    });
  } catch (error) {
    if (error instanceof ArtifactError) throw error;
    throw new ArtifactError("bad_zip", `the artifact is not a readable zip (${messageOf(error)})`);
  }
  const entry = names.find((name) => name === fileName) ?? names.find((name) => name.split("/").pop() === fileName);
  if (entry === undefined) {
    const listed = names.length === 0 ? "it is empty" : `it holds ${names.slice(0, 10).join(", ")}${names.length > 10 ? ", …" : ""}`;
    throw new ArtifactError("file_missing", `the artifact has no ${fileName}: ${listed}`);
  }
  return inflateEntry(zip, entry, fileName, maxBytes);
}

async function inflateEntry(zip: Uint8Array, entry: string, fileName: string, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let started = false;
  let finished = false;
  let failure: ArtifactError | undefined;
  const unzip = new Unzip((file) => {
    if (started || file.name !== entry) return;
    started = true;
    file.ondata = (error, data, final) => {
      if (failure) return;
      if (error) {
        failure = new ArtifactError("bad_zip", `the artifact is not a readable zip (${messageOf(error)})`);
        return;
      }
      total += data.byteLength;
      if (total > maxBytes) {
        failure = new ArtifactError(
          "too_large",
          `${fileName} inflates to more than ${mb(maxBytes)}, over the limit (its declared size is wrong); nothing was read`,
        );
        return;
      }
      chunks.push(data);
      if (final) finished = true;
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let offset = 0; offset < zip.byteLength && !failure && !finished; offset += INFLATE_CHUNK) {
      unzip.push(zip.subarray(offset, offset + INFLATE_CHUNK), offset + INFLATE_CHUNK >= zip.byteLength);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    failure ??= new ArtifactError("bad_zip", `the artifact is not a readable zip (${messageOf(error)})`);
  }
  if (failure) throw failure;
  if (!finished) throw new ArtifactError("bad_zip", `the artifact is not a readable zip (${fileName} is cut short)`);
  return Buffer.concat(chunks, total);
}

/**
 * The JSON in `fileName` of the run's artifact `artifactName`, streamed with a size cap and unzipped
 * in memory. Throws ArtifactError (kind says why) when there is no such artifact or it cannot be read.
 */
export async function downloadRunArtifactJson(
  github: GitHub,
  repo: RepoRef,
  runId: number,
  artifactName: string,
  fileName: string,
  options: ArtifactOptions = {},
): Promise<unknown> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const artifact = await findRunArtifact(github, repo, runId, artifactName);
  if (!artifact) throw new ArtifactError("not_found", `run ${runId} uploaded no artifact named ${artifactName}`);
  if (artifact.expired) throw new ArtifactError("expired", `the artifact ${artifactName} of run ${runId} has expired`);
  if (artifact.sizeInBytes > maxBytes) {
    throw new ArtifactError(
      "too_large",
      `the artifact ${artifactName} is ${mb(artifact.sizeInBytes)}, over the ${mb(maxBytes)} limit; it was not downloaded`,
    );
  }
  const zip = await downloadArtifactZip(github, repo, artifact.id, options);
  const bytes = await readZipEntry(zip, fileName, maxBytes);
  const text = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
  const read = parseJsonBounded(text);
  if (!read.ok)
    throw new ArtifactError(
      "bad_json",
      `${fileName} in the artifact is ${read.tooDeep ? read.error : `not valid JSON (${read.error.replace(/^not valid JSON: /, "")})`}`,
    );
  return read.value;
}
