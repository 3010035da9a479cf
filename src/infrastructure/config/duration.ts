const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** Writes a number of seconds in the largest unit that divides it: `86400` → `1d`, `5400` → `90m`, `0.5` → `500ms`. */
export function formatDurationSeconds(seconds: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_SECONDS[unit]!;
    if (seconds >= size && Number.isInteger(seconds / size)) return `${seconds / size}${unit}`;
  }
  return `${Math.round(seconds * 1000)}ms`;
}

/** Parses `30s`, `15m`, `1h`, `500ms`, `2d` or a bare number of seconds; `null` when it is none of these. */
export function parseDurationSeconds(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * UNIT_SECONDS[match[2] ?? 's']!;
}
