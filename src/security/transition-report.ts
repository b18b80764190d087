import type { Breaker } from "../control/schema.js";
import { whoLine, type CommitRecord } from "./commit-record.js";
import type { IllegalTransition } from "./control-transitions.js";
import { code, link, plain, shortSha } from "./markdown.js";

function breakerText(b: Breaker): string {
  return `${code(b.state, 20)} with ${b.failures} failure${b.failures === 1 ? "" : "s"}`;
}

/** One line per illegal transition, saying what changed and why it is not allowed. */
export function describeIllegal(t: IllegalTransition): string {
  switch (t.kind) {
    case "breaker-closed": {
      const how = t.removed
        ? "was deleted (the pipeline reads a missing breaker as closed)"
        : `went from ${breakerText(t.before)} straight to ${breakerText(t.after)}`;
      return `Breaker ${code(t.ecosystem, 64)} ${how} without a success being recorded: only a batch run records a success, and this commit is not one.`;
    }
    case "failures-dropped": {
      const how = t.removed ? "was deleted" : `\`failures\` dropped ${t.before.failures} → ${t.after.failures}`;
      return `Breaker ${code(t.ecosystem, 64)}: ${how} without a success (a success is recorded by a batch run and resets the count to 0).`;
    }
    case "stop-cleared": {
      const who = t.disabledBy ? ` by ${code(t.disabledBy, 100)}` : "";
      const when = t.disabledAt ? ` at ${plain(t.disabledAt, 40)}` : "";
      const why = t.reason ? ` (reason: ${plain(t.reason, 200)})` : "";
      return `The emergency stop${who}${when}${why} was cleared (\`enabled\` false → true) without \`/resume all\`.`;
    }
    case "ecosystems-resumed":
      return `${t.ecosystems.map((e) => code(e, 64)).join(", ")} ${t.ecosystems.length === 1 ? "was" : "were"} removed from \`disabled_ecosystems\` without \`/resume\`.`;
  }
}

/** The comment left on the commit itself. */
export function renderTransitionComment(
  controlPath: string,
  record: CommitRecord,
  findings: readonly IllegalTransition[],
  parentSha: string | undefined,
): string {
  const parent = parentSha ? ` (the file before this commit is at \`${shortSha(parentSha)}\`)` : "";
  return [
    `⚠️ **batch-ops: this commit changed ${code(controlPath)} in a way only the pipeline or batch-ops commands should.**`,
    "",
    ...findings.map((f) => `- ${describeIllegal(f)}`),
    "",
    `Changed by: ${whoLine(record)}.`,
    "",
    `batch-ops reverted nothing: a person decides. If this was not intended, restore the previous values${parent}, or comment \`/stop all\` / \`/stop <ecosystem>\` on an issue to stop again. Clearing a stop the audited way is \`/resume\`.`,
  ].join("\n");
}

/** The comment left on the new head of a force push that undid control-file state. */
export function renderRewriteComment(
  controlPath: string,
  branch: string,
  record: CommitRecord,
  findings: readonly IllegalTransition[],
  beforeSha: string,
): string {
  return [
    `⚠️ **batch-ops: a force push to ${code(branch, 100)} rewrote its history from \`${shortSha(beforeSha)}\` and undid changes to ${code(controlPath)} that only the pipeline or batch-ops commands should undo.**`,
    "",
    ...findings.map((f) => `- ${describeIllegal(f)}`),
    "",
    `Pushed by ${code(record.pushedBy || "(unknown)", 100)} (the account GitHub authenticated).`,
    "",
    `batch-ops reverted nothing: a person decides. If this was not intended, restore the values the file had at \`${shortSha(beforeSha)}\`, or comment \`/stop all\` / \`/stop <ecosystem>\` on an issue to stop again.`,
  ].join("\n");
}

/** The note added to an open incident. */
export function renderIncidentNote(
  controlPath: string,
  record: CommitRecord,
  findings: readonly IllegalTransition[],
  commentUrl: string | undefined,
): string {
  const commit = link(`\`${shortSha(record.sha)}\``, record.url);
  return [
    `⚠️ ${code(controlPath)} was changed outside batch-ops in ${commit}, pushed by ${code(record.pushedBy || "(unknown)", 100)}:`,
    "",
    ...findings.map((f) => `- ${describeIllegal(f)}`),
    "",
    `${link("Details on the commit", commentUrl)}. Nothing was reverted.`,
  ].join("\n");
}
