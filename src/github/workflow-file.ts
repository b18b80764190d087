/**
 * A run's workflow file name from its `path`: `.github/workflows/batch-generate.yml` (possibly
 * `@ref`-suffixed) → `batch-generate.yml`; "" when the payload has no path.
 */
export function workflowFileOf(path: string | null | undefined): string {
  return (path ?? "").split("@")[0]!.split("/").pop()!;
}
