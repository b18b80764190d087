import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { loadRepoConfigFor } from "../../src/config/load.js";
import { API, bareProbot } from "../helpers/schedule.js";

const REPO = { owner: "Codertocat", repo: "Hello-World" };

async function configFrom(yaml: string) {
  nock(API).post("/app/installations/2/access_tokens").reply(201, { token: "t", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
  const github = await bareProbot().auth(2);
  const scope = nock(API).get("/repos/Codertocat/Hello-World/contents/.github%2Fbatch-ops.yml").reply(200, yaml);
  const result = await loadRepoConfigFor(github, REPO);
  expect(scope.isDone()).toBe(true);
  return result;
}

function aliasBomb(): string {
  let text = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
  let previous = "a";
  for (let i = 0; i < 9; i++) {
    text += `b${i}: &b${i} [${Array(9).fill(`*${previous}`).join(",")}]\n`;
    previous = `b${i}`;
  }
  return text;
}

describe("a hostile config file is refused as invalid, never expanded or recursed into", () => {
  test("an alias bomb (9^10 nodes once expanded) is refused by the YAML parser's alias limit", async () => {
    const result = await configFrom(aliasBomb());
    expect(result).toEqual({ ok: false, errors: [expect.stringMatching(/^\.github\/batch-ops\.yml → cannot be read: .*invalid YAML/)] });
  });

  test("5,000 nested flow sequences are refused as invalid YAML", async () => {
    const result = await configFrom(`staleness_hours: ${"[".repeat(5000)}${"]".repeat(5000)}\n`);
    expect(result).toEqual({ ok: false, errors: [expect.stringMatching(/^\.github\/batch-ops\.yml → cannot be read: .*invalid YAML/)] });
  });

  test("200 nested levels that do parse are refused by the schema at the first level", async () => {
    const result = await configFrom(`staleness_hours: ${"[".repeat(200)}${"]".repeat(200)}\nnot_a_key: ${"[".repeat(200)}${"]".repeat(200)}\n`);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.join("\n")).toMatch(/staleness_hours → /);
  });
});
