/**
 * Labels and titles of the incident issues this feature opens. An open incident is found again by its
 * label and its title, or by the hidden state block in its body (a person may retitle it), so the
 * de-duplication survives restarts and replicas.
 */
export const INCIDENT_LABEL = "batch-ops:incident";

export type Severity = "critical" | "high";

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: "severity:critical",
  high: "severity:high",
};

export const LABEL_COLOR: Record<string, string> = {
  [INCIDENT_LABEL]: "5319e7",
  [SEVERITY_LABEL.critical]: "b60205",
  [SEVERITY_LABEL.high]: "d93f0b",
};

export interface IncidentKind {
  /** The hidden state tag in the body: identifies the incident even when retitled. */
  tag: string;
  title: string;
  severity: Severity;
}

export const DRIFT_INCIDENT: IncidentKind = {
  tag: "batch-ops:security-drift",
  title: "Security incident: checksum drift detected",
  severity: "critical",
};

export const RECIPE_TAMPER_INCIDENT: IncidentKind = {
  tag: "batch-ops:security-recipes",
  title: "Security: recipe files changed outside batches and pull requests",
  severity: "high",
};

export function invalidControlIncident(controlPath: string): IncidentKind {
  return {
    tag: "batch-ops:security-control",
    title: `Security: ${controlPath} pushed invalid`,
    severity: "high",
  };
}

export function incidentLabels(kind: IncidentKind): string[] {
  return [INCIDENT_LABEL, SEVERITY_LABEL[kind.severity]];
}
