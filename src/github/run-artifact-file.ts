import { unzipSync } from "fflate";
import { messageOf, statusOf, type GitHub, type RepoRef } from "./types.js";

/** An artifact is untrusted: small limits, and only the one file is inflated. */
export const MAX_ARTIFACT_ZIP_BYTES = 1_048_576;
export const MAX_ARTIFACT_FILE_BYTES = 5_242_880;

export type ArtifactFile = { ok: true; text: string } | { ok: false; error: string };

/**
 * Reads one file from a run's artifact (the newest unexpired one with that name). Never throws for what
 * the artifact contains: a missing artifact, a bad zip or an oversized file is an `{ ok: false }` with a
 * reason; API failures other than 404 are thrown.
 */
export async function readRunArtifactFile(
  github: GitHub,
  repo: RepoRef,
  runId: number,
  artifactName: string,
  fileName: string,
): Promise<ArtifactFile> {
  const { data } = await github.rest.actions.listWorkflowRunArtifacts({ owner: repo.owner, repo: repo.repo, run_id: runId, name: artifactName, per_page: 100 });
  const artifact = data.artifacts
    .filter((a) => a.name === artifactName && !a.expired)
    .sort((a, b) => b.id - a.id)[0];
  if (!artifact) return { ok: false, error: `the run has no \`${artifactName}\` artifact` };
  if (artifact.size_in_bytes > MAX_ARTIFACT_ZIP_BYTES) return { ok: false, error: `the \`${artifactName}\` artifact is ${artifact.size_in_bytes} bytes, over the ${MAX_ARTIFACT_ZIP_BYTES}-byte limit` };
  let zip: ArrayBuffer;
  try {
    ({ data: zip } = (await github.rest.actions.downloadArtifact({ owner: repo.owner, repo: repo.repo, artifact_id: artifact.id, archive_format: "zip" })) as { data: ArrayBuffer });
  } catch (error) {
    if (statusOf(error) === 404 || statusOf(error) === 410) return { ok: false, error: `the \`${artifactName}\` artifact cannot be downloaded: ${messageOf(error)}` };
    throw error;
  }
  if (zip.byteLength > MAX_ARTIFACT_ZIP_BYTES) return { ok: false, error: `the \`${artifactName}\` artifact is over the ${MAX_ARTIFACT_ZIP_BYTES}-byte limit` };
  let tooLarge = false;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(zip), {
      filter: (file) => {
        if (file.name !== fileName) return false;
        if (file.originalSize > MAX_ARTIFACT_FILE_BYTES) tooLarge = true;
        return !tooLarge;
      },
    });
  } catch (error) {
    return { ok: false, error: `the \`${artifactName}\` artifact is not a valid zip: ${(error as Error).message}` };
  }
  if (tooLarge) return { ok: false, error: `\`${fileName}\` is over the ${MAX_ARTIFACT_FILE_BYTES}-byte limit` };
  const bytes = files[fileName];
  if (!bytes) return { ok: false, error: `the \`${artifactName}\` artifact has no \`${fileName}\`` };
  return { ok: true, text: new TextDecoder("utf-8", { fatal: false }).decode(bytes) };
}
