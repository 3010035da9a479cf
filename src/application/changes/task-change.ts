import type { ListEventType, TaskEventType } from '../../domain/index.js';
import type { ListView } from '../list-view.js';
import { ChangeLogExpiredError, InvalidQueryError } from '../errors.js';
import { isListChange, type LoggedChange, type TaskChangeLogPosition } from '../ports/task-change-log.js';
import type { TaskView } from '../ports/task-read-model.js';

/** A change as clients see it, in the change feed and on the event stream alike. */
export interface TaskChange {
  /** The change's cursor: pass it as `since` or `Last-Event-ID` to continue after this change. */
  id: string;
  type: TaskEventType;
  task_id: string;
  occurred_at: string;
  /** The full task after the change; null for `task.deleted`. */
  task: TaskView | null;
  list_id?: never;
  list?: never;
}

/** A change to one of the user's lists, in the change feed and on the event stream beside task changes. */
export interface ListChange {
  /** The change's cursor, as a task change's: both are numbered in one log. */
  id: string;
  type: ListEventType;
  list_id: string;
  occurred_at: string;
  /** The full list after the change; null for `list.deleted`. */
  list: ListView | null;
  task_id?: never;
  task?: never;
}

const CURSOR_DIGITS = 16; // every safe integer fits
const CURSOR = /^\d{16}$/;

/**
 * The opaque cursor of a position in one user's change log. It is the position as a fixed-width decimal
 * string, so cursors sort as strings in log order; clients should only compare or echo them.
 * `TaskChangeCursor.START` is the position before the first change.
 */
export const TaskChangeCursor = {
  START: '0'.repeat(CURSOR_DIGITS),

  encode(seq: number): string {
    return String(seq).padStart(CURSOR_DIGITS, '0');
  },

  /** The position a cursor names; `what` says in the error which input was bad. */
  decode(cursor: string, what = 'cursor'): number {
    const seq = CURSOR.test(cursor) ? Number(cursor) : NaN;
    if (!Number.isSafeInteger(seq)) throw new InvalidQueryError(`Invalid ${what}`);
    return seq;
  },
};

/**
 * Refuses to resume after a position that is not in the owner's current log. Every cursor we hand out names
 * a committed change, so one beyond the end was never theirs; one at or before a purge's end would skip the
 * erasure and keep erased tasks on the client; one at or before what compaction removed may have missed a
 * removed deletion (`ChangeLogExpiredError`, HTTP 410) — either has to sync again from the start.
 */
export function assertResumable(after: number, position: TaskChangeLogPosition, what: string): void {
  if (after > position.lastSeq) throw new InvalidQueryError(`Invalid ${what}: it is beyond the end of your change log`);
  if (after > 0 && after <= position.erasedThrough) {
    throw new InvalidQueryError(`Invalid ${what}: your change log was erased since; sync again from the beginning`);
  }
  if (after > 0 && after <= position.compactedThrough) throw new ChangeLogExpiredError(`This ${what}`);
}

/** Any entry of the change feed and the event stream: a change to a task or to a list, told apart by `type`. */
export type Change = TaskChange | ListChange;

/** The change as clients see it, from its entry in the log. */
export function toTaskChange(logged: LoggedChange): Change {
  if (isListChange(logged)) {
    return {
      id: TaskChangeCursor.encode(logged.seq),
      type: logged.type,
      list_id: logged.list_id,
      occurred_at: logged.occurred_at,
      list: logged.list,
    };
  }
  return {
    id: TaskChangeCursor.encode(logged.seq),
    type: logged.type,
    task_id: logged.task_id,
    occurred_at: logged.occurred_at,
    task: logged.task,
  };
}
