/** The runbook's "Incident Severity Classification". */
export type Severity = "critical" | "high" | "medium" | "low";

/** Labels the app puts on the issues it opens. */
export const INCIDENT_LABEL = "batch-ops:incident";
export const STALE_LABEL = "batch-ops:stale";
export const BUDGET_LABEL = "batch-ops:budget";

export function severityLabel(severity: Severity): string {
  return `severity:${severity}`;
}

/** Colour and description per label, for labels created on first use. */
export const LABEL_STYLE: Record<string, { color: string; description: string }> = {
  [INCIDENT_LABEL]: { color: "d73a4a", description: "Incident opened by batch-ops" },
  [STALE_LABEL]: { color: "c5def5", description: "Batch pipeline has not run recently (batch-ops watchdog)" },
  [BUDGET_LABEL]: { color: "5319e7", description: "Weekly CI-minute budget (batch-ops)" },
  "severity:critical": { color: "b60205", description: "Runbook severity Critical: < 1 hour" },
  "severity:high": { color: "d93f0b", description: "Runbook severity High: < 4 hours" },
  "severity:medium": { color: "fbca04", description: "Runbook severity Medium: < 24 hours" },
  "severity:low": { color: "0e8a16", description: "Runbook severity Low: next batch" },
};

/**
 * An issue the app keeps one of: found again by an invisible marker with its `key` (not by title, so the
 * title may carry live numbers), among open issues with the first label.
 */
export interface IncidentIssueSpec {
  /** Stable identity: `high`, `breaker:homebrew`, `stale`, `budget`, `security:<id>`… */
  key: string;
  title: string;
  /** Markdown body; the marker is appended. */
  body: string;
  /** The first label is the one looked up; all are ensured and set on creation. */
  labels: string[];
  severity?: Severity;
}

export function incidentMarker(key: string): string {
  return `<!-- batch-ops:incident-key=${key.replace(/--+/g, "-")} -->`;
}

export function withMarker(body: string, key: string): string {
  return `${body.trimEnd()}\n\n${incidentMarker(key)}\n`;
}

export function hasMarker(body: string, key: string): boolean {
  return body.includes(incidentMarker(key));
}

/** Every label of the spec: its own, then the severity label. */
export function labelsOf(spec: Pick<IncidentIssueSpec, "labels" | "severity">): string[] {
  const labels = [...spec.labels];
  if (spec.severity) labels.push(severityLabel(spec.severity));
  return [...new Set(labels)];
}
