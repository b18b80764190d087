import type { Context } from "probot";
import { loadRepoConfig } from "../config/load.js";
import type { AppDeps } from "../core/deps.js";
import { repoFromPayload } from "../core/repo-ref.js";
import { checkPush } from "./tamper-check.js";
import { changeOf, changesUnder, isDefaultBranchPush, isRewrite, pushFacts } from "./push-facts.js";
import { appBotLogin, securityDeliveryId, securityEnv } from "./security-env.js";

type PushContext = Context<"push">;

/** `push` to the default branch touching recipes or the control file, or force-pushed: the tampering checks. */
export async function handlePushTamper(context: PushContext, deps: AppDeps): Promise<void> {
  const facts = pushFacts(context.payload);
  const repository = context.payload.repository;
  // A push payload's owner is a user object whose `login` the types mark optional.
  const repo = repoFromPayload({ ...repository, owner: { login: repository.owner?.login ?? repository.owner?.name ?? "" } });
  if (!isDefaultBranchPush(facts, repo.defaultBranch)) return;
  // A force push can undo control-file changes without listing a single commit (a rewind).
  const rewrite = isRewrite(facts);
  if (facts.commits.length === 0 && !rewrite) return;
  const config = await loadRepoConfig(context, deps.repeatReads);
  if (!config.ok) {
    context.log.warn({ repo: `${repo.owner}/${repo.repo}`, errors: config.errors }, "invalid repository config: push not checked for tampering");
    return;
  }
  if (!config.config.security.check_pushes) return;
  const { recipes_dir: dir, control_file: controlPath } = config.config;
  if (!rewrite && !facts.commits.some((c) => changesUnder(c, dir).length > 0 || changeOf(c, controlPath) !== undefined)) return;
  const login = await appBotLogin(context, deps);
  // Without knowing who the app is, its own commits would be reported as tampering: fail the delivery so
  // it can be redelivered once GitHub answers.
  if (login === undefined) throw new Error("cannot check a push for tampering without the app's identity (GET /app failed)");
  if (!(await deps.dedupe.claim(securityDeliveryId(context.id)))) {
    context.log.info({ delivery: context.id }, "redelivered webhook ignored");
    return;
  }
  const report = await checkPush(securityEnv(context, deps, config.config, repo, login), facts);
  context.log.info(
    {
      after: context.payload.after,
      skipped: report.skipped,
      suspicious: report.suspicious.length,
      invalid: report.invalid.length,
      illegal: report.illegal.length,
    },
    "push checked for tampering",
  );
}
