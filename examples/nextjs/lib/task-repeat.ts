/**
 * The repeat picker's common choices as the API's RFC 5545 rules (`repeat`), and back: which choice a task's rule
 * is, and how to say it. A rule set elsewhere (the API, the admin CLI, an agent) that is none of the choices is
 * kept as it is and shown as written.
 *
 * Weekly, every 2 weeks, monthly and yearly are plain rules (`FREQ=WEEKLY`): the API counts them from the task's
 * due date, so they fall on its weekday, day of the month or date — and, counted from completion, that far after the
 * day the task is done.
 */
import type { Task } from '@tasks-api/client';

export type RepeatFrom = Task['repeat_from'];

export type RepeatChoice = 'none' | 'daily' | 'weekdays' | 'weekly' | 'biweekly' | 'monthly' | 'yearly' | 'custom';

/** Each choice's rule, in the API's normalized spelling (how the API answers it). */
const RULES: Record<Exclude<RepeatChoice, 'none' | 'custom'>, string> = {
  daily: 'FREQ=DAILY',
  weekdays: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
  weekly: 'FREQ=WEEKLY',
  biweekly: 'FREQ=WEEKLY;INTERVAL=2',
  monthly: 'FREQ=MONTHLY',
  yearly: 'FREQ=YEARLY',
};

/** The choices offered, in the picker's order (`custom` only for a task that has such a rule). */
export const REPEAT_CHOICES: readonly RepeatChoice[] = ['none', 'daily', 'weekdays', 'weekly', 'biweekly', 'monthly', 'yearly'];

/** The choices that are a fixed interval, which can be counted from the day the task is done instead of its due date. */
export function countsFromCompletion(choice: RepeatChoice): boolean {
  return choice === 'daily' || choice === 'weekly' || choice === 'biweekly' || choice === 'monthly' || choice === 'yearly';
}

/** The rule to send for a choice; `custom` keeps the task's own rule. */
export function ruleOf(choice: RepeatChoice, own: string | null = null): string | null {
  if (choice === 'none') return null;
  if (choice === 'custom') return own;
  return RULES[choice];
}

/** Which choice a rule is: `custom` for any rule that is none of them. */
export function choiceOf(rule: string | null): RepeatChoice {
  if (rule === null) return 'none';
  const found = (Object.keys(RULES) as (keyof typeof RULES)[]).find((choice) => RULES[choice] === rule.toUpperCase());
  return found ?? 'custom';
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `1st`, `2nd`, `23rd`, `31st`. */
function ordinal(day: number): string {
  const tens = day % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][day % 10] ?? 'th');
  return `${day}${suffix}`;
}

/** A calendar date `YYYY-MM-DD` as its weekday (0: Sunday), month (0: January) and day of the month. */
function partsOf(date: string): { weekday: number; month: number; day: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const at = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(at.getTime()) ? null : { weekday: at.getUTCDay(), month: at.getUTCMonth(), day: at.getUTCDate() };
}

/** A choice in words, on the due date given (`Every week on Monday`); without one, in general (`Every week`). */
export function choiceLabel(choice: RepeatChoice, dueDate: string | null, own: string | null = null): string {
  const on = dueDate === null ? null : partsOf(dueDate);
  switch (choice) {
    case 'none':
      return 'Does not repeat';
    case 'daily':
      return 'Every day';
    case 'weekdays':
      return 'Every weekday (Monday to Friday)';
    case 'weekly':
      return on ? `Every week on ${WEEKDAY_NAMES[on.weekday]}` : 'Every week';
    case 'biweekly':
      return on ? `Every 2 weeks on ${WEEKDAY_NAMES[on.weekday]}` : 'Every 2 weeks';
    case 'monthly':
      return on ? `Every month on the ${ordinal(on.day)}` : 'Every month';
    case 'yearly':
      return on ? `Every year on ${MONTH_NAMES[on.month]} ${ordinal(on.day)}` : 'Every year';
    case 'custom':
      return `Custom: ${own ?? ''}`;
  }
}

/** How a task repeats, in words, for its row: `every week on Monday, from completion`; null when it does not. */
export function describeRepeat(task: Pick<Task, 'repeat' | 'repeat_from' | 'due_date'>): string | null {
  if (task.repeat === null) return null;
  const choice = choiceOf(task.repeat);
  // Counted from completion, the weekday or day of the month moves with the day the task is done.
  if (choice === 'custom') return task.repeat_from === 'completion' ? `${task.repeat}, from completion` : task.repeat;
  const words = choiceLabel(choice, task.repeat_from === 'completion' ? null : task.due_date);
  const lowered = words.charAt(0).toLowerCase() + words.slice(1);
  return task.repeat_from === 'completion' ? `${lowered}, from completion` : lowered;
}

/** This browser's IANA time zone: what "today" is when a repeating task is completed here. */
export function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}
