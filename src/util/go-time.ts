/**
 * A time as Go's `encoding/json` writes a `time.Time` in UTC (RFC 3339 with nanoseconds, trailing
 * zeros of the fraction dropped, no fraction when it is zero): `2026-02-17T00:10:01.867521792Z`,
 * `2026-11-27T10:00:00.12Z`, `2026-11-27T10:00:00Z`. The pipeline's queue entries hold times so.
 */
export function goTimestamp(at: Date): string {
  const iso = at.toISOString(); // always .mmmZ
  return iso.replace(/\.(\d{3})Z$/, (_, ms: string) => (ms === "000" ? "Z" : `.${ms.replace(/0+$/, "")}Z`));
}
