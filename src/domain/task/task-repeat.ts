import { RRuleTemporal, type Freq } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { DomainValidationError } from '../shared/domain-error.js';
import { DUE_DATE_MAX, DUE_DATE_MIN } from './task-due-date.js';

export const REPEAT_MAX_LENGTH = 200;
export const REPEAT_MAX_INTERVAL = 1000;
export const REPEAT_MAX_COUNT = 1000;

/** What a repeating task's next due date is counted from when it is completed. */
export const TASK_REPEAT_FROM = ['due', 'completion'] as const;
export type TaskRepeatFrom = (typeof TASK_REPEAT_FROM)[number];

export const REPEAT_FROM_MESSAGE = `repeat_from must be one of: ${TASK_REPEAT_FROM.join(', ')}`;

const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
type Frequency = (typeof FREQUENCIES)[number];

/** The rule parts a repeat may have, in the order the normalized form writes them. */
const PARTS = ['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYMONTH', 'BYMONTHDAY', 'BYDAY'] as const;
type Part = (typeof PARTS)[number];

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/**
 * How many of its periods (days, weeks, months, years) a search for the next date may look through. The search
 * starts in the period just before the date it looks after (see `nextAfter`), so these bound it whatever the dates:
 * enough for a rule on February 29th to reach the next leap day, too few to take more than milliseconds on a rule
 * that cannot match again.
 */
const SEARCH_PERIODS: Record<Frequency, number> = { DAILY: 3000, WEEKLY: 1000, MONTHLY: 1000, YEARLY: 400 };

const LAST_YEAR = Number(DUE_DATE_MAX.slice(0, 4));

/** The longest each month can be (February in a leap year). */
const MONTH_LENGTHS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const MESSAGE =
  'repeat must be an RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=MO, with FREQ (DAILY, WEEKLY, MONTHLY or YEARLY) ' +
  'and optionally INTERVAL, COUNT or UNTIL, BYMONTH, BYMONTHDAY, BYDAY';

/** One BYDAY entry: a weekday, with an ordinal (`-1FR`: the last Friday) or without (every Monday). */
interface ByDay {
  readonly ordinal: number | null;
  readonly weekday: (typeof WEEKDAYS)[number];
}

interface Rule {
  readonly freq: Frequency;
  readonly interval: number;
  /** Occurrences left, counting the one the task is due on now; null for no limit. */
  readonly count: number | null;
  /** The last day the rule may fall on, `YYYY-MM-DD`; null for none. */
  readonly until: string | null;
  readonly byMonth: readonly number[];
  readonly byMonthDay: readonly number[];
  readonly byDay: readonly ByDay[];
}

/**
 * How a task repeats: an RFC 5545 recurrence rule (RRULE) over calendar dates, read by the `rrule-temporal` library
 * and kept in one normalized spelling — upper case, parts in the order FREQ, INTERVAL, COUNT or UNTIL, BYMONTH,
 * BYMONTHDAY, BYDAY, each list sorted, `INTERVAL=1` left out, UNTIL a date `YYYYMMDD` — so that one rule is always
 * written the same way. Only the parts a task's due date can use are accepted (no times, no BYSETPOS, WKST, …), and
 * a rule that no date can match is refused.
 *
 * COUNT is what is left of the rule: the occurrences still to come, counting the one the task is due on now. Each
 * time the task is completed and moves on, one is used (`withOneOccurrenceUsed`); at 1 the next completion closes it.
 */
export class TaskRepeat {
  private constructor(
    readonly value: string,
    private readonly rule: Rule,
  ) {}

  static from(raw: string, path = 'repeat'): TaskRepeat {
    const rule = readRule(raw, path);
    return new TaskRepeat(write(rule), rule);
  }

  static fromNullable(raw: string | null, path = 'repeat'): TaskRepeat | null {
    return raw === null ? null : TaskRepeat.from(raw, path);
  }

  static equal(a: TaskRepeat | null, b: TaskRepeat | null): boolean {
    return a?.value === b?.value;
  }

  /** The occurrences left (COUNT), counting the current one; null when the rule has no count. */
  get occurrencesLeft(): number | null {
    return this.rule.count;
  }

  /** The last day the rule may fall on (UNTIL), `YYYY-MM-DD`, or null. */
  get until(): string | null {
    return this.rule.until;
  }

  /**
   * The first day of the rule strictly after `after`, the rule counted from `start` (its DTSTART: the day its
   * periods are counted from and the day that supplies the parts the rule leaves out, as RFC 5545 §3.3.10 says —
   * the weekday of a weekly rule, the day of a monthly one). Both `YYYY-MM-DD`. Null when there is none: after
   * UNTIL, beyond the last due date a task may have, or none within the bounded search (a rule that cannot match
   * again). COUNT is the caller's to apply.
   *
   * The search is bounded whatever the dates: the parts `start` implies are written out, then `start` moves
   * forward by whole periods (INTERVAL times a day, week, month or year) to the period that holds `after`, and the
   * library looks through a few hundred or thousand periods at most (`SEARCH_PERIODS`).
   */
  nextAfter(start: string, after: string): string | null {
    const next = this.nextAfterUnbounded(start, after);
    return next !== null && this.rule.until !== null && next > this.rule.until ? null : next;
  }

  /** Whether the rule, counted from `start`, has any day after it, UNTIL and COUNT aside. */
  reachesBeyond(start: string): boolean {
    return this.nextAfterUnbounded(start, start) !== null;
  }

  /** The same rule with one occurrence used up (COUNT one less); a rule without COUNT stays as it is. */
  withOneOccurrenceUsed(): TaskRepeat {
    if (this.rule.count === null) return this;
    const rule = { ...this.rule, count: Math.max(this.rule.count - 1, 1) };
    return new TaskRepeat(write(rule), rule);
  }

  equals(other: TaskRepeat): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }

  private nextAfterUnbounded(start: string, after: string): string | null {
    const anchor = Temporal.PlainDate.from(start);
    const from = Temporal.PlainDate.from(after);
    const rule = new RRuleTemporal({
      ...libraryParts(explicitFor(this.rule, anchor)),
      dtstart: alignedStart(this.rule, anchor, from).toZonedDateTime('UTC'),
      maxIterations: SEARCH_PERIODS[this.rule.freq],
    });
    let next: Temporal.ZonedDateTime | null;
    try {
      next = rule.next(from.toZonedDateTime('UTC'));
    } catch (error) {
      // The library gives up once it has looked through maxIterations periods: no date within reach.
      if (error instanceof Error && error.message.startsWith('Maximum iterations')) return null;
      throw error;
    }
    // Past the last due date a task may have (Temporal writes later years with a sign: +010000-01-01).
    return next !== null && next.year <= LAST_YEAR ? next.toPlainDate().toString() : null;
  }
}

/** Reads the repeat `repeat_from` names; anything else is refused under `path`. */
export function taskRepeatFrom(raw: string, path = 'repeat_from'): TaskRepeatFrom {
  if (!(TASK_REPEAT_FROM as readonly string[]).includes(raw)) throw DomainValidationError.of(path, REPEAT_FROM_MESSAGE);
  return raw as TaskRepeatFrom;
}

/**
 * The rule in `raw` (any case, with or without a leading `RRULE:`), parsed by the library, then held to what a task
 * may repeat by: the parts above, in their ranges, and able to match some date.
 */
function readRule(raw: string, path: string): Rule {
  const refuse = (message: string): never => {
    throw DomainValidationError.of(path, message);
  };
  if (typeof raw !== 'string') return refuse(MESSAGE);
  if (raw.length > REPEAT_MAX_LENGTH) refuse(`repeat must be at most ${REPEAT_MAX_LENGTH} characters`);
  const text = raw.trim().toUpperCase().replace(/^RRULE:/, '');
  // One rule on one line: no DTSTART, EXDATE or other properties beside it.
  if (!/^[A-Z0-9=;,+-]+$/.test(text)) refuse(MESSAGE);

  // Which parts were written, and how many values each listed, to see that the library kept them all.
  const written = new Map<string, string[]>();
  for (const part of text.split(';')) {
    const [name, value, ...rest] = part.split('=');
    if (!name || !value || rest.length > 0) refuse(MESSAGE);
    if (!(PARTS as readonly string[]).includes(name!)) {
      refuse(`repeat cannot use ${name}: only ${PARTS.join(', ')} are supported`);
    }
    if (written.has(name!)) refuse(`repeat names ${name} more than once`);
    written.set(name!, value!.split(','));
  }
  if (!written.has('FREQ')) refuse(MESSAGE);

  let options: ReturnType<RRuleTemporal['options']>;
  try {
    options = new RRuleTemporal({ rruleString: text, dtstart: Temporal.ZonedDateTime.from('2000-01-01T00:00:00[UTC]') }).options();
  } catch {
    return refuse(MESSAGE);
  }
  const kept = (part: Part, values: readonly unknown[] | undefined): void => {
    const given = new Set(written.get(part) ?? []);
    if ((values?.length ?? 0) < given.size || given.has('')) refuse(`repeat has a ${part} value that is not valid`);
  };

  const freq = options.freq as string;
  if (!(FREQUENCIES as readonly string[]).includes(freq)) refuse(`repeat must have FREQ ${FREQUENCIES.join(', ')}`);
  const interval = options.interval ?? 1;
  if (!isWholeIn(interval, 1, REPEAT_MAX_INTERVAL) || !sameNumber(written.get('INTERVAL'), interval)) {
    refuse(`repeat must have an INTERVAL from 1 to ${REPEAT_MAX_INTERVAL}`);
  }
  const count = written.has('COUNT') ? (options.count ?? NaN) : null;
  if (count !== null && (!isWholeIn(count, 1, REPEAT_MAX_COUNT) || !sameNumber(written.get('COUNT'), count))) {
    refuse(`repeat must have a COUNT from 1 to ${REPEAT_MAX_COUNT}`);
  }
  if (count !== null && written.has('UNTIL')) refuse('repeat may have COUNT or UNTIL, not both');
  const until = options.until ? options.until.toInstant().toZonedDateTimeISO('UTC').toPlainDate().toString() : null;
  if (written.has('UNTIL') && (until === null || until < DUE_DATE_MIN || until > DUE_DATE_MAX)) {
    refuse(`repeat must have UNTIL as a date YYYYMMDD from ${DUE_DATE_MIN} to ${DUE_DATE_MAX}`);
  }

  const byMonth = (options.byMonth ?? []).map(Number);
  kept('BYMONTH', options.byMonth);
  if (!byMonth.every((month) => isWholeIn(month, 1, 12))) refuse('repeat must have BYMONTH values from 1 to 12');
  const byMonthDay = options.byMonthDay ?? [];
  kept('BYMONTHDAY', options.byMonthDay);
  if (!byMonthDay.every((day) => isWholeIn(Math.abs(day), 1, 31))) refuse('repeat must have BYMONTHDAY values from 1 to 31 or -31 to -1');
  if (freq === 'WEEKLY' && byMonthDay.length > 0) refuse('repeat cannot use BYMONTHDAY with FREQ=WEEKLY');
  const byDay = (options.byDay ?? []).map((entry) => byDayOf(entry) ?? refuse('repeat has a BYDAY value that is not valid'));
  kept('BYDAY', options.byDay);
  // RFC 5545: an ordinal (1MO, -1FR) counts within the month or the year, so only monthly and yearly rules have one.
  const maxOrdinal = freq === 'YEARLY' && byMonth.length === 0 ? 53 : freq === 'MONTHLY' || freq === 'YEARLY' ? 5 : 0;
  for (const { ordinal } of byDay) {
    if (ordinal !== null && maxOrdinal === 0) refuse('repeat can have a BYDAY ordinal (1MO, -1FR) only with FREQ=MONTHLY or YEARLY');
    if (ordinal !== null && !isWholeIn(Math.abs(ordinal), 1, maxOrdinal)) refuse(`repeat must have BYDAY ordinals from 1 to ${maxOrdinal} or -${maxOrdinal} to -1`);
  }

  // A day of the month that none of the rule's months has (February 30th, April 31st) can never come.
  const months = byMonth.length > 0 ? byMonth : [...MONTH_LENGTHS.keys()].map((index) => index + 1);
  if (byMonthDay.length > 0 && !months.some((month) => byMonthDay.some((day) => Math.abs(day) <= MONTH_LENGTHS[month - 1]!))) {
    refuse('repeat can never happen: none of its months has that day');
  }

  return {
    freq: freq as Frequency,
    interval,
    count,
    until,
    byMonth: [...new Set(byMonth)].sort((a, b) => a - b),
    byMonthDay: [...new Set(byMonthDay)].sort((a, b) => a - b),
    byDay: sortedByDay(byDay),
  };
}

function isWholeIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Whether the value the library read is the number written (it rounds `2.5` down and reads `abc` as nothing). */
function sameNumber(written: readonly string[] | undefined, read: number): boolean {
  return written === undefined || (written.length === 1 && /^\+?\d+$/.test(written[0]!) && Number(written[0]) === read);
}

function byDayOf(entry: string): ByDay | null {
  const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(entry);
  if (!match) return null;
  const ordinal = match[1] === undefined ? null : Number(match[1]);
  if (ordinal === 0) return null;
  return { ordinal, weekday: match[2] as ByDay['weekday'] };
}

/** Weekdays from Monday; a weekday without an ordinal before the same one with one, ordinals in ascending order. */
function sortedByDay(entries: readonly ByDay[]): ByDay[] {
  const rank = (entry: ByDay): number => WEEKDAYS.indexOf(entry.weekday) * 1000 + (entry.ordinal === null ? 0 : entry.ordinal + 500);
  const unique = new Map(entries.map((entry) => [writeByDay(entry), entry]));
  return [...unique.values()].sort((a, b) => rank(a) - rank(b));
}

function writeByDay(entry: ByDay): string {
  return `${entry.ordinal ?? ''}${entry.weekday}`;
}

/** The normalized spelling (see `TaskRepeat`). */
function write(rule: Rule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.count !== null) parts.push(`COUNT=${rule.count}`);
  if (rule.until !== null) parts.push(`UNTIL=${rule.until.replaceAll('-', '')}`);
  if (rule.byMonth.length > 0) parts.push(`BYMONTH=${rule.byMonth.join(',')}`);
  if (rule.byMonthDay.length > 0) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  if (rule.byDay.length > 0) parts.push(`BYDAY=${rule.byDay.map(writeByDay).join(',')}`);
  return parts.join(';');
}

/**
 * The rule with the parts its start implies written out (RFC 5545 §3.3.10: a weekly rule without BYDAY falls on
 * the start's weekday, a monthly one without BYDAY or BYMONTHDAY on the start's day, a yearly one on the start's
 * month and day), so that it means the same from any start in a later period.
 */
function explicitFor(rule: Rule, start: Temporal.PlainDate): Rule {
  const byDayOrMonthDay = rule.byDay.length > 0 || rule.byMonthDay.length > 0;
  switch (rule.freq) {
    case 'WEEKLY':
      return rule.byDay.length > 0 ? rule : { ...rule, byDay: [{ ordinal: null, weekday: WEEKDAYS[start.dayOfWeek - 1]! }] };
    case 'MONTHLY':
      return byDayOrMonthDay ? rule : { ...rule, byMonthDay: [start.day] };
    case 'YEARLY':
      if (byDayOrMonthDay) return rule;
      return { ...rule, byMonth: rule.byMonth.length > 0 ? rule.byMonth : [start.month], byMonthDay: [start.day] };
    default:
      return rule;
  }
}

/**
 * The latest start, `start` moved forward by whole periods of the rule (INTERVAL days, weeks, months or years),
 * that is not after `after`: the rule's periods stay where they were, and the search begins next to `after`
 * instead of looking through every period since `start`. Weeks begin on Monday (RFC 5545's default WKST); a later
 * week, month or year begins on its first day.
 */
function alignedStart(rule: Rule, start: Temporal.PlainDate, after: Temporal.PlainDate): Temporal.PlainDate {
  const steps = (elapsed: number): number => Math.max(0, Math.floor(elapsed / rule.interval)) * rule.interval;
  switch (rule.freq) {
    case 'DAILY':
      return start.add({ days: steps(start.until(after, { largestUnit: 'days' }).days) });
    case 'WEEKLY': {
      const monday = (date: Temporal.PlainDate) => date.subtract({ days: date.dayOfWeek - 1 });
      const weeks = steps(monday(start).until(monday(after), { largestUnit: 'days' }).days / 7);
      return weeks === 0 ? start : monday(start).add({ weeks });
    }
    case 'MONTHLY': {
      const months = steps((after.year - start.year) * 12 + (after.month - start.month));
      return months === 0 ? start : start.with({ day: 1 }).add({ months });
    }
    case 'YEARLY': {
      const years = steps(after.year - start.year);
      return years === 0 ? start : start.with({ month: 1, day: 1 }).add({ years });
    }
  }
}

/** The rule as the library's options (COUNT and UNTIL stay with `TaskRepeat`: the library counts from DTSTART). */
function libraryParts(rule: Rule): { freq: Freq; interval: number; byMonth?: number[]; byMonthDay?: number[]; byDay?: string[] } {
  return {
    freq: rule.freq,
    interval: rule.interval,
    ...(rule.byMonth.length > 0 && { byMonth: [...rule.byMonth] }),
    ...(rule.byMonthDay.length > 0 && { byMonthDay: [...rule.byMonthDay] }),
    ...(rule.byDay.length > 0 && { byDay: rule.byDay.map(writeByDay) }),
  };
}
