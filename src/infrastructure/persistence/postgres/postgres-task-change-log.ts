import type { ListView } from '../../../application/list-view.js';
import type { LoggedChange, LoggedListChange, LoggedTaskChange, TaskChangeLog, TaskChangeLogPosition } from '../../../application/ports/task-change-log.js';
import type { TaskView } from '../../../application/ports/task-read-model.js';
import { Position } from '../../../domain/index.js';
import { isoTimestamp } from './sql-timestamp.js';
import type { SqlSession } from './write-path/sql-session.js';

/**
 * A task as an event holds it: events recorded before tasks had due dates and priorities, subtasks and order, or
 * labels, or repeats, lack them.
 */
type OptionalField = 'due_date' | 'priority' | 'parent_id' | 'position' | 'labels' | 'repeat' | 'repeat_from';
type StoredTask = Omit<TaskView, OptionalField> & Partial<Pick<TaskView, OptionalField>>;

/** A row names a task or a list, never both (`task_events_names_task_or_list`). */
type EventRow = { seq: string; occurred_at: string } & (
  | { type: LoggedTaskChange['type']; task_id: string; task: StoredTask | null; list_id: null; list: null }
  | { type: LoggedListChange['type']; task_id: null; task: null; list_id: string; list: ListView | null }
);

/**
 * Reads `task_events`, the log the repositories append to in each change's transaction: the changes to the
 * owner's tasks and to their lists, in one sequence. Each user's events are numbered by `seq` in commit order, and `(user_id, seq)` is the primary key, so reading
 * "after seq N" is one index range scan however long the log is.
 */
export class PostgresTaskChangeLog implements TaskChangeLog {
  constructor(private readonly session: SqlSession) {}

  async readAfter(ownerId: string, afterSeq: number, limit: number): Promise<LoggedChange[]> {
    const rows = await this.session.query<EventRow>({ text: READ_AFTER, values: [ownerId, afterSeq, limit] });
    return rows.map((row): LoggedChange => {
      const seq = Number(row.seq);
      if (row.task_id === null) {
        return { seq, type: row.type, list_id: row.list_id, occurred_at: row.occurred_at, list: row.list && listInWireOrder(row.list) };
      }
      return { seq, type: row.type, task_id: row.task_id, occurred_at: row.occurred_at, task: row.task && inWireOrder(row.task) };
    });
  }

  async position(ownerId: string): Promise<TaskChangeLogPosition> {
    const [row] = await this.session.query<{ last_seq: string; erased_through: string; compacted_through: string }>({ text: POSITION, values: [ownerId] });
    return {
      lastSeq: Number(row?.last_seq ?? 0),
      erasedThrough: Number(row?.erased_through ?? 0),
      compactedThrough: Number(row?.compacted_through ?? 0),
    };
  }
}

const READ_AFTER = `select seq, type, task_id, list_id, ${isoTimestamp('occurred_at')} as occurred_at, task, list
  from task_events where user_id = $1 and seq > $2 order by seq limit $3`;
const POSITION = 'select last_seq, erased_through, compacted_through from task_event_streams where user_id = $1';

/**
 * jsonb keeps keys in its own order; hand the task out with its fields in the order of every other response.
 * A task from before due dates and priorities existed had neither: no due date, priority `none`. One from before
 * subtasks and manual order was on the top level; the migration that brought them wrote each remaining task's
 * position into its events, and a task deleted before then sits at the first position. One from before labels had none;
 * one from before repeats did not repeat.
 */
function inWireOrder(task: StoredTask): TaskView {
  const { id, user_id, title, description, due_date = null, priority = 'none' } = task;
  // The migration that brought lists wrote each remaining task's list into its events; a task deleted before
  // then was in no list (null).
  const list_id = task.list_id ?? (null as unknown as string);
  const { completed, completed_at, parent_id = null, position = Position.first().value } = task;
  const { labels = [], repeat = null, repeat_from = 'due', created_at, updated_at, version } = task;
  return {
    id,
    user_id,
    title,
    description,
    due_date,
    priority,
    completed,
    completed_at,
    list_id,
    parent_id,
    position,
    labels,
    repeat,
    repeat_from,
    created_at,
    updated_at,
    version,
  };
}

/** The list with its fields in the order of every other response. */
function listInWireOrder(list: ListView): ListView {
  const { id, name, is_inbox, position, created_at, updated_at, version } = list;
  return { id, name, is_inbox, position, created_at, updated_at, version };
}
