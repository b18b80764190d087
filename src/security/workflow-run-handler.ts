import type { Context } from "probot";
import type { RepoConfig } from "../config/schema.js";
import type { AppDeps } from "../core/deps.js";
import { repoFromPayload } from "../core/repo-ref.js";
import { respondToDriftSignal } from "./drift-response.js";
import { matchDriftRun, type RunFacts } from "./drift-signal.js";
import { appBotLogin, FALLBACK_ACTOR, securityDeliveryId, securityEnv } from "./security-env.js";

type RunContext = Context<"workflow_run.completed">;

export function driftRunFacts(payload: RunContext["payload"]): RunFacts {
  const run = payload.workflow_run;
  return {
    id: run.id,
    path: run.path ?? "",
    name: run.name ?? null,
    runNumber: run.run_number,
    conclusion: run.conclusion ?? null,
    htmlUrl: run.html_url,
    headBranch: run.head_branch ?? null,
    updatedAt: run.updated_at,
    headRepositoryId: run.head_repository?.id ?? null,
    repositoryId: payload.repository.id,
    repositoryFullName: payload.repository.full_name,
  };
}

/** `workflow_run.completed`: a failed run of a checksum-drift workflow is a Critical security signal. */
export async function handleDriftWorkflowRun(context: RunContext, deps: AppDeps, config: RepoConfig): Promise<void> {
  const facts = driftRunFacts(context.payload);
  if (facts.conclusion !== "failure") return;
  const repo = repoFromPayload(context.payload.repository);
  const match = matchDriftRun(facts, repo.defaultBranch, config.security);
  if ("ignored" in match) {
    context.log.debug({ run: facts.id, why: match.ignored }, "not a drift signal");
    return;
  }
  if (!(await deps.dedupe.claim(securityDeliveryId(context.id)))) {
    context.log.info({ delivery: context.id }, "redelivered webhook ignored");
    return;
  }
  const login = (await appBotLogin(context, deps)) ?? FALLBACK_ACTOR;
  const outcome = await respondToDriftSignal(securityEnv(context, deps, config, repo, login), match.signal);
  context.log.warn({ run: facts.id, outcome: outcome.kind, issue: outcome.issue.number }, "checksum drift run handled");
}
