import type { Context } from "probot";
import { loadRepoConfig, renderConfigErrors } from "../config/load.js";
import { defaultRepoConfig } from "../config/validate.js";
import type { AppDeps } from "../core/deps.js";
import { commentOnIssue } from "../github/issues.js";
import { repoFromPayload } from "../core/repo-ref.js";
import { respondToDriftSignal } from "./drift-response.js";
import { matchDriftIssue, type IssueFacts } from "./drift-signal.js";
import { appBotLogin, FALLBACK_ACTOR, securityDeliveryId, securityEnv } from "./security-env.js";

type IssueContext = Context<"issues.opened">;

export function driftIssueFacts(issue: IssueContext["payload"]["issue"]): IssueFacts {
  return {
    number: issue.number,
    title: issue.title ?? "",
    body: issue.body ?? null,
    htmlUrl: issue.html_url,
    createdAt: issue.created_at,
    labels: (issue.labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
    author: issue.user?.login ?? "",
  };
}

/** `issues.opened` with the drift label and a drift title: a Critical security signal. */
export async function handleSecurityIssueOpened(context: IssueContext, deps: AppDeps): Promise<void> {
  const facts = driftIssueFacts(context.payload.issue);
  if (facts.labels.length === 0) return;
  const repo = repoFromPayload(context.payload.repository);
  const config = await loadRepoConfig(context, deps.repeatReads);
  if (!config.ok) {
    // A drift report must not be lost to a config typo: say so on the issue when it looks like one.
    const byDefaults = matchDriftIssue(facts, defaultRepoConfig().security, undefined);
    context.log.warn({ repo: `${repo.owner}/${repo.repo}`, errors: config.errors }, "invalid repository config: opened issue not checked for drift");
    if ("signal" in byDefaults && (await deps.dedupe.claim(securityDeliveryId(context.id)))) {
      const text = `${renderConfigErrors(config.errors)}\n\n⚠️ This looks like a checksum-drift report, but batch-ops did **not** stop anything. Comment \`/stop all\` if batch processing must stop now.`;
      await commentOnIssue(context.octokit, repo, facts.number, text);
    }
    return;
  }
  const login = await appBotLogin(context, deps);
  const match = matchDriftIssue(facts, config.config.security, login);
  if ("ignored" in match) {
    context.log.debug({ issue: facts.number, why: match.ignored }, "not a drift signal");
    return;
  }
  if (!(await deps.dedupe.claim(securityDeliveryId(context.id)))) {
    context.log.info({ delivery: context.id }, "redelivered webhook ignored");
    return;
  }
  const outcome = await respondToDriftSignal(securityEnv(context, deps, config.config, repo, login ?? FALLBACK_ACTOR), match.signal);
  context.log.warn({ issue: facts.number, outcome: outcome.kind, incident: outcome.issue.number }, "checksum drift issue handled");
}
