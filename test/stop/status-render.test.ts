import { describe, expect, test } from "@jest/globals";
import { renderStatus } from "../../src/stop/status-render.js";
import { defaultRepoConfig } from "../../src/config/validate.js";
import { viewControl } from "../../src/control/view.js";

const status = (incidentUrl: string) =>
  renderStatus({
    view: viewControl({ enabled: false, reason: "Emergency stop: x", incident_url: incidentUrl }),
    config: defaultRepoConfig(),
    now: new Date("2026-11-01T12:00:00Z"),
    fileLink: "https://ghe.example.com/o/r/blob/main/batch-control.json",
    controlPath: "batch-control.json",
    exists: true,
  });

describe("/status: the incident line", () => {
  test.each([
    "https://github.com/o/r/issues/41",
    "https://ghe.example.com/o/r/pull/7",
    "http://ghe.internal:8080/o/r/issues/3",
    "http://127.0.0.1:38211/o/r/issues/1",
  ])("an issue or pull request on github.com or an Enterprise host stays a link: %s", (url) => {
    expect(status(url)).toContain(`- Incident: ${url}\n`);
  });

  test.each(["javascript:alert(1)", "https://evil.example/o/r/issues/1?x=y", "see [here](https://evil.example)"])(
    "anything else is shown inert: %s",
    (url) => {
      expect(status(url)).not.toContain(`- Incident: ${url}\n`);
    },
  );
});
