import type { Logger } from "pino";
import type { RepoConfig } from "../config/schema.js";
import { defaultRepoConfig } from "../config/validate.js";
import { parseControlFile } from "../control/codec.js";
import { EtagCache, useConditionalRequests } from "../github/conditional-requests.js";
import { fileUrl, readTextFile } from "../github/files.js";
import { listInstallationIds } from "../github/installations.js";
import { listInstalledRepositories, type InstalledRepository } from "../github/installed-repositories.js";
import { countOpenIssues } from "../github/issue-counts.js";
import { loadRepoConfigFor } from "../config/load.js";
import { messageOf, statusOf, type GitHub, type RepoRef } from "../core/github.js";
import { listCompletedRunsUntilSuccess } from "../github/workflow-runs.js";
import { computePipelineHealth, type HealthInputs, type PipelineHealth } from "./pipeline-health.js";
import { TRACKED_ISSUES } from "./tracked-issues.js";
import { TtlCache } from "./ttl-cache.js";
import { runFromWorkflowRun, type RunRecord } from "./run-history.js";
import { parseStamp } from "../util/time.js";

/** What was read for one repository; the health is computed from it at view time, with the current clock. */
export type HealthSnapshot = Omit<HealthInputs, "now">;

export interface HealthSourceOptions {
  /** Probot's `auth`: no id for the app itself, an installation id for an installation client. */
  auth: (installationId?: number) => Promise<GitHub>;
  clock: () => Date;
  /** How long a repository's data (and the list of installed repositories) is reused. */
  ttlMs: number;
  log?: Pick<Logger, "warn">;
  /** Most pages of 100 completed runs read per batch workflow when looking for the last success. */
  maxRunPages?: number;
}

function refOf(repo: InstalledRepository): RepoRef {
  return { owner: repo.owner, repo: repo.repo, defaultBranch: repo.defaultBranch, htmlUrl: repo.htmlUrl };
}

/**
 * Reads what the health panel shows, for every viewer at once: each repository's data and the list of
 * installed repositories are read at most once per interval, and every read is an ETag-conditional
 * request, so an unchanged answer (304) costs the installation no rate limit.
 */
export class HealthSource {
  readonly etags = new EtagCache();
  private readonly directoryCache: TtlCache<InstalledRepository[]>;
  private readonly snapshots: TtlCache<HealthSnapshot>;

  constructor(private readonly options: HealthSourceOptions) {
    this.directoryCache = new TtlCache(options.ttlMs, options.clock, 1);
    this.snapshots = new TtlCache(options.ttlMs, options.clock);
  }

  /** Snapshot loads so far (one per repository per interval at most). */
  get refreshes(): number {
    return this.snapshots.loads;
  }

  async repositories(): Promise<InstalledRepository[]> {
    return (await this.directoryCache.get("all", () => this.readDirectory())).value;
  }

  /** The installed repository with this name (case-insensitive), or undefined. */
  async find(owner: string, repo: string): Promise<InstalledRepository | undefined> {
    const wanted = `${owner}/${repo}`.toLowerCase();
    return (await this.repositories()).find((r) => r.fullName.toLowerCase() === wanted);
  }

  async health(repo: InstalledRepository): Promise<PipelineHealth> {
    const cached = await this.snapshots.get(repo.fullName.toLowerCase(), () => this.readSnapshot(repo));
    return computePipelineHealth({ ...cached.value, now: this.options.clock() });
  }

  private async client(installationId?: number): Promise<GitHub> {
    const github = await this.options.auth(installationId);
    useConditionalRequests(github, this.etags, installationId === undefined ? "app" : `installation:${installationId}`);
    return github;
  }

  private async readDirectory(): Promise<InstalledRepository[]> {
    const ids = await listInstallationIds(await this.client());
    const all: InstalledRepository[] = [];
    for (const id of ids) {
      try {
        all.push(...(await listInstalledRepositories(await this.client(id), id)));
      } catch (error) {
        // One broken installation (suspended mid-way, revoked) must not hide the others.
        this.options.log?.warn({ installation: id, err: error }, "cannot list the installation's repositories");
      }
    }
    return all.sort((a, b) => a.fullName.localeCompare(b.fullName));
  }

  private async readSnapshot(installed: InstalledRepository): Promise<HealthSnapshot> {
    const github = await this.client(installed.installationId);
    const repo = refOf(installed);
    const problems: string[] = [];
    const configResult = await loadRepoConfigFor(github, repo);
    let config: RepoConfig;
    if (configResult.ok) {
      config = configResult.config;
    } else {
      config = defaultRepoConfig();
      problems.push(`.github/batch-ops.yml is invalid, defaults shown: ${configResult.errors.join("; ")}`);
    }
    // Each part collects its own problems so the list keeps a fixed order whatever answers first.
    const parts: [string[], string[], string[]] = [[], [], []];
    const [control, runs, issues] = await Promise.all([
      this.readControl(github, repo, config, parts[0]),
      this.readRuns(github, repo, config, parts[1]),
      this.readIssues(github, repo, parts[2]),
    ]);
    problems.push(...parts.flat());
    return {
      repository: { fullName: installed.fullName, htmlUrl: installed.htmlUrl },
      fetchedAt: this.options.clock(),
      config,
      control,
      runs,
      issues,
      problems,
    };
  }

  private async readControl(github: GitHub, repo: RepoRef, config: RepoConfig, problems: string[]): Promise<HealthSnapshot["control"]> {
    const path = config.control_file;
    const url = fileUrl(repo, path, repo.defaultBranch);
    try {
      const file = await readTextFile(github, repo, path);
      if (file === null) return { path, url, exists: false };
      const parsed = parseControlFile(file.text);
      if (!parsed.ok) {
        problems.push(`${path} is invalid, so its state is not shown: ${parsed.errors.join("; ")}`);
        return { path, url, exists: true };
      }
      return { path, url, exists: true, file: parsed.control };
    } catch (error) {
      problems.push(`${path} cannot be read: ${messageOf(error)}`);
      return { path, url, exists: true };
    }
  }

  private async readRuns(github: GitHub, repo: RepoRef, config: RepoConfig, problems: string[]): Promise<HealthSnapshot["runs"]> {
    const records: RunRecord[] = [];
    let missingBefore: Date | undefined;
    for (const workflow of config.batch_workflows) {
      try {
        const listed = await listCompletedRunsUntilSuccess(github, repo, workflow, { maxPages: this.options.maxRunPages ?? 10 });
        for (const run of listed.runs) {
          const record = runFromWorkflowRun(workflow, run);
          if (record) records.push(record);
        }
        if (!listed.reachedEnd && !listed.foundSuccess) {
          // Older runs of this workflow were not read: counts reaching back past its oldest read run are lower bounds.
          const oldest = parseStamp(listed.runs.at(-1)?.updated_at);
          if (oldest && (!missingBefore || oldest > missingBefore)) missingBefore = oldest;
        }
      } catch (error) {
        problems.push(statusOf(error) === 404 ? `workflow ${workflow} not found` : `runs of ${workflow} cannot be read: ${messageOf(error)}`);
      }
    }
    return { records, ...(missingBefore ? { missingBefore } : {}) };
  }

  private async readIssues(github: GitHub, repo: RepoRef, problems: string[]): Promise<HealthSnapshot["issues"]> {
    const counts: HealthSnapshot["issues"] = {};
    const failures = await Promise.all(
      TRACKED_ISSUES.map(async (tracked) => {
        try {
          counts[tracked.kind] = await countOpenIssues(github, repo, tracked.label);
          return undefined;
        } catch (error) {
          return `open ${tracked.label} issues cannot be counted: ${messageOf(error)}`;
        }
      }),
    );
    problems.push(...failures.filter((f): f is string => f !== undefined));
    return counts;
  }
}
