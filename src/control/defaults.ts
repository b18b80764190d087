import type { ControlFile } from "./schema.js";

/** The runbook's control file with every key at its default, in the runbook's key order. */
export function defaultControlFile(): ControlFile {
  return {
    enabled: true,
    disabled_ecosystems: [],
    reason: "",
    incident_url: "",
    disabled_by: "",
    disabled_at: "",
    expected_resume: "",
    circuit_breaker: {},
    budget: { macos_minutes_used: 0, linux_minutes_used: 0, week_start: "", sampling_active: false },
  };
}
