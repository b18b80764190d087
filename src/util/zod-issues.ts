import type { z } from "zod";

/** Formats zod issues as `path → message` lines, the form every refusal and log line uses. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], root = "(root)"): string[] {
  return issues.map((issue) => {
    const path = issue.path.length === 0 ? root : issue.path.map(String).join(".");
    return `${path} → ${issue.message}`;
  });
}
