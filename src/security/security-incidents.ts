import { openIssuesWithLabel, pickIncident, upsertIncidentIssue } from "../incidents/incident-issues.js";
import { hasMarker, severityLabel, withMarker } from "../incidents/issue-spec.js";
import type { IssueRef } from "../github/issues.js";
import type { GitHub, RepoRef } from "../core/github.js";
import { INCIDENT_LABEL, type IncidentKind } from "./labels.js";

/**
 * The open incident of this kind: by its marker (the shared incident helpers), else by its exact title
 * (an issue opened by hand for it, or whose marker was edited away). The oldest wins if there are several.
 */
export function pickSecurityIncident(open: readonly IssueRef[], kind: IncidentKind): IssueRef | undefined {
  const oldestFirst = [...open].sort((a, b) => a.number - b.number);
  return pickIncident(oldestFirst, kind.key) ?? oldestFirst.find((i) => i.title === kind.title);
}

export async function findSecurityIncident(
  github: GitHub,
  repo: RepoRef,
  kind: IncidentKind,
): Promise<{ issue: IssueRef | undefined; open: IssueRef[] }> {
  const open = await openIssuesWithLabel(github, repo, INCIDENT_LABEL);
  return { issue: pickSecurityIncident(open, kind), open };
}

/** Creates the incident, or replaces the body of the one found (keeping a title a person changed). */
export async function writeSecurityIncident(
  github: GitHub,
  repo: RepoRef,
  kind: IncidentKind,
  body: string,
  found: { issue: IssueRef | undefined },
): Promise<{ issue: IssueRef; created: boolean }> {
  // upsertIncidentIssue finds by marker among the list it is given: hand it exactly the issue chosen here
  // (an issue found by title only gains the marker with this write), or nothing, to create one.
  const chosen = found.issue;
  const open = chosen ? [hasMarker(chosen.body, kind.key) ? chosen : { ...chosen, body: withMarker(chosen.body, kind.key) }] : [];
  const { issue, created } = await upsertIncidentIssue(
    github,
    repo,
    { key: kind.key, title: found.issue?.title ?? kind.title, body, labels: [INCIDENT_LABEL], severity: kind.severity },
    open,
  );
  return { issue, created };
}

/** The open incident to note a finding on: a Critical one first, then High, then any, the newest of each. */
export function pickOpenIncident(open: readonly IssueRef[]): IssueRef | undefined {
  const newestFirst = [...open].sort((a, b) => b.number - a.number);
  return (
    newestFirst.find((i) => i.labels.includes(severityLabel("critical"))) ??
    newestFirst.find((i) => i.labels.includes(severityLabel("high"))) ??
    newestFirst[0]
  );
}
