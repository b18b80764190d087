import type { Breaker, ControlFile } from "./schema.js";

/** The control file with the runbook's defaults filled in, for reading (never written back as is). */
export interface ControlView {
  enabled: boolean;
  disabledEcosystems: string[];
  reason: string;
  incidentUrl: string;
  disabledBy: string;
  disabledAt: string;
  expectedResume: string;
  breakers: Record<string, Breaker>;
  budget: { macosMinutesUsed: number; linuxMinutesUsed: number; weekStart: string; samplingActive: boolean };
}

export function viewControl(control: ControlFile): ControlView {
  return {
    enabled: control.enabled ?? true,
    disabledEcosystems: control.disabled_ecosystems ?? [],
    reason: control.reason ?? "",
    incidentUrl: control.incident_url ?? "",
    disabledBy: control.disabled_by ?? "",
    disabledAt: control.disabled_at ?? "",
    expectedResume: control.expected_resume ?? "",
    breakers: control.circuit_breaker ?? {},
    budget: {
      macosMinutesUsed: control.budget?.macos_minutes_used ?? 0,
      linuxMinutesUsed: control.budget?.linux_minutes_used ?? 0,
      weekStart: control.budget?.week_start ?? "",
      samplingActive: control.budget?.sampling_active ?? false,
    },
  };
}
