import { INCIDENT_LABEL, type Severity } from "../incidents/issue-spec.js";

export { INCIDENT_LABEL };

/**
 * The incident issues this feature keeps one open of. Each is found again by its key's invisible marker
 * (the shared incident helpers) or, failing that, by its title among open `batch-ops:incident` issues,
 * so the de-duplication survives restarts and replicas.
 */
export interface IncidentKind {
  /** Marker key, and the tag of the hidden state block in the body. */
  key: string;
  title: string;
  severity: Extract<Severity, "critical" | "high">;
}

export const DRIFT_INCIDENT: IncidentKind = {
  key: "security:drift",
  title: "Security incident: checksum drift detected",
  severity: "critical",
};

export const RECIPE_TAMPER_INCIDENT: IncidentKind = {
  key: "security:recipes",
  title: "Security: recipe files changed outside batches and pull requests",
  severity: "high",
};

export function invalidControlIncident(controlPath: string): IncidentKind {
  return { key: "security:control-invalid", title: `Security: ${controlPath} pushed invalid`, severity: "high" };
}

/** The hidden state block's tag for an incident kind. */
export function stateTag(kind: IncidentKind): string {
  return `batch-ops:${kind.key.replace(/:/g, "-")}-state`;
}
