import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { readFileSync } from "node:fs";
import { API, COMMENT_ID, commentPayload, mockInstallationToken, OWNER, REPO_PATH, testProbot } from "../helpers/index.js";
import { FakeFile } from "../helpers/fake-repo.js";
import { workflowsDirectory } from "../helpers/command-mocks.js";

/**
 * Every reply path that quotes what someone typed or wrote (a command's arguments, the repository's
 * config, the control file, GitHub's error messages) gets the same hostile text, and the reply must
 * not turn it into a mention, a link, an image or HTML. "Inert" is defined below, outside inline code.
 */
const HOSTILE = "@acme/everyone [approve](https://evil.example) <img src=x> `code` ![i](http://x) www.evil.example";
/** The same, as one token (commands split their arguments on white space). */
const TOKEN = "@acme/everyone[approve](https://evil.example)<img/src=x>`code`![i](http://x)www.evil.example";
/** Short enough for a config name (at most 64 characters). */
const NAME = "@acme/everyone [a](https://evil.example) <img src=x> `c`";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/batch-control.tsuku.json", import.meta.url), "utf8"));
const controlWith = (changes: Record<string, unknown>) => JSON.stringify({ ...fixture, ...changes }, null, 2) + "\n";
const yamlString = (text: string) => JSON.stringify(text);

/** Inline code spans as replies write them (single backticks, one line); inside them nothing is live. */
const CODE_SPAN = /(?<!`)`[^`\n]+`(?!`)/g;
/** The app's own links: to the repository's files and commits on GitHub. */
const OWN_LINK = /\]\(https:\/\/github\.com\/[^\s)]*\)/g;

function expectInert(reply: string): void {
  const outside = reply.replace(CODE_SPAN, "·").replace(OWN_LINK, "]·");
  expect(outside).not.toMatch(/@(?!\u200b|alice\b)/); // a live mention only of the sender
  expect(outside).not.toMatch(/(?<!\\)\]\(/); // no link or image: `](` only escaped
  expect(outside).not.toMatch(/(?<!\\)</); // no HTML: `<` only escaped
  expect(outside).not.toMatch(/https?:\/\//i); // no bare URL for GitHub to autolink
  expect(outside).not.toMatch(/\bwww\./i);
}

interface Case {
  name: string;
  body: string;
  config?: string;
  control?: string;
  /** Extra GitHub answers this path needs. */
  mock?: (scope: nock.Scope) => void;
}

const cases: Case[] = [
  { name: "/stop all until= parse error", body: `/stop all until=${TOKEN}` },
  { name: "/stop unknown ecosystem", body: `/stop ${TOKEN} outage`, control: controlWith({}) },
  { name: "/resume unknown ecosystem", body: `/resume ${TOKEN}`, control: controlWith({}) },
  { name: "/breaker unknown ecosystem", body: `/breaker ${TOKEN}`, control: controlWith({}) },
  {
    name: "/breaker reset unknown ecosystem",
    body: `/breaker reset ${TOKEN} because`,
    config: "permissions:\n  breaker reset: write\n",
    control: controlWith({}),
  },
  { name: "/budget unknown argument", body: `/budget ${TOKEN}` },
  { name: "/rollback batch id refused", body: `/rollback ${TOKEN} reason` },
  { name: "invalid config (a hostile key and value)", body: "/status", config: `permissions:\n  ${yamlString(HOSTILE)}: ${yamlString(HOSTILE)}\n` },
  {
    name: "invalid control file (a hostile key)",
    body: "/stop npm",
    control: controlWith({ circuit_breaker: { [HOSTILE]: { state: HOSTILE, failures: 0 } } }),
  },
  {
    name: "known names from the control file's breakers",
    body: "/stop nope",
    control: controlWith({ circuit_breaker: { ...fixture.circuit_breaker, [HOSTILE]: { state: "closed", failures: 0 } } }),
  },
  {
    name: "ecosystem names from config, in a committed answer",
    body: "/stop www.evil.example",
    config: `ecosystems: [npm, ${yamlString("www.evil.example")}, ${yamlString(NAME)}]\n`,
    control: controlWith({}),
  },
  {
    name: "/help lists ecosystem names and aliases from config",
    body: "/help",
    config: `ecosystems: [npm, ${yamlString(NAME)}]\necosystem_aliases:\n  ${yamlString(NAME)}: npm\n`,
  },
  {
    name: "GitHub's error message on a failed write",
    body: "/stop npm",
    mock: (scope) => {
      scope
        .get(`${REPO_PATH}/contents/batch-control.json?ref=main`)
        .reply(200, { type: "file", encoding: "base64", sha: "abc", content: Buffer.from(controlWith({})).toString("base64") });
      scope.put(`${REPO_PATH}/contents/batch-control.json`).reply(403, { message: HOSTILE });
    },
  },
];

describe("no reply turns quoted input into a mention, link, image or HTML", () => {
  test.each(cases)("$name", async ({ body, config, control, mock }) => {
    const scope = mockInstallationToken(nock(API));
    workflowsDirectory();
    scope.post(`${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`).times(3).reply(201, {});
    if (config === undefined) {
      scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
      scope.get(`/repos/${OWNER}/.github/contents/.github%2Fbatch-ops.yml`).reply(404, { message: "Not Found" });
    } else {
      scope.get(`${REPO_PATH}/contents/.github%2Fbatch-ops.yml`).reply(200, config);
    }
    scope.get(`${REPO_PATH}/collaborators/alice/permission`).optionally().reply(200, { permission: "admin", role_name: "admin" });
    const replies: string[] = [];
    scope.post(`${REPO_PATH}/issues/1/comments`, (b: { body: string }) => (replies.push(b.body), true)).reply(201, { id: 9 });
    if (control !== undefined) new FakeFile("batch-control.json", control);
    mock?.(scope);

    await testProbot().receive({ id: `escape-${Math.random()}`, name: "issue_comment", payload: commentPayload(body) } as never);

    expect(replies).toHaveLength(1);
    const reply = replies[0]!;
    // Not vacuous: the hostile text was quoted back (as code or neutralised), and the answer is a refusal or says what was done.
    expect(reply).toMatch(/acme\/everyone|evil\.example/);
    expectInert(reply);
  });
});
