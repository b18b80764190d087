import { readFileSync } from "node:fs";
import { COMMENT_URL, ISSUE_URL } from "../helpers/payloads.js";

/**
 * One table of control-file changes, run by both test suites: `test/handlers/control-cases.test.ts`
 * types `slash` as a comment through the app (nock GitHub), `test/cli/control-cases.test.ts` runs `cli`
 * against a real git clone. Both must produce exactly `expected.text` and `expected.message` followed by
 * their own audit trailer. Expected values are written out here, never computed by the code under test.
 */
export interface ControlCase {
  name: string;
  /** The control file before (null: the repository has none). */
  initial: string | null;
  /** `.github/batch-ops.yml`, when the case needs one. */
  config?: string;
  /** Where the control file lives (default `batch-control.json`). */
  path?: string;
  slash: string;
  cli: string[];
  expected: { kind: "committed"; text: string; message: string[] } | { kind: "unchanged" } | { kind: "refused"; says: string };
}

export const ACTOR = "alice";
/** The clock of both runs (the app's injected clock, the CLI's `BATCH_OPS_NOW`). */
export const CASE_NOW = "2026-11-27T10:00:00Z";
export const APP_TRAILER = [`requested_by: ${ACTOR}`, `comment: ${COMMENT_URL}`];
export const CLI_TRAILER = [`requested_by: ${ACTOR}`, "via: batch-ops cli"];
/** What the CLI is told with `--incident-url`; the app uses the issue the comment is on. */
export const INCIDENT = ["--incident-url", ISSUE_URL, "--by", ACTOR];

export const tsuku = readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8");

const withDisabled = (text: string, list: string) => text.replace('"disabled_ecosystems": [],', `"disabled_ecosystems": [\n${list}\n  ],`);
const stopped = tsuku.replace(
  /"enabled": true,[\s\S]*?"expected_resume": "",/,
  [
    '"enabled": false,',
    '  "disabled_ecosystems": [',
    '    "homebrew"',
    "  ],",
    '  "reason": "Emergency stop: bad batch",',
    `  "incident_url": "${ISSUE_URL}",`,
    '  "disabled_by": "alice",',
    '  "disabled_at": "2026-11-27T10:00:00Z",',
    '  "expected_resume": "2026-11-27T14:00:00Z",',
  ].join("\n"),
);
const budgetTook = withDisabled(tsuku, '    "homebrew"').replace(
  '"sampling_active": false\n  }',
  '"sampling_active": false,\n    "disabled_by_budget": [\n      "homebrew",\n      "npm"\n    ]\n  }',
);
const small = (disabled: string) => `{\n  "enabled": true,\n  "disabled_ecosystems": ${disabled},\n  "custom_key": {\n    "kept": true\n  }\n}\n`;

export const controlCases: ControlCase[] = [
  {
    name: "stop one ecosystem",
    initial: tsuku,
    slash: "/stop homebrew upstream API outage",
    cli: ["stop", "homebrew", "--reason", "upstream API outage", ...INCIDENT],
    expected: {
      kind: "committed",
      text: withDisabled(tsuku, '    "homebrew"'),
      message: ["chore: disable homebrew batch processing", "", "reason: upstream API outage", `incident_url: ${ISSUE_URL}`],
    },
  },
  {
    name: "stop two ecosystems by alias and case",
    initial: tsuku,
    slash: "/stop cargo NPM rate limited",
    cli: ["stop", "cargo", "NPM", "--reason", "rate limited", ...INCIDENT],
    expected: {
      kind: "committed",
      text: withDisabled(tsuku, '    "crates.io",\n    "npm"'),
      message: ["chore: disable crates.io, npm batch processing", "", "reason: rate limited", `incident_url: ${ISSUE_URL}`],
    },
  },
  {
    name: "stop all with an expected resume",
    initial: withDisabled(tsuku, '    "homebrew"'),
    slash: "/stop all bad batch until=4h",
    cli: ["stop", "all", "--reason", "bad batch", "--until", "4h", ...INCIDENT],
    expected: {
      kind: "committed",
      text: stopped,
      message: ["chore: emergency stop batch processing", "", "reason: bad batch", `incident_url: ${ISSUE_URL}`],
    },
  },
  {
    name: "resume one ecosystem",
    initial: withDisabled(tsuku, '    "homebrew",\n    "npm"'),
    slash: "/resume homebrew upstream recovered",
    cli: ["resume", "homebrew", "--reason", "upstream recovered", "--by", ACTOR],
    expected: {
      kind: "committed",
      text: withDisabled(tsuku, '    "npm"'),
      message: ["chore: re-enable homebrew batch processing", "", "reason: upstream recovered"],
    },
  },
  {
    name: "resume all after an emergency stop",
    initial: stopped,
    slash: "/resume all fixed in #123",
    cli: ["resume", "all", "--reason", "fixed in #123", "--by", ACTOR],
    expected: { kind: "committed", text: tsuku, message: ["chore: re-enable batch processing", "", "reason: fixed in #123"] },
  },
  {
    name: "a person's stop takes over what the budget disabled",
    initial: budgetTook,
    slash: "/stop homebrew taking over",
    cli: ["stop", "homebrew", "--reason", "taking over", ...INCIDENT],
    expected: {
      kind: "committed",
      text: budgetTook.replace('"disabled_by_budget": [\n      "homebrew",\n      "npm"\n    ]', '"disabled_by_budget": [\n      "npm"\n    ]'),
      message: ["chore: disable homebrew batch processing", "", "reason: taking over", `incident_url: ${ISSUE_URL}`],
    },
  },
  {
    name: "config: another control file path and ecosystem list; unknown keys kept",
    initial: small("[]"),
    config: "control_file: ops/control.json\necosystems: [alpha, beta]\necosystem_aliases: {b: beta}\n",
    path: "ops/control.json",
    slash: "/stop b maintenance window",
    cli: ["stop", "b", "--reason", "maintenance window", ...INCIDENT],
    expected: {
      kind: "committed",
      text: small('[\n    "beta"\n  ]'),
      message: ["chore: disable beta batch processing", "", "reason: maintenance window", `incident_url: ${ISSUE_URL}`],
    },
  },
  {
    name: "no control file yet: the runbook's defaults, then the change",
    initial: null,
    slash: "/stop pypi index down",
    cli: ["stop", "pypi", "--reason", "index down", ...INCIDENT],
    expected: {
      kind: "committed",
      text: [
        "{",
        '  "enabled": true,',
        '  "disabled_ecosystems": [',
        '    "pypi"',
        "  ],",
        '  "reason": "",',
        '  "incident_url": "",',
        '  "disabled_by": "",',
        '  "disabled_at": "",',
        '  "expected_resume": "",',
        '  "circuit_breaker": {},',
        '  "budget": {',
        '    "macos_minutes_used": 0,',
        '    "linux_minutes_used": 0,',
        '    "week_start": "",',
        '    "sampling_active": false',
        "  }",
        "}",
        "",
      ].join("\n"),
      message: ["chore: disable pypi batch processing", "", "reason: index down", `incident_url: ${ISSUE_URL}`],
    },
  },
  {
    name: "already disabled: nothing to change",
    initial: withDisabled(tsuku, '    "homebrew"'),
    slash: "/stop Homebrew again",
    cli: ["stop", "Homebrew", "--reason", "again", ...INCIDENT],
    expected: { kind: "unchanged" },
  },
  {
    name: "resume of an ecosystem that is not disabled: nothing to change",
    initial: tsuku,
    slash: "/resume npm",
    cli: ["resume", "npm", "--by", ACTOR],
    expected: { kind: "unchanged" },
  },
  {
    name: "unknown ecosystem: refused",
    initial: tsuku,
    slash: "/stop cargoo outage",
    cli: ["stop", "cargoo", "--reason", "outage", ...INCIDENT],
    expected: { kind: "refused", says: "Unknown ecosystem" },
  },
];
