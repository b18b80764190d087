import type { PermissionLevel } from "../core/permission-level.js";
import type { GitHub, RepoRef } from "../core/github.js";

const ROLES: Record<string, PermissionLevel> = {
  admin: "admin",
  maintain: "maintain",
  write: "write",
  triage: "triage",
  read: "read",
  none: "none",
};

/**
 * The user's repository role from the collaborator-permission API. Fail closed: any error, or an
 * answer we do not recognise, means no permission. `author_association` is never used.
 */
export async function repositoryPermission(github: GitHub, repo: RepoRef, username: string): Promise<PermissionLevel> {
  try {
    const { data } = await github.rest.repos.getCollaboratorPermissionLevel({ owner: repo.owner, repo: repo.repo, username });
    const role = (data as { role_name?: string }).role_name ?? data.permission;
    return ROLES[role] ?? ROLES[data.permission] ?? "none";
  } catch {
    return "none";
  }
}
