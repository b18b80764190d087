import { describe, expect, test } from "@jest/globals";
import { commitRecord } from "../../src/security/commit-record.js";
import { invalidControlIncident, RECIPE_TAMPER_INCIDENT, stateTag } from "../../src/security/labels.js";
import type { PushedCommit } from "../../src/security/push-facts.js";
import {
  addEntries,
  fitEntries,
  invalidControlCommit,
  MAX_BODY,
  MAX_LISTED,
  readInvalidState,
  readSuspiciousState,
  renderInvalidControlIncident,
  renderRecipeTamperIncident,
  suspiciousCommit,
} from "../../src/security/tamper-incident.js";

function pushed(sha: string, overrides: Partial<PushedCommit> = {}): PushedCommit {
  return {
    sha,
    url: `https://github.com/o/r/commit/${sha}`,
    message: "Update cmake.toml\n\nbody",
    timestamp: "2026-11-27T09:00:00Z",
    author: { name: "Mallory", email: "m@example.com", username: "mallory" },
    committer: { name: "GitHub", email: "noreply@github.com", username: "web-flow" },
    added: [],
    modified: ["recipes/c/cmake.toml"],
    removed: [],
    ...overrides,
  };
}

const SENDER = { sender: { login: "mallory", type: "User" } };
const SHA1 = "a".repeat(40);
const SHA2 = "b".repeat(40);

function entry(sha: string) {
  return suspiciousCommit(commitRecord(pushed(sha), SENDER), "neither a batch commit nor part of a merged pull request", [
    { path: "recipes/c/cmake.toml", change: "modified" },
  ]);
}

describe("the recipe tampering incident", () => {
  test("lists commit, author, pusher and files, and keeps its state", () => {
    const { state } = addEntries(undefined, [entry(SHA1)]);
    const body = renderRecipeTamperIncident(state, { branch: "main", recipesDir: "recipes/" });
    expect(body).toContain("## ⚠️ Security: recipe files changed outside batches and pull requests");
    expect(body).toContain("Severity: **High**");
    expect(body).toContain(`#### [\`aaaaaaa\`](https://github.com/o/r/commit/${SHA1}) Update cmake.toml (2026-11-27T09:00:00Z)`);
    expect(body).toContain(
      "authored by Mallory \\<m@​example.com\\> \\(mallory\\), committed by GitHub \\<noreply@​github.com\\> \\(web-flow\\), pushed by `mallory`",
    );
    expect(body).toContain("- Why: neither a batch commit nor part of a merged pull request");
    expect(body).toContain("- Files: modified `recipes/c/cmake.toml`");
    expect(body).toContain("batch-ops did not stop or revert anything");
    expect(readSuspiciousState(stateTag(RECIPE_TAMPER_INCIDENT), body)).toEqual(state);
  });

  test("a commit already listed is not added again (a redelivered push)", () => {
    const first = addEntries(undefined, [entry(SHA1)]);
    const again = addEntries(first.state, [entry(SHA1), entry(SHA2), entry(SHA2)]);
    expect(again.added.map((e) => e.sha)).toEqual([SHA2]);
    expect(again.state.entries.map((e) => e.sha)).toEqual([SHA1, SHA2]);
  });

  test("a full list keeps the newest and counts the older ones", () => {
    const shas = Array.from({ length: MAX_LISTED + 3 }, (_, i) => i.toString(16).padStart(40, "0"));
    const { state } = addEntries(undefined, shas.map(entry));
    expect(state.entries).toHaveLength(MAX_LISTED);
    expect(state.older).toBe(3);
    expect(state.entries[0]!.sha).toBe(shas[3]);
    expect(renderRecipeTamperIncident(state, { branch: "main", recipesDir: "recipes/" })).toContain("_3 earlier commits are no longer listed here");
  });

  test("many files are cut, and a body too long drops the oldest entries", () => {
    const files = Array.from({ length: 40 }, (_, i) => ({ path: `recipes/x/${"y".repeat(280)}${i}.toml`, change: "added" as const }));
    const big = (sha: string) => suspiciousCommit(commitRecord(pushed(sha), SENDER), "why", files);
    expect(big(SHA1).files).toHaveLength(15);
    expect(big(SHA1).moreFiles).toBe(25);
    const { state } = addEntries(
      undefined,
      Array.from({ length: MAX_LISTED }, (_, i) => big(i.toString(16).padStart(40, "0"))),
    );
    const render = (s: typeof state) => renderRecipeTamperIncident(s, { branch: "main", recipesDir: "recipes/" });
    const fitted = fitEntries(state, render);
    expect(fitted.body.length).toBeLessThanOrEqual(MAX_BODY);
    expect(fitted.state.older).toBeGreaterThan(0);
    expect(fitted.state.entries.at(-1)!.sha).toBe((MAX_LISTED - 1).toString(16).padStart(40, "0"));
  });
});

describe("the invalid control file incident", () => {
  test("quotes the errors and says nothing is reverted", () => {
    const kind = invalidControlIncident("batch-control.json");
    const { state } = addEntries(undefined, [
      invalidControlCommit(commitRecord(pushed(SHA1, { message: "edit control" }), SENDER), ["(root) → not valid JSON: Unexpected token } in JSON"]),
    ]);
    const body = renderInvalidControlIncident(kind, state, { controlPath: "batch-control.json" });
    expect(kind.title).toBe("Security: batch-control.json pushed invalid");
    expect(body).toContain("- Errors:\n  - `(root) → not valid JSON: Unexpected token } in JSON`");
    expect(body).toContain("batch-ops never reverts anything itself");
    expect(readInvalidState(stateTag(kind), body)).toEqual(state);
  });
});
