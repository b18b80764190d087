import type { GitHub } from "../core/github.js";

/** A repository the app is installed on, with what the dashboard needs to show and to read it. */
export interface InstalledRepository {
  installationId: number;
  owner: string;
  repo: string;
  fullName: string;
  private: boolean;
  defaultBranch: string;
  htmlUrl: string;
}

/** The repositories one installation can access, with their visibility (installation-authenticated). */
export async function listInstalledRepositories(github: GitHub, installationId: number): Promise<InstalledRepository[]> {
  const repositories = await github.paginate(github.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
  return repositories.map((r) => ({
    installationId,
    owner: r.owner.login,
    repo: r.name,
    fullName: r.full_name,
    private: r.private,
    defaultBranch: r.default_branch ?? "main",
    htmlUrl: r.html_url,
  }));
}
