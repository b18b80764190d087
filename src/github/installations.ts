import type { GitHub, RepoRef } from "../core/github.js";

/** The installations of the app, with the app-authenticated (JWT) client. */
export async function listInstallationIds(appGithub: GitHub): Promise<number[]> {
  const installations = await appGithub.paginate(appGithub.rest.apps.listInstallations, { per_page: 100 });
  return installations.filter((i) => !i.suspended_at).map((i) => i.id);
}

/** The repositories one installation can reach (archived and disabled ones left out). */
export async function listInstallationRepos(github: GitHub): Promise<RepoRef[]> {
  const repositories = await github.paginate(github.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
  return repositories
    .filter((r) => !r.archived && !r.disabled)
    .map((r) => ({ owner: r.owner.login, repo: r.name, defaultBranch: r.default_branch ?? "main", htmlUrl: r.html_url }));
}
