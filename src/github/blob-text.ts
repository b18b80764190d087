import type { GitHub, RepoRef } from "../core/github.js";

/** A file's bytes as GitHub stores them, not base64 in JSON: about a quarter less to receive, no decode copies. */
const RAW = "application/vnd.github.raw+json";

/**
 * The text of a blob, asked for raw and read as a stream: the queue file (1.4 MB in the real pipeline)
 * arrives as bytes decoded chunk by chunk, instead of a 1.9 MB JSON text, its parse, a base64 string,
 * a Buffer and then the text (five copies alive at once). A server that ignores the media type and
 * answers GitHub's JSON blob (`content` + `encoding`) is read as before.
 */
export async function readBlobText(github: GitHub, repo: RepoRef, sha: string): Promise<string> {
  const response = await github.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", {
    owner: repo.owner,
    repo: repo.repo,
    file_sha: sha,
    headers: { accept: RAW },
    request: { parseSuccessResponseBody: false },
  });
  const body = response.data as unknown;
  const type = String(response.headers["content-type"] ?? "");
  if (!isStream(body)) return fromParsed(body); // a fetch that already parsed it (tests' custom fetch)
  const text = await streamText(body);
  if (!/^application\/json\b/i.test(type)) return text;
  return fromParsed(JSON.parse(text));
}

function isStream(body: unknown): body is ReadableStream<Uint8Array> {
  return typeof body === "object" && body !== null && typeof (body as ReadableStream).getReader === "function";
}

function fromParsed(data: unknown): string {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return new TextDecoder("utf-8", { ignoreBOM: true }).decode(data);
  const blob = data as { content?: unknown; encoding?: unknown };
  if (typeof blob?.content !== "string") throw new Error("GitHub answered a blob without content");
  return Buffer.from(blob.content, blob.encoding === "utf-8" ? "utf8" : "base64").toString("utf8");
}

/** UTF-8 decoded chunk by chunk (a character split across chunks is kept whole by the stream decoder). */
async function streamText(body: ReadableStream<Uint8Array>): Promise<string> {
  // ignoreBOM keeps a byte-order mark as text (as Buffer's decoding does), so a rewrite keeps the file's bytes.
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  const parts: string[] = [];
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join("");
}
