import { describe, expect, test } from "@jest/globals";
import { candidateWorkflows, stopEffectNote, workflowUse } from "../../src/stop/stop-readers.js";
import { GATED_WORKFLOW, TSUKU_BATCH_GENERATE, TSUKU_BATCH_OPERATIONS } from "../shared/workflows.js";

describe("which workflow reads which stop field", () => {
  test("the real pipeline: the hourly workflow reads the control file's breakers only; the placeholder reads both fields", () => {
    expect(workflowUse("batch-generate.yml", TSUKU_BATCH_GENERATE, "batch-control.json")).toEqual({
      file: "batch-generate.yml",
      readsControl: true,
      reads: { enabled: false, disabled_ecosystems: false }, // CGO_ENABLED is not `enabled`
      usesPreflight: false,
    });
    expect(workflowUse("batch-operations.yml", TSUKU_BATCH_OPERATIONS, "batch-control.json").reads).toEqual({
      enabled: true,
      disabled_ecosystems: true,
    });
  });

  test.each([
    ["the action from its repository", GATED_WORKFLOW],
    ["a vendored copy", "steps:\n  - uses: ./.github/actions/batch-ops\n"],
    ["the CLI by name", "run: npx batch-ops preflight --ecosystem npm\n"],
    ["the CLI by path", "run: node tools/batch-ops/dist/cli/main.js preflight\n"],
  ])("the pre-flight counts as reading both: %s", (_name, text) => {
    expect(workflowUse("b.yml", text, "batch-control.json").usesPreflight).toBe(true);
  });

  test("a configured control file path is looked for by its file name", () => {
    expect(workflowUse("b.yml", "jq .enabled ops/control.json", "ops/control.json")).toMatchObject({ readsControl: true, reads: { enabled: true } });
  });

  test("only the configured and batch-named workflows are read, at most 10", () => {
    const files = [
      "test.yml",
      "batch-generate.yml",
      "release.yml",
      "nightly.yaml",
      "Batch-Ops.yml",
      "README.md",
      ...Array.from({ length: 12 }, (_, i) => `batch-${i}.yml`),
    ];
    expect(candidateWorkflows(files, { batch_workflows: ["nightly.yaml"], stop_workflows: [] })).toEqual([
      "nightly.yaml",
      "batch-generate.yml",
      "Batch-Ops.yml",
      ...Array.from({ length: 7 }, (_, i) => `batch-${i}.yml`),
    ]);
  });
});

describe("the note", () => {
  const uses = [
    workflowUse("batch-generate.yml", TSUKU_BATCH_GENERATE, "batch-control.json"),
    workflowUse("batch-operations.yml", TSUKU_BATCH_OPERATIONS, "batch-control.json"),
  ];
  const gated = [workflowUse("batch.yml", GATED_WORKFLOW, "batch-control.json")];

  test("stop all: silent only with stop_workflows set, or when every batch workflow reads enabled", () => {
    expect(
      stopEffectNote({
        field: "enabled",
        stopWorkflows: ["batch-generate.yml"],
        controlFile: "batch-control.json",
        check: { kind: "checked", uses, directoryFound: true },
      }),
    ).toEqual([]);
    expect(
      stopEffectNote({
        field: "enabled",
        stopWorkflows: [],
        controlFile: "batch-control.json",
        check: { kind: "checked", uses: gated, directoryFound: true },
      }),
    ).toEqual([]);
    expect(
      stopEffectNote({
        field: "enabled",
        stopWorkflows: [],
        controlFile: "batch-control.json",
        check: { kind: "checked", uses, directoryFound: true },
      })[1],
    ).toBe("`batch-generate.yml` reads `batch-control.json` but not `enabled`: it keeps running.");
  });

  test("an ecosystem stop: stop_workflows does not help", () => {
    const note = stopEffectNote({
      field: "disabled_ecosystems",
      stopWorkflows: ["batch-generate.yml"],
      controlFile: "batch-control.json",
      check: { kind: "checked", uses, directoryFound: true },
    });
    expect(note[0]).toBe("⚠️ This stop may not stop anything: an ecosystem stop works only where a workflow reads `disabled_ecosystems`.");
  });

  test("no batch workflow, no directory, unknown: each said plainly", () => {
    const base = { field: "disabled_ecosystems" as const, stopWorkflows: [], controlFile: "batch-control.json" };
    expect(stopEffectNote({ ...base, check: { kind: "checked", uses: [], directoryFound: true } })[1]).toContain(
      "No batch workflow was found in `.github/workflows`",
    );
    expect(stopEffectNote({ ...base, check: { kind: "checked", uses: [], directoryFound: false } })[1]).toBe(
      "The repository has no `.github/workflows` directory.",
    );
    expect(stopEffectNote({ ...base, check: { kind: "unknown", reason: "GitHub answered 500" } })[0]).toContain(
      "could not be checked (GitHub answered 500)",
    );
  });

  test("file names cannot break out of inline code", () => {
    const evil = [workflowUse("x`y<b>.yml", "jq .circuit_breaker batch-control.json", "batch-control.json")];
    expect(
      stopEffectNote({
        field: "enabled",
        stopWorkflows: [],
        controlFile: "batch-control.json",
        check: { kind: "checked", uses: evil, directoryFound: true },
      })[1],
    ).toContain("`xy<b>.yml`");
  });
});
