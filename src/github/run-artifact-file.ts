import { ArtifactError, downloadArtifactZip, findRunArtifact, readZipEntry } from "./artifacts.js";
import type { GitHub, RepoRef } from "../core/github.js";

/** An artifact is untrusted: small limits, and only the one file is inflated. */
export const MAX_ARTIFACT_ZIP_BYTES = 1_048_576;
export const MAX_ARTIFACT_FILE_BYTES = 5_242_880;

export type ArtifactFile = { ok: true; text: string } | { ok: false; error: string };

/**
 * Reads one file from a run's artifact (the newest unexpired one with that name), through the same
 * download as the seeding summary: the redirect is not followed with the token, the storage download is
 * streamed with a cap. Never throws for what the artifact contains: a missing artifact, a bad zip or an
 * oversized file is an `{ ok: false }` with a reason; API failures listing artifacts are thrown.
 */
export async function readRunArtifactFile(
  github: GitHub,
  repo: RepoRef,
  runId: number,
  artifactName: string,
  fileName: string,
): Promise<ArtifactFile> {
  const artifact = await findRunArtifact(github, repo, runId, artifactName);
  if (!artifact || artifact.expired) return { ok: false, error: `the run has no \`${artifactName}\` artifact` };
  if (artifact.sizeInBytes > MAX_ARTIFACT_ZIP_BYTES) {
    return { ok: false, error: `the \`${artifactName}\` artifact is ${artifact.sizeInBytes} bytes, over the ${MAX_ARTIFACT_ZIP_BYTES}-byte limit` };
  }
  try {
    const zip = await downloadArtifactZip(github, repo, artifact.id, { maxBytes: MAX_ARTIFACT_ZIP_BYTES });
    const bytes = await readZipEntry(zip, fileName, MAX_ARTIFACT_FILE_BYTES);
    return { ok: true, text: new TextDecoder("utf-8", { fatal: false }).decode(bytes) };
  } catch (error) {
    if (error instanceof ArtifactError) return { ok: false, error: `the \`${artifactName}\` artifact cannot be read: ${error.message}` };
    throw error;
  }
}
