import { acceptSourceChange, type AcceptOutcome } from "./queue-accept.js";
import { packageNameSchema, sourceSchema } from "./names.js";
import { sanitizeReason } from "../util/sanitize.js";
import { flag, JSON_OPTION, stringOption, type CliCommand } from "../cli/command.js";
import { EXIT, refusal, usageError } from "../cli/exit-codes.js";
import { CLI_VIA, requester } from "../cli/identity.js";
import { openClone, type Clone } from "../cli/load.js";
import { assertClean, commitFileChange } from "../cli/local-commit.js";
import { readRepoText } from "../cli/workspace.js";

function checked(schema: typeof packageNameSchema, value: string, what: string): string {
  const result = schema.safeParse(value);
  if (!result.success) throw usageError(`${what} ${sanitizeReason(value, 80)}: ${result.error.issues[0]?.message ?? "invalid"}`);
  return value;
}

type Entry = Record<string, unknown>;

/** The queue's entries named `pkg` (the accept path refuses a name that is there twice). */
function entriesNamed(text: string, pkg: string, path: string): Entry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw refusal(`${path} is not valid JSON (${(error as Error).message}); run batch-ops validate`);
  }
  const entries = (doc as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) throw refusal(`${path} has no entries array; run batch-ops validate`);
  return entries.filter((e): e is Entry => e !== null && typeof e === "object" && (e as Entry)["name"] === pkg);
}

/** Names in the queue that differ from `pkg` only in case: the likely typo. */
function sameButCase(text: string, pkg: string): string[] {
  const entries = (JSON.parse(text) as { entries: unknown[] }).entries;
  const lower = pkg.toLowerCase();
  const names: string[] = [];
  for (const e of entries) {
    const name = (e as Entry | null)?.["name"];
    if (typeof name === "string" && name !== pkg && name.toLowerCase() === lower) names.push(name);
  }
  return names.slice(0, 5);
}

function noEntry(text: string, pkg: string, path: string): string {
  const close = sameButCase(text, pkg);
  const hint =
    close.length > 0 ? ` (names are exact: did you mean ${close.join(", ")}?)` : " (names are exact; check the spelling with batch-ops queue show)";
  return `${path} has no entry named ${pkg}${hint}. Nothing was changed.`;
}

async function readQueue(clone: Clone): Promise<{ path: string; text: string }> {
  const path = clone.config.seeding.queue_file;
  const text = await readRepoText(clone.ws, path);
  if (text === null) throw refusal(`${path} does not exist${clone.ws.ref ? ` at ${clone.ws.ref}` : ""}. Nothing was changed.`);
  return { path, text };
}

async function show(clone: Clone, pkg: string, json: boolean, out: (t: string) => void): Promise<number> {
  const { path, text } = await readQueue(clone);
  const found = entriesNamed(text, pkg, path);
  if (found.length === 0) throw refusal(noEntry(text, pkg, path).replace(" Nothing was changed.", ""));
  if (json) out(JSON.stringify(found.length === 1 ? found[0] : found));
  else out(JSON.stringify(found.length === 1 ? found[0] : found, null, 2));
  return EXIT.ok;
}

export const queueCli: CliCommand = {
  name: "queue",
  summary: "The review loop's accept path on the priority queue: the app's byte-minimal edit of one entry, in one local commit.",
  usage: [
    "queue accept <package> --new <source> [--old <source>] [--issue <url>] [--by <name>] [--json]",
    "queue show <package> [--ref <rev>] [--json]",
  ],
  options: {
    new: { type: "string", value: "source", description: "accept: the new source, such as crates.io:ripgrep." },
    old: { type: "string", value: "source", description: "accept: refuse unless the entry's source is still this (default: whatever it is now)." },
    issue: {
      type: "string",
      value: "url",
      description: "accept: the seeding:review issue decided; without it the message says via: batch-ops cli instead.",
    },
    by: { type: "string", value: "name", description: "accept: who reviewed (default: git config user.name, then user.email)." },
    ref: { type: "string", value: "rev", description: "show: read the queue as it is at this commit." },
    ...JSON_OPTION,
  },
  notes: [
    "accept sets source, confidence=curated and disambiguated_at=now (a person's decision, which the pipeline's seeding job leaves alone), failure_count=0, next_retry_at=null, and status=pending when it was failed, blocked or requires_manual; only that entry's lines change. Commit: chore(batch): accept source change for <package>, with old:, new:, reviewed_by: and issue: lines, as the app writes it.",
    "Closing the review issue is left to you (gh issue close <n> --reason completed).",
  ],
  async run(parsed, ctx) {
    const [action, pkgText, ...extra] = parsed.positionals;
    if ((action !== "accept" && action !== "show") || pkgText === undefined || extra.length > 0)
      throw usageError("use `queue accept <package> --new <source>` or `queue show <package>`");
    const pkg = checked(packageNameSchema, pkgText, "package");
    const json = flag(parsed, "json");
    if (action === "show") return show(await openClone(parsed, ctx, { ref: true }), pkg, json, (text) => ctx.out(text));

    const newText = stringOption(parsed, "new");
    if (newText === undefined) throw usageError("accept needs --new <source>");
    const newSource = checked(sourceSchema, newText, "--new");
    const oldFlag = stringOption(parsed, "old");
    const issue = stringOption(parsed, "issue");
    const clone = await openClone(parsed, ctx);
    if (!clone.ws.isGit) throw usageError(`${clone.ws.root} is not a git clone, so nothing can be committed`);
    const { path, text } = await readQueue(clone);
    await assertClean(clone.ws, path);
    const current = entriesNamed(text, pkg, path);
    // A typed name that is not there was most likely never there (the app's "any more" is about a name a review issue proposed).
    if (current.length === 0) throw refusal(noEntry(text, pkg, path));
    const old = oldFlag ?? (current.length === 1 && typeof current[0]!["source"] === "string" ? current[0]!["source"] : "");
    const by = await requester(clone.ws.root, stringOption(parsed, "by"));
    const request = { package: pkg, old, new: newSource };
    const meta = { reviewedBy: by, issueUrl: sanitizeReason(issue ?? ""), decidedAt: ctx.now };
    // Decided on the queue at HEAD, and again on top of any commit that lands meanwhile (compare-and-swap).
    // The app's message names the review issue; without one the CLI says where the decision was made.
    const messageOf = (appMessage: string) => (issue === undefined ? appMessage.replace(/\nissue: $/, `\n${CLI_VIA}`) : appMessage);
    const { commit, decision: outcome } = await commitFileChange<AcceptOutcome>(clone.ws, path, (current) => {
      const outcome = acceptSourceChange(current, request, meta);
      return { change: outcome.kind === "applied" ? { text: outcome.text, message: messageOf(outcome.message) } : null, decision: outcome };
    });
    if (outcome.kind === "already" || (outcome.kind === "applied" && commit === null)) {
      const note = outcome.kind === "already" ? outcome.note : `${pkg} already has that source`;
      if (json) ctx.out(JSON.stringify({ status: "unchanged", file: path, note }));
      else ctx.out(`Nothing to change: ${note.replace(/`/g, "")}.`);
      return EXIT.ok;
    }
    if (outcome.kind !== "applied") throw refusal(`${outcome.note.replace(/`/g, "")}. Nothing was changed.`);
    const message = messageOf(outcome.message);
    const committed = commit!;
    if (json) {
      ctx.out(JSON.stringify({ status: "committed", file: path, package: pkg, before: outcome.before, after: outcome.after, message, ...committed }));
      return EXIT.ok;
    }
    ctx.out(`Accepted ${pkg}: ${sanitizeReason(old, 200)} → ${newSource} in ${path}: commit ${committed.sha.slice(0, 7)} (local only, not pushed).`);
    if (committed.push.warning) ctx.err(`Note: ${committed.push.warning}.`);
    ctx.out(`Push it with: ${committed.push.command}`);
    return EXIT.ok;
  },
};
