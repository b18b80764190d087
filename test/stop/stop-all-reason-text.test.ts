import { expect, test } from "@jest/globals";
import { defaultControlFile } from "../../src/control/defaults.js";
import { stopAll } from "../../src/stop/stop-resume.js";

const NOW = new Date("2026-11-27T10:00:00Z");

test("stopAll keeps the runbook's `Emergency stop:` prefix by default", () => {
  const outcome = stopAll({ reason: "bad batch", incidentUrl: "https://x/1", by: "alice" })(defaultControlFile(), NOW);
  expect(outcome.changed && outcome.next.reason).toBe("Emergency stop: bad batch");
});

test("reasonText is written to the control file exactly; the commit body keeps the reason", () => {
  const reason = "Security: checksum drift detected (https://github.com/o/r/issues/7)";
  const outcome = stopAll({ reason, reasonText: reason, incidentUrl: "https://github.com/o/r/issues/7", by: "batch-ops[bot]" })(
    defaultControlFile(),
    NOW,
  );
  expect(outcome.changed).toBe(true);
  if (!outcome.changed) return;
  expect(outcome.next).toMatchObject({
    enabled: false,
    reason,
    disabled_by: "batch-ops[bot]",
    disabled_at: "2026-11-27T10:00:00Z",
    incident_url: "https://github.com/o/r/issues/7",
    expected_resume: "",
  });
  expect(outcome.body).toEqual([`reason: ${reason}`, "incident_url: https://github.com/o/r/issues/7"]);
});

test("already stopped: nothing changes, whatever the reason text", () => {
  const stopped = { ...defaultControlFile(), enabled: false, reason: "Emergency stop: earlier" };
  expect(stopAll({ reason: "x", reasonText: "Security: y", incidentUrl: "", by: "b" })(stopped, NOW)).toEqual({
    changed: false,
    note: "batch processing is already stopped",
  });
});
