import { permits, type PermissionLevel } from "../core/permission-level.js";
import type { GitHub, RepoRef } from "../core/github.js";

const ROLES: Record<string, PermissionLevel> = {
  admin: "admin",
  maintain: "maintain",
  write: "write",
  triage: "triage",
  read: "read",
  none: "none",
};

/** The flags GitHub sets on the collaborator, strongest first: they say `maintain` and `triage` even for a custom role. */
const FLAGS: [flag: string, level: PermissionLevel][] = [
  ["admin", "admin"],
  ["maintain", "maintain"],
  ["push", "write"],
  ["triage", "triage"],
  ["pull", "read"],
];

const levelOf = (name: unknown): PermissionLevel => (typeof name === "string" && Object.hasOwn(ROLES, name) ? ROLES[name]! : "none");

function strongest(levels: readonly PermissionLevel[]): PermissionLevel {
  return levels.reduce<PermissionLevel>((best, level) => (permits(best, level) ? best : level), "none");
}

/**
 * The user's repository role from the collaborator-permission API. Fail closed: any error, or an
 * answer we do not recognise, means no permission. `author_association` is never used.
 * A custom role (`role_name: "release-manager"`) has `permission` set to its base role in the legacy
 * scale, where `maintain` reads `write` and `triage` reads `read`; `user.permissions` keeps them apart.
 */
export async function repositoryPermission(github: GitHub, repo: RepoRef, username: string): Promise<PermissionLevel> {
  try {
    const { data } = await github.rest.repos.getCollaboratorPermissionLevel({ owner: repo.owner, repo: repo.repo, username });
    const flags: Record<string, unknown> = (data as { user?: { permissions?: Record<string, unknown> } | null }).user?.permissions ?? {};
    const flagged = FLAGS.find(([flag]) => flags[flag] === true)?.[1];
    return strongest([levelOf((data as { role_name?: unknown }).role_name), levelOf(data.permission), flagged ?? "none"]);
  } catch {
    return "none";
  }
}
