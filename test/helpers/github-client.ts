import { afterEach, beforeEach } from "@jest/globals";
import nock from "nock";
import type { RepoRef } from "../../src/core/github.js";
import { UnthrottledOctokit } from "./octokit.js";

/** A plain repository and token client for tests of the GitHub layer (no Probot, no app auth). */
export const plainRepo: RepoRef = { owner: "o", repo: "r", defaultBranch: "main", htmlUrl: "https://github.com/o/r" };
export const plainGithub = () => new UnthrottledOctokit({ auth: { token: "t" } });

/** nock with no real network in every test of the file, and no mock left over between tests. */
export function isolateNetwork(): void {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
}
