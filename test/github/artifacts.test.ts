import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { Readable } from "node:stream";
import { ArtifactError, downloadArtifactZip, downloadRunArtifactJson, readZipEntry } from "../../src/github/artifacts.js";
import { API, REPO_PATH } from "../helpers/index.js";
import { mockRunArtifact, repoRef, STORAGE, tokenOctokit, zipOf } from "../helpers/seeding.js";
import { expectUnmatched } from "../helpers/nock-isolation.js";

async function failure(promise: Promise<unknown>): Promise<ArtifactError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ArtifactError) return error;
    throw error;
  }
  throw new Error("expected an ArtifactError");
}

describe("downloadRunArtifactJson", () => {
  test("lists the run's artifacts, follows the redirect without the token, unzips the file", async () => {
    const api = nock(API);
    const storage = mockRunArtifact(api, 77, zipOf({ "seeding-summary.json": '\uFEFF{"new_packages": 3}' }))!;
    const json = await downloadRunArtifactJson(tokenOctokit(), repoRef, 77, "seeding-summary", "seeding-summary.json");
    expect(json).toEqual({ new_packages: 3 });
    expect(api.isDone()).toBe(true);
    expect(storage.isDone()).toBe(true);
  });

  test("the storage host never receives the Authorization header", async () => {
    const api = nock(API);
    const storage = mockRunArtifact(api, 77, zipOf({ "seeding-summary.json": "{}" }))!;
    const headers: Record<string, unknown>[] = [];
    storage.on("request", (req: { headers: Record<string, unknown> }) => headers.push(req.headers));
    await downloadRunArtifactJson(tokenOctokit(), repoRef, 77, "seeding-summary", "seeding-summary.json");
    expect(headers).toHaveLength(1);
    expect(Object.keys(headers[0]!).map((h) => h.toLowerCase())).not.toContain("authorization");
  });

  test("a storage request carrying a token would be refused by the mock (the guard works)", async () => {
    const zip = zipOf({ "a.json": "{}" });
    expectUnmatched(/^GET \/x$/);
    nock(STORAGE, { badheaders: ["authorization"] })
      .get("/x")
      .reply(200, zip);
    await expect(fetch(`${STORAGE}/x`, { headers: { authorization: "token t" } })).rejects.toThrow();
  });

  test("the newest artifact of that name is used; a file in a folder is found by its name", async () => {
    const api = nock(API);
    api
      .get(`${REPO_PATH}/actions/runs/5/artifacts`)
      .query(true)
      .reply(200, {
        artifacts: [
          { id: 1, name: "seeding-summary", size_in_bytes: 10, expired: false },
          { id: 2, name: "seeding-summary", size_in_bytes: 10, expired: false },
        ],
      });
    api.get(`${REPO_PATH}/actions/artifacts/2/zip`).reply(302, "", { Location: `${STORAGE}/two` });
    nock(STORAGE, { badheaders: ["authorization"] })
      .get("/two")
      .reply(200, zipOf({ "out/seeding-summary.json": '{"n": 2}' }));
    expect(await downloadRunArtifactJson(tokenOctokit(), repoRef, 5, "seeding-summary", "seeding-summary.json")).toEqual({ n: 2 });
  });

  test.each([
    ["no such artifact", { zip: null }, "not_found", "run 77 uploaded no artifact named seeding-summary"],
    ["an expired artifact", { expired: true }, "expired", "has expired"],
    [
      "an artifact over the cap by its listed size",
      { size: 25 * 1024 * 1024, download: false },
      "too_large",
      "25 MB, over the 20 MB limit; it was not downloaded",
    ],
  ])("%s: refused before downloading", async (_name, options, kind, message) => {
    const api = nock(API);
    const zip = "zip" in options ? null : zipOf({ "seeding-summary.json": "{}" });
    mockRunArtifact(api, 77, zip, { ...options, download: false });
    const error = await failure(downloadRunArtifactJson(tokenOctokit(), repoRef, 77, "seeding-summary", "seeding-summary.json"));
    expect(error.kind).toBe(kind);
    expect(error.message).toContain(message);
    expect(api.isDone()).toBe(true);
  });

  test("a file missing from the zip is named, with what the zip holds", async () => {
    mockRunArtifact(nock(API), 77, zipOf({ "summary.txt": "x", "log.txt": "y" }));
    const error = await failure(downloadRunArtifactJson(tokenOctokit(), repoRef, 77, "seeding-summary", "seeding-summary.json"));
    expect(error).toMatchObject({ kind: "file_missing", message: "the artifact has no seeding-summary.json: it holds summary.txt, log.txt" });
  });

  test("invalid JSON in the file", async () => {
    mockRunArtifact(nock(API), 77, zipOf({ "seeding-summary.json": "exit status 2\n{" }));
    expect((await failure(downloadRunArtifactJson(tokenOctokit(), repoRef, 77, "seeding-summary", "seeding-summary.json"))).kind).toBe("bad_json");
  });

  test("not a zip", async () => {
    mockRunArtifact(nock(API), 77, Buffer.from("<html>not a zip</html>"));
    expect((await failure(downloadRunArtifactJson(tokenOctokit(), repoRef, 77, "seeding-summary", "seeding-summary.json"))).kind).toBe("bad_zip");
  });
});

describe("downloadArtifactZip size cap", () => {
  test("a declared Content-Length over the cap is refused without reading the body", async () => {
    nock(API)
      .get(`${REPO_PATH}/actions/artifacts/9/zip`)
      .reply(302, "", { Location: `${STORAGE}/big` });
    nock(STORAGE).get("/big").reply(200, Buffer.alloc(2048), { "Content-Length": "2048" });
    const error = await failure(downloadArtifactZip(tokenOctokit(), repoRef, 9, { maxBytes: 1024 }));
    expect(error.kind).toBe("too_large");
    expect(error.message).toContain("it was not downloaded");
  });

  test("a streamed body without Content-Length is cut off as soon as it passes the cap", async () => {
    nock(API)
      .get(`${REPO_PATH}/actions/artifacts/9/zip`)
      .reply(302, "", { Location: `${STORAGE}/stream` });
    nock(STORAGE)
      .get("/stream")
      .reply(200, () =>
        Readable.from(
          (function* () {
            for (let i = 0; i < 64; i++) yield Buffer.alloc(512, i);
          })(),
        ),
      );
    const error = await failure(downloadArtifactZip(tokenOctokit(), repoRef, 9, { maxBytes: 4096 }));
    expect(error).toMatchObject({ kind: "too_large", message: expect.stringContaining("passed the 4096 bytes limit") });
  });

  test("storage errors and expired artifacts are reported, not thrown raw", async () => {
    nock(API)
      .get(`${REPO_PATH}/actions/artifacts/9/zip`)
      .reply(302, "", { Location: `${STORAGE}/gone` });
    nock(STORAGE).get("/gone").reply(403, "AuthenticationFailed");
    expect(await failure(downloadArtifactZip(tokenOctokit(), repoRef, 9))).toMatchObject({
      kind: "download_failed",
      message: "the artifact storage answered 403",
    });
    nock(API).get(`${REPO_PATH}/actions/artifacts/9/zip`).reply(410, { message: "Artifact has expired" });
    expect((await failure(downloadArtifactZip(tokenOctokit(), repoRef, 9))).kind).toBe("expired");
  });

  test("a redirect to something that is not http(s) is refused", async () => {
    nock(API).get(`${REPO_PATH}/actions/artifacts/9/zip`).reply(302, "", { Location: "file:///etc/passwd" });
    expect(await failure(downloadArtifactZip(tokenOctokit(), repoRef, 9))).toMatchObject({
      kind: "download_failed",
      message: "the artifact redirect is not an http(s) URL",
    });
  });
});

/** A zip whose headers claim its first entry inflates to `claimed` bytes (a zip bomb lies so). */
function lyingAboutSize(zip: Buffer, claimed: number): Buffer {
  const out = Buffer.from(zip);
  out.writeUInt32LE(claimed, 22); // the local header's uncompressed size
  const central = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  out.writeUInt32LE(claimed, central + 24); // the central directory's
  return out;
}

describe("readZipEntry", () => {
  test("refuses a file that would inflate past the cap (zip bomb)", async () => {
    const zip = zipOf({ "seeding-summary.json": new Uint8Array(200_000) });
    expect(zip.length).toBeLessThan(10_000);
    await expect(readZipEntry(zip, "seeding-summary.json", 100_000)).rejects.toThrow(/inflates to .* over the 100000 bytes limit/);
  });

  test("a zip bomb that declares a small size is stopped once its real output passes the cap", async () => {
    // 16 MB of spaces in a ~16 KB zip that says it holds 100 bytes.
    const zip = lyingAboutSize(zipOf({ "batch-results.json": new Uint8Array(16 * 1024 * 1024).fill(32) }), 100);
    expect(zip.length).toBeLessThan(20_000);
    const error = await readZipEntry(zip, "batch-results.json", 1_000_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactError);
    expect(error).toMatchObject({
      kind: "too_large",
      message: "batch-results.json inflates to more than 1000000 bytes, over the limit (its declared size is wrong); nothing was read",
    });
  });

  test("directory entries and other files are skipped; the exact path wins over a base name", async () => {
    const zip = zipOf({ "out/": new Uint8Array(0), "out/batch-results.json": '{"b":1}', "batch-results.json": '{"a":1}' });
    expect(new TextDecoder().decode(await readZipEntry(zip, "batch-results.json"))).toBe('{"a":1}');
    const nested = zipOf({ "out/": new Uint8Array(0), "out/batch-results.json": '{"b":1}' });
    expect(new TextDecoder().decode(await readZipEntry(nested, "batch-results.json"))).toBe('{"b":1}');
  });
});
