import { hasUnstorableCharacters, TaskDueDate, TaskId, TaskPriority } from '../../domain/index.js';
import { InvalidQueryError } from '../errors.js';
import type { SortOrder, TaskKeyset, TaskSortField } from '../ports/task-read-model.js';

export const CURSOR_MESSAGE = 'Invalid cursor';

/**
 * The opaque `cursor` of a task listing: the keyset of the last task on a page, bound to the sort it was
 * made for so that it cannot be replayed against another order. Clients treat it as an opaque string.
 * By due date the value is null for a task without one: those come last, ordered by id among themselves.
 */
export const TaskListCursor = {
  encode(sort: TaskSortField, order: SortOrder, keyset: TaskKeyset): string {
    return Buffer.from(JSON.stringify([sort, order, keyset.value, keyset.id])).toString('base64url');
  },

  decode(cursor: string, sort: TaskSortField, order: SortOrder): TaskKeyset {
    let decoded: unknown;
    try {
      const bytes = Buffer.from(cursor, 'base64url');
      // Buffer skips characters outside the alphabet and padding; only the exact string issued is a cursor.
      if (bytes.toString('base64url') !== cursor) throw new Error('Not canonical base64url');
      decoded = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new InvalidQueryError(CURSOR_MESSAGE);
    }
    if (
      !Array.isArray(decoded) ||
      decoded.length !== 4 ||
      !decoded.every((part, index) => typeof part === 'string' || (index === 2 && part === null)) ||
      !TaskId.tryParse(decoded[3] as string)
    ) {
      throw new InvalidQueryError(CURSOR_MESSAGE);
    }
    const [cursorSort, cursorOrder, value, id] = decoded as [string, string, string | null, string];
    if (cursorSort !== sort || cursorOrder !== order) {
      throw new InvalidQueryError('Cursor was issued for a different sort or order');
    }
    if (!isKeysetValue(sort, value)) throw new InvalidQueryError(CURSOR_MESSAGE);
    return { value, id };
  },
};

function isKeysetValue(sort: TaskSortField, value: string | null): boolean {
  if (sort === 'due_date') return value === null || TaskDueDate.tryParse(value) !== null;
  if (value === null) return false;
  if (sort === 'priority') return TaskPriority.tryParse(value) !== null;
  if (sort === 'title') return value.length <= 1000 && !hasUnstorableCharacters(value);
  if (sort === 'position') return /^[0-9A-Za-z]{1,200}$/.test(value);
  // Only a timestamp exactly as we write it: JavaScript's lenient parsing accepts dates such as February 30th
  // (or year 0) that PostgreSQL rejects, which would turn a tampered cursor into an error instead of a 400.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) || value.startsWith('0000')) return false;
  const parsed = new Date(value);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString() === value;
}
