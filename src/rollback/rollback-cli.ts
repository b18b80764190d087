import { checkBatchId, rollbackBranch } from "./batch-id.js";
import { DEFAULT_ROLLBACK_REASON } from "./args.js";
import { changeCount, needsSecondReview, SECOND_REVIEW_ABOVE, type PlannedPath, type RollbackPlan, type Skipped } from "./plan.js";
import { reviewCommand, rollbackCommitMessage, rollbackTitle } from "./render.js";
import { describeReviewers } from "./reviewers.js";
import { hasBatchTrailer, isRollbackCommit } from "./trailer.js";
import { sanitizeReason } from "../util/sanitize.js";
import { flag, JSON_OPTION, stringOption, type CliCommand, type CliContext } from "../cli/command.js";
import { EXIT, refusal, usageError } from "../cli/exit-codes.js";
import { git, runGit } from "../cli/git.js";
import { cliAuditTrailer, requester } from "../cli/identity.js";
import { openClone } from "../cli/load.js";
import { createRollbackBranch } from "./local-branch.js";
import { discoverLocalBatch, PULL_REFS_FETCH, webUrlOf, type LocalSearch } from "./local-history.js";
import { planLocalRollback } from "./local-plan.js";

/** Quotes a word for a POSIX shell, so a printed command can be pasted whatever the reason says. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The branch the plan is made against: `--base`, else the remote's default (`origin/main`), else `main`. */
async function baseBranch(root: string, flagValue: string | undefined): Promise<{ ref: string; name: string }> {
  if (flagValue !== undefined) {
    if (flagValue.startsWith("-") || (await runGit(root, ["rev-parse", "--verify", "--quiet", `${flagValue}^{commit}`])).code !== 0)
      throw usageError(`--base ${flagValue}: no such branch`);
    return { ref: flagValue, name: flagValue.replace(/^(refs\/heads\/|refs\/remotes\/[^/]+\/|origin\/)/, "") };
  }
  const remoteHead = await runGit(root, ["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"]);
  if (remoteHead.code === 0) return { ref: remoteHead.stdout.trim(), name: remoteHead.stdout.trim().replace(/^origin\//, "") };
  if ((await runGit(root, ["rev-parse", "--verify", "--quiet", "refs/heads/main"])).code === 0) return { ref: "main", name: "main" };
  throw usageError("cannot tell the default branch (no origin/HEAD, no main): pass --base <branch>");
}

function group(title: string, paths: readonly (PlannedPath | Skipped)[], ctx: CliContext): void {
  if (paths.length === 0) return;
  ctx.out(`${title} (${paths.length}):`);
  for (const p of paths) ctx.out(`  ${sanitizeReason(p.path, 300)}${"why" in p ? `  (${p.why})` : ""}`);
}

function printPlan(plan: RollbackPlan, verb: "Would" | "Will", ctx: CliContext): void {
  group(`${verb} delete (added by the batch)`, plan.deletes, ctx);
  group(`${verb} restore to the content before the batch`, plan.restores, ctx);
  group("Skipped: changed since the batch, needs a person", plan.changedSince, ctx);
  group("Not merged by this batch, yet on the base branch: left as is, check by hand", plan.notMergedButPresent, ctx);
  group("Skipped: not on the base branch (never merged), ignored", plan.notMerged, ctx);
  group("Skipped: nothing to undo", plan.nothingToDo, ctx);
  ctx.out(`Batch commits (${plan.sources.length}):`);
  for (const s of plan.sources) {
    const state =
      s.landingNote ?? (s.merged ? (s.landingSha === s.key ? "on the base branch" : `landed as ${s.landingSha!.slice(0, 7)}`) : "never merged");
    ctx.out(`  ${s.key.slice(0, 7)} ${sanitizeReason(s.title, 100)} (${state})`);
  }
}

/** Why the plan cannot be trusted as complete, with what to do; empty when it can. */
function incompleteLines(plan: RollbackPlan, search: LocalSearch): string[] {
  const lines: string[] = [];
  if (plan.notMergedButPresent.length > 0) {
    lines.push(
      `${plan.notMergedButPresent.length} recipe${plan.notMergedButPresent.length === 1 ? " is" : "s are"} on the base branch though no merge of this batch was found for ${plan.notMergedButPresent.length === 1 ? "it" : "them"}; they are not rolled back.`,
    );
    if (!search.pullRefs)
      lines.push(`This clone has no pull-request refs, so squash merges cannot be tied to their pull requests. Fetch them: ${PULL_REFS_FETCH}`);
    lines.push(
      `Check ${plan.notMergedButPresent.length === 1 ? "it" : "them"} by hand, then run again with --ignore-unmerged-on-base to roll back the rest.`,
    );
  }
  return lines;
}

function planJson(plan: RollbackPlan) {
  return {
    deletes: plan.deletes.map((p) => p.path),
    restores: plan.restores.map((p) => p.path),
    changed_since: plan.changedSince.map((p) => ({ path: p.path, why: p.why })),
    not_merged: plan.notMerged.map((p) => p.path),
    not_merged_on_base: plan.notMergedButPresent.map((p) => ({ path: p.path, why: p.why })),
    nothing_to_do: plan.nothingToDo.map((p) => ({ path: p.path, why: p.why })),
    sources: plan.sources.map((s) => ({
      commit: s.key,
      title: s.title,
      merged: s.merged,
      landing: s.landingSha,
      ...(s.pullNumber !== undefined ? { pull: s.pullNumber } : {}),
      ...(s.landingNote ? { how: s.landingNote } : {}),
    })),
  };
}

export const rollbackCli: CliCommand = {
  name: "rollback",
  summary: "The app's /rollback plan from local history (all refs), on a local branch rollback-batch-<id> with one commit.",
  usage: ["rollback <batch_id> [--dry-run] [--reason <text>] [--base <branch>] [--by <name>] [--json]"],
  options: {
    "dry-run": { type: "boolean", description: "Print the plan; create nothing." },
    "ignore-unmerged-on-base": {
      type: "boolean",
      description: "Create the branch even when recipes of never-merged batch commits are on the base branch (checked by hand).",
    },
    reason: { type: "string", value: "text", description: `Why (the commit's rollback_reason; default "${DEFAULT_ROLLBACK_REASON}").` },
    base: {
      type: "string",
      value: "branch",
      description: "Roll back against this branch (default: origin's default branch, else main). Run git fetch first.",
    },
    by: { type: "string", value: "name", description: "Who asks (default: git config user.name, then user.email)." },
    ...JSON_OPTION,
  },
  notes: [
    "Finds the batch with `git log --all` and the app's exact `batch_id: <id>` line match (rollbacks excluded). Where each commit landed is decided from its pull request: the merge that brought it in, or the squash commit whose subject ends (#N) for a pull-request head containing it (fix-ups included); else the oldest later base commit that wrote the same content to one of its recipes. What is undone is what that landing left, against the base branch just before it.",
    `Squash-merged batches need the pull-request refs: ${PULL_REFS_FETCH}`,
    "A recipe of a never-merged batch commit that is on the base branch anyway is listed and makes the command exit 1 (nothing created) unless --ignore-unmerged-on-base.",
    "Only paths under recipes_dir are rolled back. The branch is made without touching the working tree; nothing is pushed. The review, push and pull-request commands are printed; more than 10 recipes adds the runbook's second-review label and reviewers.",
  ],
  async run(parsed, ctx) {
    const [typed, ...extra] = parsed.positionals;
    if (typed === undefined || extra.length > 0) throw usageError("give exactly one batch id");
    const clone = await openClone(parsed, ctx);
    if (!clone.ws.isGit) throw usageError(`${clone.ws.root} is not a git clone`);
    const checked = checkBatchId(typed, clone.config.rollback.batch_id_pattern);
    if (!checked.ok) throw refusal(`${checked.error.replace(/`/g, "")}. Nothing was searched.`);
    const batchId = checked.id;
    const root = clone.ws.root;
    const dir = clone.config.recipes_dir;
    const branch = rollbackBranch(batchId);
    const dryRun = flag(parsed, "dry-run");
    const json = flag(parsed, "json");

    const existing = await runGit(root, ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}^{commit}`]);
    if (!dryRun && existing.code === 0) {
      const message = await git(root, ["log", "-1", "--format=%B", existing.stdout.trim()]);
      if (isRollbackCommit(message) && hasBatchTrailer(message, batchId)) {
        ctx.out(
          `Branch ${branch} already holds a rollback of batch ${batchId} (commit ${existing.stdout.trim().slice(0, 7)}). Nothing new was created.`,
        );
        return EXIT.ok;
      }
      throw refusal(`branch ${branch} exists and its last commit is not a rollback of this batch; rename or delete it first. Nothing was created.`);
    }

    const base = await baseBranch(root, stringOption(parsed, "base"));
    const baseSha = (await git(root, ["rev-parse", `${base.ref}^{commit}`])).trim();
    const { sources, search } = await discoverLocalBatch(root, batchId, baseSha, dir, await webUrlOf(root));
    const { plan, touched } = await planLocalRollback(root, batchId, sources, dir, baseSha);
    if (touched === 0) {
      throw refusal(`No recipes found for batch ${batchId}. Nothing was created.`, [
        `git log --all for "${search.phrase}": ${search.loose} loose match${search.loose === 1 ? "" : "es"}, ${search.exact} with that exact line (rollbacks excluded).`,
        `Only paths under ${dir} count. A squash-merged batch is found only while its batch/* branch or pull-request refs are fetched: ${PULL_REFS_FETCH}`,
      ]);
    }
    const incomplete = incompleteLines(plan, search);
    const blocked = incomplete.length > 0 && !flag(parsed, "ignore-unmerged-on-base");

    const reviewers = describeReviewers(clone.config.rollback.second_reviewers, "");
    const secondReview = needsSecondReview(plan);
    if (dryRun || changeCount(plan) === 0 || blocked) {
      if (json)
        ctx.out(
          JSON.stringify({
            batch_id: batchId,
            base: base.ref,
            branch,
            dry_run: dryRun,
            created: false,
            complete: incomplete.length === 0,
            second_review: secondReview,
            ...planJson(plan),
          }),
        );
      else {
        const head = dryRun
          ? `Dry run for batch ${batchId} against ${base.ref}: nothing was created.`
          : blocked
            ? `Not rolled back: the plan for batch ${batchId} against ${base.ref} is incomplete. Nothing was created.`
            : `Nothing to roll back for batch ${batchId} against ${base.ref}. Nothing was created.`;
        ctx.out(head);
        printPlan(plan, "Would", ctx);
        if (secondReview) ctx.out(`More than ${SECOND_REVIEW_ABOVE} recipes: the pull request needs a second operator's review.`);
      }
      // Never "done" while a recipe on the base branch is left out unexplained.
      for (const line of incomplete) ctx.err(line);
      return incomplete.length > 0 && !flag(parsed, "ignore-unmerged-on-base") ? EXIT.refused : EXIT.ok;
    }

    const by = await requester(root, stringOption(parsed, "by"));
    const reason = sanitizeReason(stringOption(parsed, "reason") ?? "") || DEFAULT_ROLLBACK_REASON;
    const message = rollbackCommitMessage(batchId, reason, cliAuditTrailer(by));
    const commit = await createRollbackBranch(root, plan, baseSha, branch, message);
    const remote = (await git(root, ["remote"])).split("\n").includes("origin") ? "origin" : "<remote>";
    const labels = ["batch-ops:rollback", ...(secondReview ? ["needs-second-review"] : [])];
    const reviewerFlags = secondReview
      ? reviewers
          .split(", ")
          .filter((r) => r !== "")
          .map((r) => ` --reviewer ${shellQuote(r.slice(1))}`)
          .join("")
      : "";
    const commands = {
      review: reviewCommand(base.ref, branch),
      push: `git push ${remote} ${branch}`,
      pr: `gh pr create --base ${shellQuote(base.name)} --head ${shellQuote(branch)} --title ${shellQuote(rollbackTitle(batchId))} --body ${shellQuote(`Rollback of batch ${batchId} due to ${reason}`)}${labels.map((l) => ` --label ${l}`).join("")}${reviewerFlags}`,
    };
    if (json) {
      ctx.out(
        JSON.stringify({
          batch_id: batchId,
          base: base.ref,
          branch,
          dry_run: false,
          created: true,
          commit,
          message,
          second_review: secondReview,
          ...planJson(plan),
          commands,
        }),
      );
      return EXIT.ok;
    }
    ctx.out(
      `Rollback branch created: ${branch} (one commit ${commit.slice(0, 7)} on ${base.ref}; ${plan.deletes.length} deleted, ${plan.restores.length} restored; not pushed).`,
    );
    printPlan(plan, "Will", ctx);
    if (secondReview)
      ctx.out(
        `More than ${SECOND_REVIEW_ABOVE} recipes: the runbook requires a second operator to review before merge${reviewers ? ` (${reviewers})` : ""}.`,
      );
    for (const line of incomplete) ctx.err(line);
    ctx.out(`Review changes with: ${commands.review}`);
    ctx.out(`Push with: ${commands.push}`);
    ctx.out(`Create PR with: ${commands.pr}`);
    return EXIT.ok;
  },
};
