import { batchCommits, type FixtureCommit } from "./batch-commits.js";
import type { TempRepo } from "./temp-repo.js";

/**
 * The real tsuku batch history (test/fixtures/tsuku-batch-commits.txt) rebuilt in a local git
 * repository with the shapes that matter for a rollback, since the real repository is not reachable:
 *
 * - every batch commit on its own `batch/*` branch from main as it was then, with its exact message
 *   and date, and `refs/pull/N/head` at its pull request's head;
 * - squash merges on main as the fixture names them (`… (#2382)` for some, no number for others), at
 *   the main commit's date when the fixture has it;
 * - maintainers' fix-up commits before the squash where the real pull request had them: 2026-05-07
 *   (#2382, solargraph changed) and 2026-04-09 (#2251, pwned changed), as issue 14 found; 2026-03-27
 *   (#2174, a workflow file changed, as the real squash commit shows);
 * - the legacy per-ecosystem batches merged with merge commits (#1398, #1516 with a fix-up on nasm);
 * - 2026-02-01-homebrew as issue 14 describes it (two commits): #1389's recipe gh was already on main
 *   through another pull request's merge (#1388) when #1389 was squash-merged; #1391 never merged,
 *   and a person later added its recipe k9s to main by hand;
 * - after the batches, a person edited ripgrep and removed libtool on main (2026-03-03's recipes).
 *
 * Recipe `p` holds `# p v1` as the batch wrote it, `# p v2` after a fix-up. Branches of merged pull
 * requests are deleted, as GitHub does; the three unmerged batches keep theirs.
 */
export const KEEP_BRANCH = new Set([
  "8e4cb3c820af2f81abea74baa48711b73232a17d",
  "f4e6514f1c82a15dd5d0f565f94de65c973475d0",
  "0ff098c273010c6b6f7121d33a42b484bcef3dbd",
]);

/** Pull request numbers of batch commits that no ref points at (the fixture's main squash names them). */
const PULL_OF: Record<string, number> = {
  "927ebbfd6fbfaed6047108e77fefcb9558f8936b": 2382,
  "0708614fb3386bbcf50d951d32a9c774506ecfdb": 2251,
  "0c985b184aaecd5bff4903ae521c7cca9d28894d": 2174,
};

/** Fix-ups a maintainer pushed to the pull request before it merged: path → new content. */
const FIXUPS: Record<string, { at: string; files: Record<string, string> }> = {
  "927ebbfd6fbfaed6047108e77fefcb9558f8936b": {
    at: "2026-05-08T10:00:00Z",
    files: { "recipes/s/solargraph.toml": "# recipes/s/solargraph.toml v2\n" },
  },
  "0708614fb3386bbcf50d951d32a9c774506ecfdb": { at: "2026-04-10T09:00:00Z", files: { "recipes/p/pwned.toml": "# recipes/p/pwned.toml v2\n" } },
  "0c985b184aaecd5bff4903ae521c7cca9d28894d": {
    at: "2026-03-30T09:00:00Z",
    files: { ".github/workflows/test-recipe.yml": "on: pull_request # fixed\n" },
  },
  a4d71764e8bcc589f96e2e5b73db47d8a46c8b3a: { at: "2026-02-06T20:55:00Z", files: { "recipes/n/nasm.toml": "# recipes/n/nasm.toml v2\n" } },
};

/** Legacy batches merged with a merge commit at this time. */
const MERGED_AT: Record<string, string> = {
  "5059fecf3a1ea94895a9d183c18384976070a095": "2026-02-02T02:00:00Z",
  a4d71764e8bcc589f96e2e5b73db47d8a46c8b3a: "2026-02-06T21:00:00Z",
};

export const INITIAL_FILES: Record<string, string> = {
  "README.md": "tsuku\n",
  "batch-control.json": "{}\n",
  ".github/workflows/test-recipe.yml": "on: pull_request\n",
  "data/priority-queue.json": "{}\n",
  "data/failures/homebrew.jsonl": "",
  "data/metrics/batch-runs.jsonl": "",
  "website/pipeline/dashboard.json": "{}\n",
  "data/queues/batch-results.json": "{}\n",
  "data/queues/priority-queue.json": "{}\n",
  "data/queues/priority-queue-homebrew.json": "{}\n",
  "recipes/e/existing.toml": "# existing\n",
};

type Event = { at: string; run: () => Promise<void> };

const recipe = (path: string, version = 1) => `# ${path} v${version}\n`;

function stamp(iso: string): string {
  return iso.replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

/** `git commit` at a given time (author and committer), with the message as given. */
async function commitAt(repo: TempRepo, message: string, at: string, author = "github-actions[bot]"): Promise<string> {
  const env = { GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at, GIT_AUTHOR_NAME: author, GIT_AUTHOR_EMAIL: "bot@example.com" };
  await repo.git(["add", "--all"]);
  await repo.git(["commit", "--quiet", "--allow-empty", "-m", message], env);
  return (await repo.git(["rev-parse", "HEAD"])).trim();
}

/** Writes what a fixture commit changed: recipes as `v1`, other files with a line naming the commit. */
function writeBatchFiles(repo: TempRepo, commit: { sha: string; files: FixtureCommit["files"] }): void {
  for (const file of commit.files) {
    if (file.status === "removed") continue;
    if (file.path.startsWith("recipes/")) repo.write(file.path, recipe(file.path));
    else repo.write(file.path, `${commit.sha.slice(0, 7)} ${file.path}\n`);
  }
}

/**
 * A squash merge as GitHub makes it: one commit on main with the pull request's whole change
 * (its head's content for every path the pull request changed).
 */
async function squash(repo: TempRepo, tip: string, subject: string, at: string): Promise<void> {
  await repo.git(["checkout", "--quiet", "main"]);
  const base = (await repo.git(["merge-base", "main", tip])).trim();
  const paths = (await repo.git(["diff", "--name-only", "-z", base, tip])).split("\0").filter((p) => p !== "");
  for (const path of paths) {
    const exists = (await repo.git(["ls-tree", "--name-only", tip, "--", path])).trim() !== "";
    if (exists) await repo.git(["checkout", tip, "--", path]);
    else await repo.git(["rm", "--quiet", "--ignore-unmatch", "--", path]);
  }
  await commitAt(repo, `${subject}\n\nBatch recipe generation.`, at, "tsuku-batch-generator[bot]");
}

async function branchCommit(repo: TempRepo, branch: string, from: string, message: string, at: string, write: () => void): Promise<string> {
  await repo.git(["checkout", "--quiet", "-B", branch, from]);
  write();
  return commitAt(repo, message, at);
}

const legacyMessage = (id: string, what: string) =>
  `feat(recipes): add batch ${id} recipes\n\nBatch generation of ${what} from homebrew ecosystem.\n\nbatch_id: ${id}\necosystem: homebrew\nbatch_size: 2\nsuccess_rate: 1.00`;

/**
 * Builds the history in `repo` (a `TempRepo` made from `INITIAL_FILES`) and pushes everything to its
 * origin. Returns each rebuilt batch commit's name: the fixture's short sha (the rebuilt sha differs),
 * or `#1389`/`#1391` for the synthetic 2026-02-01-homebrew commits.
 */
export async function buildTsukuHistory(repo: TempRepo): Promise<Map<string, string>> {
  const events: Event[] = [];
  const names = new Map<string, string>();
  const kept = new Set<string>();
  const heads = new Map<number, string>();
  const setPull = async (pull: number, sha: string) => {
    heads.set(pull, sha);
    await repo.git(["update-ref", `refs/pull/${pull}/head`, sha]);
  };

  const mainDates = new Map(
    batchCommits()
      .filter((c) => c.onMain)
      .map((c) => [c.sha, c.authorDate]),
  );
  for (const commit of batchCommits().filter((c) => !c.onMain)) {
    const branch = commit.branch ?? `batch/${stamp(commit.authorDate)}`;
    const pull = commit.pull ?? PULL_OF[commit.sha];
    events.push({
      at: commit.authorDate,
      run: async () => {
        const sha = await branchCommit(repo, branch, "main", commit.message, commit.authorDate, () => writeBatchFiles(repo, commit));
        names.set(sha, commit.sha.slice(0, 7));
        if (KEEP_BRANCH.has(commit.sha)) kept.add(sha);
        if (pull !== undefined) await setPull(pull, sha);
      },
    });
    const fixup = FIXUPS[commit.sha];
    if (fixup) {
      events.push({
        at: fixup.at,
        run: async () => {
          await repo.git(["checkout", "--quiet", branch]);
          for (const [path, text] of Object.entries(fixup.files)) repo.write(path, text);
          const sha = await commitAt(repo, "fix(recipes): address review", fixup.at, "maintainer");
          if (pull !== undefined) await setPull(pull, sha);
        },
      });
    }
    if (commit.mainSquash && commit.mainSquashSubject) {
      const at = mainDates.get(commit.mainSquash) ?? new Date(Date.parse(commit.authorDate) + 180_000).toISOString();
      events.push({ at, run: () => squash(repo, heads.get(pull!)!, commit.mainSquashSubject!, at) });
    }
    const mergedAt = MERGED_AT[commit.sha];
    if (mergedAt) {
      events.push({
        at: mergedAt,
        run: async () => {
          await repo.git(["checkout", "--quiet", "main"]);
          const env = { GIT_AUTHOR_DATE: mergedAt, GIT_COMMITTER_DATE: mergedAt };
          await repo.git(["merge", "--no-ff", "--quiet", "-m", `Merge pull request #${pull} from tsukumogami/${branch}`, branch], env);
        },
      });
    }
  }

  // 2026-02-01-homebrew (issue 14): the recipe of #1389 reached main through #1388's merge first.
  const id = "2026-02-01-homebrew";
  events.push(
    {
      at: "2026-02-01T01:00:00Z",
      run: async () => {
        const sha = await branchCommit(repo, "batch/20260201-010000", "main", legacyMessage(id, "2 packages"), "2026-02-01T01:00:00Z", () => {
          repo.write("recipes/g/gh.toml", recipe("recipes/g/gh.toml"));
          repo.write("recipes/j/jq.toml", recipe("recipes/j/jq.toml"));
          repo.write("data/failures/homebrew.jsonl", "1389\n");
        });
        names.set(sha, "#1389");
        await setPull(1389, sha);
      },
    },
    {
      at: "2026-02-01T02:00:00Z",
      run: async () => {
        const sha = await branchCommit(repo, "batch/20260201-020000", "main", legacyMessage(id, "1 packages"), "2026-02-01T02:00:00Z", () =>
          repo.write("recipes/k/k9s.toml", recipe("recipes/k/k9s.toml")),
        );
        names.set(sha, "#1391");
        await setPull(1391, sha);
      },
    },
    {
      at: "2026-02-01T03:00:00Z",
      run: async () => {
        const sha = await branchCommit(repo, "contrib/gh", "main", "feat(recipes): add gh", "2026-02-01T03:00:00Z", () =>
          repo.write("recipes/g/gh.toml", recipe("recipes/g/gh.toml")),
        );
        await setPull(1388, sha);
      },
    },
    {
      at: "2026-02-01T04:00:00Z",
      run: async () => {
        await repo.git(["checkout", "--quiet", "main"]);
        const at = "2026-02-01T04:00:00Z";
        await repo.git(["merge", "--no-ff", "--quiet", "-m", "Merge pull request #1388 from contrib/gh", "contrib/gh"], {
          GIT_AUTHOR_DATE: at,
          GIT_COMMITTER_DATE: at,
        });
      },
    },
    {
      at: "2026-02-01T06:00:00Z",
      run: () => squash(repo, heads.get(1389)!, `feat(recipes): add batch ${id} recipes (#1389)`, "2026-02-01T06:00:00Z"),
    },
    {
      at: "2026-02-03T00:00:00Z",
      run: async () => {
        await repo.git(["checkout", "--quiet", "main"]);
        repo.write("recipes/k/k9s.toml", "# k9s, written by hand\n");
        await commitAt(repo, "feat(recipes): add k9s by hand", "2026-02-03T00:00:00Z", "person");
      },
    },
  );
  // People's later changes to recipes of 2026-03-03.
  events.push({
    at: "2026-03-05T00:00:00Z",
    run: async () => {
      await repo.git(["checkout", "--quiet", "main"]);
      repo.write("recipes/r/ripgrep.toml", recipe("recipes/r/ripgrep.toml", 2));
      await repo.git(["rm", "--quiet", "recipes/l/libtool.toml"]);
      await commitAt(repo, "fix(recipes): ripgrep checksum; drop libtool", "2026-03-05T00:00:00Z", "person");
    },
  });

  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const event of events) await event.run();

  await repo.git(["checkout", "--quiet", "main"]);
  const branches = (await repo.git(["for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/batch", "refs/heads/contrib"]))
    .split("\n")
    .filter(Boolean);
  for (const line of branches) {
    const [name, sha] = line.split(" ");
    if (!kept.has(sha!)) await repo.git(["branch", "--quiet", "-D", name!]);
  }
  await repo.git(["push", "--quiet", "--force", "origin", "main", "refs/heads/batch/*:refs/heads/batch/*", "refs/pull/*:refs/pull/*"]);
  return names;
}
