/** Time stamps in the control file are UTC `YYYY-MM-DDTHH:MM:SSZ`, as the pipeline writes them. */
export function utcStamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `YYYY-MM-DD` of a UTC instant (the budget's `week_start`). */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Parses a stored time stamp; empty, missing or unparseable gives undefined. */
export function parseStamp(value: unknown): Date | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

const DURATION = /^(\d{1,5})([mhdw])$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `until=` accepts an ISO-8601 time (`2026-11-28T06:00Z`, `2026-11-28`) or a duration such as `30m`, `4h`, `2d`, `1w`.
 * Returns an error message rather than throwing, so the command can quote it back; `shown` is how the
 * message quotes the value (a reply passes it as inline code).
 */
export function parseUntil(text: string, now: Date, shown = `until=${text}`): { at: Date } | { error: string } {
  const duration = DURATION.exec(text);
  if (duration) {
    const ms = Number(duration[1]) * UNIT_MS[duration[2]!.toLowerCase()]!;
    if (ms <= 0) return { error: `${shown} is not in the future` };
    return { at: new Date(now.getTime() + ms) };
  }
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    return { error: `${shown} is neither an ISO-8601 time (2026-11-28T06:00Z) nor a duration (30m, 4h, 2d, 1w)` };
  }
  // A date or time without a zone is read as UTC, like every time stamp in the control file.
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text);
  const normalised = text.length === 10 ? `${text}T00:00:00Z` : hasZone ? text : `${text}Z`;
  const ms = Date.parse(normalised.replace(" ", "T"));
  if (Number.isNaN(ms)) return { error: `${shown} is not a valid time` };
  if (ms <= now.getTime()) return { error: `${shown} is in the past` };
  return { at: new Date(ms) };
}

/** "3h 5m", "2d 4h", "45s": a short human duration for replies. */
export function humanDuration(ms: number): string {
  const abs = Math.abs(ms);
  const s = Math.floor(abs / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return `${m}m`;
  return `${s}s`;
}

/**
 * A time as Go's `encoding/json` writes a `time.Time` in UTC (RFC 3339 with nanoseconds, trailing
 * zeros of the fraction dropped, no fraction when it is zero): `2026-02-17T00:10:01.867521792Z`,
 * `2026-11-27T10:00:00.12Z`, `2026-11-27T10:00:00Z`. The pipeline's queue entries hold times so.
 */
export function goTimestamp(at: Date): string {
  const iso = at.toISOString(); // always .mmmZ
  return iso.replace(/\.(\d{3})Z$/, (_, ms: string) => (ms === "000" ? "Z" : `.${ms.replace(/0+$/, "")}Z`));
}
