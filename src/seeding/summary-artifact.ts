import type { SeedingConfig } from "../config/sections/seeding.js";
import { ArtifactError, downloadRunArtifactJson, type ArtifactOptions } from "../github/artifacts.js";
import { messageOf, statusOf, type GitHub, type RepoRef } from "../core/github.js";
import type { SummaryRead } from "./run-record.js";
import { parseSummary } from "./summary.js";

const SHOWN_ERRORS = 5;

/** Downloads and validates a run's seeding summary. Never throws: a failure is a reason to report. */
export async function readRunSummary(
  github: GitHub,
  repo: RepoRef,
  runId: number,
  seeding: Pick<SeedingConfig, "artifact" | "summary_file" | "max_artifact_mb">,
  options: ArtifactOptions = {},
): Promise<SummaryRead> {
  let raw: unknown;
  try {
    raw = await downloadRunArtifactJson(github, repo, runId, seeding.artifact, seeding.summary_file, {
      maxBytes: Math.floor(seeding.max_artifact_mb * 1024 * 1024),
      ...options,
    });
  } catch (error) {
    if (error instanceof ArtifactError) {
      const missing = error.kind === "not_found" || error.kind === "expired" || error.kind === "download_failed";
      return { outcome: missing ? "missing" : "malformed", problem: error.message };
    }
    const status = statusOf(error);
    return { outcome: "missing", problem: `the run's artifacts could not be listed (${status ?? "network"}: ${messageOf(error)})` };
  }
  const parsed = parseSummary(raw);
  if (parsed.ok) return { outcome: "ok", summary: parsed.summary };
  const shown = parsed.errors.slice(0, SHOWN_ERRORS).join("; ");
  const more = parsed.errors.length > SHOWN_ERRORS ? ` (and ${parsed.errors.length - SHOWN_ERRORS} more)` : "";
  return { outcome: "malformed", problem: `${seeding.summary_file} is not a seeding summary: ${shown}${more}` };
}
