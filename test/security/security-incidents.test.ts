import { expect, test } from "@jest/globals";
import type { IssueRef } from "../../src/github/issues.js";
import { incidentMarker } from "../../src/incidents/issue-spec.js";
import { DRIFT_INCIDENT } from "../../src/security/labels.js";
import { pickOpenIncident, pickSecurityIncident } from "../../src/security/security-incidents.js";

function issue(number: number, title: string, body: string, labels: string[] = ["batch-ops:incident"]): IssueRef {
  return { number, url: `https://github.com/o/r/issues/${number}`, title, body, state: "open", labels };
}

test("the drift incident is found by its marker, even retitled; the oldest wins when there are several", () => {
  const open = [
    issue(9, "Security incident: checksum drift detected", `x\n${incidentMarker("security:drift")}`),
    issue(4, "Drift — cmake (investigating)", `y\n${incidentMarker("security:drift")}`),
    issue(2, "High: 4 of 6 failing", incidentMarker("high")),
  ];
  expect(pickSecurityIncident(open, DRIFT_INCIDENT)?.number).toBe(4);
});

test("an issue with the incident's title but no marker (opened by hand, marker edited away) is found too", () => {
  const open = [issue(3, "Security incident: checksum drift detected", "written by a person")];
  expect(pickSecurityIncident(open, DRIFT_INCIDENT)?.number).toBe(3);
  expect(pickSecurityIncident([issue(3, "Something else", "")], DRIFT_INCIDENT)).toBeUndefined();
});

test("a finding is noted on the newest Critical incident, else the newest High, else the newest", () => {
  const critical = issue(3, "c", "", ["batch-ops:incident", "severity:critical"]);
  const high = issue(7, "h", "", ["batch-ops:incident", "severity:high"]);
  const medium = issue(9, "m", "", ["batch-ops:incident", "severity:medium"]);
  expect(pickOpenIncident([medium, high, critical])?.number).toBe(3);
  expect(pickOpenIncident([medium, high])?.number).toBe(7);
  expect(pickOpenIncident([medium])?.number).toBe(9);
  expect(pickOpenIncident([])).toBeUndefined();
});
