import { readFileSync } from "node:fs";

/** One commit of the real tsuku batch history in test/fixtures/tsuku-batch-commits.txt. */
export interface FixtureCommit {
  sha: string;
  /** Listed under "Corresponding squash commits on main" (or the other main examples). */
  onMain: boolean;
  refs: string[];
  /** From `refs/pull/N/head`. */
  pull?: number;
  /** From `refs/heads/<branch>`. */
  branch?: string;
  authorDate: string;
  parents: string[];
  /** The squash commit on main that carried this batch commit, or null (never merged). */
  mainSquash: string | null;
  /** That squash commit's subject, as the fixture gives it. */
  mainSquashSubject?: string;
  message: string;
  files: { status: "added" | "modified" | "removed"; path: string }[];
}

const STATUS: Record<string, FixtureCommit["files"][number]["status"]> = { A: "added", M: "modified", D: "removed" };

/** Parses the fixture: `=== commit <sha>` / `=== main commit <sha>` blocks, headers, `--- message`, `--- name-status`. */
export function parseBatchCommits(text: string): FixtureCommit[] {
  const commits: FixtureCommit[] = [];
  let current: FixtureCommit | undefined;
  let section: "head" | "message" | "files" | "skip" = "skip";
  let message: string[] = [];
  const finish = () => {
    if (current) {
      current.message = message.join("\n").replace(/\n+$/, "");
      commits.push(current);
    }
    current = undefined;
    message = [];
  };
  for (const line of text.split("\n")) {
    const start = /^=== (main )?commit ([0-9a-f]{40})$/.exec(line);
    if (start) {
      finish();
      current = { sha: start[2]!, onMain: start[1] !== undefined, refs: [], authorDate: "", parents: [], mainSquash: null, message: "", files: [] };
      section = "head";
      continue;
    }
    if (line.startsWith("##########")) {
      finish();
      section = "skip";
      continue;
    }
    if (!current) continue;
    if (line === "--- message") {
      section = "message";
      continue;
    }
    if (line === "--- name-status") {
      section = "files";
      continue;
    }
    if (section === "message") message.push(line);
    else if (section === "files") {
      const file = /^([AMD])\t(.+)$/.exec(line);
      if (file) current.files.push({ status: STATUS[file[1]!]!, path: file[2]! });
    } else if (section === "head") {
      const [key, ...rest] = line.split(": ");
      const value = rest.join(": ").trim();
      if (key === "refs" && value !== "<none>") {
        current.refs = value.split(/\s+/).filter(Boolean);
        for (const ref of current.refs) {
          const pull = /^refs\/pull\/(\d+)\/head$/.exec(ref);
          if (pull) current.pull = Number(pull[1]);
          if (ref.startsWith("refs/heads/")) current.branch = ref.slice("refs/heads/".length);
        }
      }
      if (key === "author_date") current.authorDate = new Date(value).toISOString();
      if (key === "parents") current.parents = value.split(/\s+/).filter(Boolean);
      if (key === "main_squash" && value !== "<none>") {
        current.mainSquash = value.split(" ")[0]!;
        current.mainSquashSubject = value.slice(current.mainSquash.length + 1);
      }
    }
  }
  finish();
  return commits;
}

let cached: FixtureCommit[] | undefined;

export function batchCommits(): FixtureCommit[] {
  cached ??= parseBatchCommits(readFileSync(new URL("../fixtures/tsuku-batch-commits.txt", import.meta.url), "utf8"));
  return cached;
}

/** The batch commits (not main's) whose message has the exact trailer line for `id`. */
export function commitsOfBatch(id: string): FixtureCommit[] {
  return batchCommits().filter((c) => !c.onMain && c.message.split("\n").includes(`batch_id: ${id}`));
}

export function fixtureCommit(sha: string): FixtureCommit {
  const found = batchCommits().find((c) => c.sha === sha);
  if (!found) throw new Error(`no fixture commit ${sha}`);
  return found;
}
