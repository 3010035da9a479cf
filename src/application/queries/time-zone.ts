import { InvalidQueryError } from '../errors.js';

export const TIME_ZONE_MESSAGE = 'Invalid tz: must be an IANA time zone name such as Europe/Paris, America/New_York or UTC';

// IANA names are ASCII letters, digits, `_`, `-` and `+` in `/`-separated parts (`America/Port-au-Prince`,
// `Etc/GMT+5`). Checking the form first keeps offsets (`+01:00`) and other things Intl also takes out.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const MAX_NAME_LENGTH = 64;
// Formatters are costly to build; there are a few hundred zones, each cached once it has been named.
const MAX_CACHED_ZONES = 2000;

/**
 * A time zone a user names (`tz=`), for telling which calendar day it is where they are: a task due today
 * for someone in Auckland is due tomorrow for someone in Honolulu at the same instant.
 */
export class TimeZone {
  private static readonly cache = new Map<string, TimeZone>();
  static readonly UTC = new TimeZone('UTC', dayFormatter('UTC'));

  private constructor(
    readonly name: string,
    private readonly days: Intl.DateTimeFormat,
  ) {}

  /** The zone named, UTC when none is, or `InvalidQueryError` for a name that is not a known IANA zone. */
  static parse(raw: string | undefined): TimeZone {
    if (raw === undefined) return TimeZone.UTC;
    const zone = TimeZone.tryParse(raw);
    if (!zone) throw new InvalidQueryError(TIME_ZONE_MESSAGE);
    return zone;
  }

  static tryParse(raw: string): TimeZone | null {
    const cached = TimeZone.cache.get(raw);
    if (cached) return cached;
    if (raw.length > MAX_NAME_LENGTH || !IANA_NAME.test(raw)) return null;
    let zone: TimeZone;
    try {
      zone = new TimeZone(raw, dayFormatter(raw));
    } catch {
      return null; // RangeError: Intl knows no such zone
    }
    if (TimeZone.cache.size < MAX_CACHED_ZONES) TimeZone.cache.set(raw, zone);
    return zone;
  }

  /** The calendar date (`YYYY-MM-DD`) in this zone at `instant`. */
  dateAt(instant: Date): string {
    if (this === TimeZone.UTC) return instant.toISOString().slice(0, 10);
    const parts = Object.fromEntries(this.days.formatToParts(instant).map((part) => [part.type, part.value]));
    return `${parts.year}-${parts.month}-${parts.day}`;
  }
}

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    calendar: 'gregory',
    numberingSystem: 'latn',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
}

/** The day before a `YYYY-MM-DD` date. */
export function dayBefore(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}
