import { DomainValidationError } from '../shared/domain-error.js';

export const DUE_DATE_MIN = '1900-01-01';
export const DUE_DATE_MAX = '9999-12-31';
export const DUE_DATE_MESSAGE = `Due date must be a calendar date written YYYY-MM-DD, from ${DUE_DATE_MIN} to ${DUE_DATE_MAX}`;

const YYYY_MM_DD = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The day a task is due, as the user means it: a calendar date with no time and no time zone, so it reads
 * the same wherever it is shown. Only dates that exist (no February 30th) within four-digit years from 1900;
 * written `YYYY-MM-DD`, dates compare and sort correctly as plain strings.
 */
export class TaskDueDate {
  private constructor(readonly value: string) {}

  static from(raw: string): TaskDueDate {
    const date = TaskDueDate.tryParse(raw);
    if (!date) throw DomainValidationError.of('due_date', DUE_DATE_MESSAGE);
    return date;
  }

  /** `null` stays `null`: a task without a due date is ordinary, and clearing one is a legitimate change. */
  static fromNullable(raw: string | null): TaskDueDate | null {
    return raw === null ? null : TaskDueDate.from(raw);
  }

  /** For dates that arrive as query parameters, where the caller names the parameter in its own error. */
  static tryParse(raw: string): TaskDueDate | null {
    const match = YYYY_MM_DD.exec(raw);
    if (!match || raw < DUE_DATE_MIN || raw > DUE_DATE_MAX) return null;
    const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    // JavaScript rolls impossible dates over (February 30th becomes March 2nd): the date must come back as written.
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
    return new TaskDueDate(raw);
  }

  static equal(a: TaskDueDate | null, b: TaskDueDate | null): boolean {
    return a?.value === b?.value;
  }

  toString(): string {
    return this.value;
  }
}
