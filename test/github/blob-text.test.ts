import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { readBlobText } from "../../src/github/blob-text.js";
import { readTextFile } from "../../src/github/files.js";
import { repoRef, tokenOctokit } from "../helpers/seeding.js";
import { API, REPO_PATH } from "../helpers/index.js";

const SHA = "a".repeat(40);
const RAW = "application/vnd.github.raw+json";

describe("readBlobText: the blob's bytes, raw and streamed", () => {
  test("asks for the raw media type and decodes UTF-8 across chunk boundaries, a byte-order mark kept", async () => {
    // Big enough to arrive in several chunks; multi-byte characters everywhere, so some straddle chunks.
    const text = "\uFEFF" + "ä€𝄞 queue entry ✓\n".repeat(40_000);
    const scope = nock(API)
      .get(`${REPO_PATH}/git/blobs/${SHA}`)
      .matchHeader("accept", RAW)
      .reply(200, Buffer.from(text, "utf8"), { "content-type": RAW });
    expect(await readBlobText(tokenOctokit(), repoRef, SHA)).toBe(text);
    expect(scope.isDone()).toBe(true);
  });

  test("a server that ignores the media type and answers GitHub's JSON blob (base64) is read as before", async () => {
    const text = '{\n  "entries": []\n}\n';
    nock(API)
      .get(`${REPO_PATH}/git/blobs/${SHA}`)
      .reply(200, {
        sha: SHA,
        encoding: "base64",
        content: Buffer.from(text)
          .toString("base64")
          .replace(/(.{20})/g, "$1\n"),
        size: text.length,
      });
    expect(await readBlobText(tokenOctokit(), repoRef, SHA)).toBe(text);
  });

  test("errors are GitHub's (404 stays a 404)", async () => {
    nock(API).get(`${REPO_PATH}/git/blobs/${SHA}`).reply(404, { message: "Not Found" });
    await expect(readBlobText(tokenOctokit(), repoRef, SHA)).rejects.toMatchObject({ status: 404 });
  });
});

test("readTextFile: a file over 1 MB (contents API without content) is read through the raw blob", async () => {
  const text = JSON.stringify({ entries: Array.from({ length: 20_000 }, (_, i) => ({ name: `tool-${i}` })) }, null, 2);
  nock(API)
    .get(`${REPO_PATH}/contents/data%2Fqueues%2Fpriority-queue.json`)
    .query({ ref: "main" })
    .reply(200, { type: "file", encoding: "none", content: "", size: text.length, sha: SHA });
  nock(API).get(`${REPO_PATH}/git/blobs/${SHA}`).matchHeader("accept", RAW).reply(200, text, { "content-type": RAW });
  expect(await readTextFile(tokenOctokit(), repoRef, "data/queues/priority-queue.json")).toEqual({ text, sha: SHA });
});
