import { z } from "zod";

/** GitHub's repository roles, weakest first. `none` is what a failed or missing lookup means. */
export const PERMISSION_LEVELS = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

export const permissionLevelSchema = z.enum(["read", "triage", "write", "maintain", "admin"]);

export function permits(has: PermissionLevel, needs: PermissionLevel): boolean {
  return PERMISSION_LEVELS.indexOf(has) >= PERMISSION_LEVELS.indexOf(needs);
}
