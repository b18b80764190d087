import { parseControlFile } from "../control/codec.js";
import { defaultControlFile } from "../control/defaults.js";
import type { ControlFile } from "../control/schema.js";
import { commentOnCommit } from "../github/commits.js";
import { readTextFile } from "../github/files.js";
import { getGitCommit } from "../github/git-data.js";
import { openIssuesWithLabel } from "../incidents/incident-issues.js";
import { commentOnIssue, type IssueRef } from "../github/issues.js";
import { repoKey } from "../core/github.js";
import type { CommitKind } from "./commit-kind.js";
import { commitRecord, rewriteRecord, type CommitRecord } from "./commit-record.js";
import { illegalTransitions, type IllegalTransition } from "./control-transitions.js";
import { code } from "./markdown.js";
import { INCIDENT_LABEL, RECIPE_TAMPER_INCIDENT, invalidControlIncident, stateTag, type IncidentKind } from "./labels.js";
import { changeOf, changesUnder, isDefaultBranchPush, isRewrite, pushedByApp, pushedByBot, type PushedCommit, type PushFacts } from "./push-facts.js";
import {
  addEntries,
  fitEntries,
  invalidControlCommit,
  readInvalidState,
  readSuspiciousState,
  renderAddedComment,
  renderInvalid,
  renderInvalidControlIncident,
  renderRecipeTamperIncident,
  renderSuspicious,
  suspiciousCommit,
  type EntryState,
  type InvalidControlCommit,
  type SuspiciousCommit,
} from "./tamper-incident.js";
import { renderIncidentNote, renderRewriteComment, renderTransitionComment } from "./transition-report.js";
import { commitProvenance } from "./commit-provenance.js";
import type { RepoEnv } from "../core/repo-env.js";
import { findSecurityIncident, pickOpenIncident, writeSecurityIncident } from "./security-incidents.js";

export interface TamperEnv extends RepoEnv {
  botLogin: string;
}

export interface IllegalChange {
  sha: string;
  findings: IllegalTransition[];
  commentUrl: string;
  notedOn?: number;
}

export interface TamperReport {
  skipped?: string;
  /** Recipe commits that are neither batch commits nor part of a merged pull request. */
  suspicious: SuspiciousCommit[];
  invalid: InvalidControlCommit[];
  illegal: IllegalChange[];
  /** Control-file commits whose previous version was itself invalid: nothing to compare with. */
  uncompared: string[];
}

/**
 * Tampering checks on one push to the default branch (runbook §5): recipe files changed outside batches
 * and pull requests go into one High incident; a control file pushed invalid into another; illegal
 * control-file transitions get a comment on the commit and a note on an open incident. Pushes by this
 * app itself (its audited commits) are not checked. Nothing is ever reverted.
 */
export async function checkPush(env: TamperEnv, facts: PushFacts): Promise<TamperReport> {
  const report: TamperReport = { suspicious: [], invalid: [], illegal: [], uncompared: [] };
  if (!isDefaultBranchPush(facts, env.repo.defaultBranch)) return { ...report, skipped: "not a push to the default branch" };
  if (pushedByApp(facts, env.botLogin)) return { ...report, skipped: "pushed by this app" };

  const kinds = new Map<string, Promise<CommitKind>>();
  const provenance = (commit: PushedCommit): Promise<CommitKind> => {
    let known = kinds.get(commit.sha);
    if (!known) {
      known = commitProvenance(
        env.github,
        env.repo,
        { sha: commit.sha, message: commit.message, pushedByBot: pushedByBot(facts) },
        env.config.rollback.batch_branch_prefix,
      );
      kinds.set(commit.sha, known);
    }
    return known;
  };

  for (const commit of facts.commits) {
    const files = changesUnder(commit, env.config.recipes_dir);
    if (files.length === 0) continue;
    const kind = await provenance(commit);
    if (kind.kind === "direct") report.suspicious.push(suspiciousCommit(commitRecord(commit, facts), kind.why, files));
  }
  if (report.suspicious.length > 0) {
    await recordEntries(
      env,
      RECIPE_TAMPER_INCIDENT,
      report.suspicious,
      readSuspiciousState,
      (s) => renderRecipeTamperIncident(s, { branch: env.repo.defaultBranch, recipesDir: env.config.recipes_dir }),
      {
        intro: `➕ More recipe changes pushed directly to ${code(env.repo.defaultBranch)}:`,
        render: renderSuspicious,
      },
    );
  }

  for (const commit of facts.commits) {
    const change = changeOf(commit, env.config.control_file);
    if (change) await checkControlCommit(env, facts, commit, change === "removed", provenance, report);
  }
  if (isRewrite(facts)) await checkRewrite(env, facts, report);
  if (report.invalid.length > 0) {
    const kind = invalidControlIncident(env.config.control_file);
    await recordEntries(
      env,
      kind,
      report.invalid,
      readInvalidState,
      (s) => renderInvalidControlIncident(kind, s, { controlPath: env.config.control_file }),
      {
        intro: `➕ ${code(env.config.control_file)} was pushed invalid again:`,
        render: renderInvalid,
      },
    );
  }
  return report;
}

type Parsed = { ok: true; control: ControlFile } | { ok: false; errors: string[] };

async function controlAt(env: TamperEnv, ref: string | undefined): Promise<Parsed> {
  if (ref === undefined) return { ok: true, control: defaultControlFile() };
  const file = await readTextFile(env.github, env.repo, env.config.control_file, ref);
  // A missing file is what the pipeline reads as the runbook's defaults.
  return file === null ? { ok: true, control: defaultControlFile() } : parseControlFile(file.text);
}

async function checkControlCommit(
  env: TamperEnv,
  facts: PushFacts,
  commit: PushedCommit,
  removed: boolean,
  provenance: (c: PushedCommit) => Promise<CommitKind>,
  report: TamperReport,
): Promise<void> {
  const record = commitRecord(commit, facts);
  const after = removed ? { ok: true as const, control: defaultControlFile() } : await controlAt(env, commit.sha);
  if (!after.ok) {
    report.invalid.push(invalidControlCommit(record, after.errors));
    return;
  }
  const parent = (await getGitCommit(env.github, env.repo, commit.sha)).parents[0];
  const before = await controlAt(env, parent);
  if (!before.ok) {
    report.uncompared.push(commit.sha);
    return;
  }
  const kind = await provenance(commit);
  const findings = illegalTransitions(before.control, after.control, { successRecorded: kind.kind === "batch" });
  if (findings.length === 0) return;
  await reportIllegal(env, facts, record, findings, renderTransitionComment(env.config.control_file, record, findings, parent), report);
}

/**
 * A force push (runbook §5: history rewritten on the default branch): the control file at the old head
 * is compared with the point the push left off from (the parent of its first new commit, or the new
 * head for a plain rewind). A stop or breaker the rewrite undid is reported like a commit that did it;
 * the new commits themselves are checked one by one as in any push.
 */
async function checkRewrite(env: TamperEnv, facts: PushFacts, report: TamperReport): Promise<void> {
  const first = facts.commits[0];
  const base = first ? (await getGitCommit(env.github, env.repo, first.sha)).parents[0] : facts.after;
  if (!base || base === facts.before) return;
  const [was, now] = [await controlAt(env, facts.before), await controlAt(env, base)];
  if (!was.ok || !now.ok) {
    report.uncompared.push(facts.after);
    return;
  }
  const findings = illegalTransitions(was.control, now.control, { successRecorded: false });
  if (findings.length === 0) return;
  const record = rewriteRecord(facts, env.repo.htmlUrl, env.repo.defaultBranch);
  const body = renderRewriteComment(env.config.control_file, env.repo.defaultBranch, record, findings, facts.before);
  await reportIllegal(env, facts, record, findings, body, report);
}

/** A comment on the commit, a note on the open incident (if any), a warning in the log. */
async function reportIllegal(
  env: TamperEnv,
  facts: PushFacts,
  record: CommitRecord,
  findings: IllegalTransition[],
  commentBody: string,
  report: TamperReport,
): Promise<void> {
  const comment = await commentOnCommit(env.github, env.repo, record.sha, commentBody);
  const open = await openIssuesWithLabel(env.github, env.repo, INCIDENT_LABEL);
  const incident = pickOpenIncident(open);
  if (incident)
    await commentOnIssue(env.github, env.repo, incident.number, renderIncidentNote(env.config.control_file, record, findings, comment.url));
  env.log.warn(
    { repo: repoKey(env.repo), commit: record.sha, findings: findings.map((f) => f.kind), pusher: facts.sender.login, forced: facts.forced },
    "control file changed outside batch-ops",
  );
  report.illegal.push({ sha: record.sha, findings, commentUrl: comment.url, ...(incident ? { notedOn: incident.number } : {}) });
}

/**
 * Adds entries to the one open incident of `kind` (created when missing). Entries already listed (a
 * redelivered push) are not added twice; later ones are also posted as a comment, which notifies.
 */
async function recordEntries<T extends { sha: string }>(
  env: TamperEnv,
  kind: IncidentKind,
  entries: readonly T[],
  read: (tag: string, body: string) => EntryState<T> | undefined,
  renderBody: (state: EntryState<T>) => string,
  comment: { intro: string; render: (entry: T) => string[] },
): Promise<IssueRef | undefined> {
  return env.exclusive.run(`${repoKey(env.repo)}:${kind.key}`, async () => {
    const found = await findSecurityIncident(env.github, env.repo, kind);
    const known = found.issue ? read(stateTag(kind), found.issue.body) : undefined;
    const { state, added } = addEntries(known, entries);
    if (added.length === 0) return found.issue;
    const { body } = fitEntries(state, renderBody);
    const { issue, created } = await writeSecurityIncident(env.github, env.repo, kind, body, found);
    if (!created) await commentOnIssue(env.github, env.repo, issue.number, renderAddedComment(comment.intro, added, comment.render));
    env.log.warn(
      { repo: repoKey(env.repo), issue: issue.number, incident: kind.key, commits: added.map((e) => e.sha) },
      created ? "High security incident opened" : "High security incident updated",
    );
    return issue;
  });
}
