/**
 * Timestamps leave the service in one form: ISO 8601 in UTC with milliseconds (`2026-11-25T10:00:00.000Z`),
 * what `Date.prototype.toISOString` writes. Answers built in JS use that; reads that go straight from SQL to
 * the response spell the same form with this, whatever the session's time zone.
 */
export function isoTimestamp(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
