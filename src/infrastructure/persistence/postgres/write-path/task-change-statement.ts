import type { Task, TaskEvent } from '../../../../domain/index.js';
import { toLoggedEvent } from '../../../../application/task-view.js';
import type { Sql } from '../sql-connections.js';
import { advancingStream, appendingEvents } from './change-log-sql.js';
import { taskAtOrAfter } from './sibling-group-sql.js';

/**
 * A change to a task and the events it recorded, as one statement: the change itself (the `task` CTE, which
 * names the version it read), the owner's next sequence numbers and task count (the `stream` CTE, on the
 * owner's `task_event_streams` row) and the events (the outbox). One statement is one atomic step: the events
 * commit with the change or not at all.
 *
 * Taking the owner's sequence row with an upsert serialises that owner's writers until they commit, so
 * sequence order is commit order. An update or a delete takes it after the task row, the order every writer
 * (and a purge) follows, and only if the task matched its row. A create takes it first: the new task goes in
 * only if the row's `task_count` was below the owner's limit, checked on the row as the upsert locks it, so
 * concurrent creates cannot overshoot it together (the new task row is nobody else's to lock).
 *
 * The statement answers the owner's new last position, or no row when nothing was written: the task had
 * moved on since it was read (an update or delete), or the owner is at the limit (a create).
 *
 * `loadedVersion` is the version the task was read at, or null for a task not stored yet (an insert). `atEnd`: the
 * task's position was made after a remembered end of its sibling group (`SiblingGroupEnds`), so the statement also
 * writes nothing if another task of the group sits at or after it.
 */
export function taskChangeStatement(
  task: Task,
  loadedVersion: number | null,
  events: readonly TaskEvent[],
  maxTasksPerUser: number,
  atEnd = false,
): Sql {
  const snapshot = task.snapshot();
  // Events carry the task in its wire shape, so the change feed hands it out unchanged.
  const appended = [JSON.stringify(events.map(toLoggedEvent)), events.length];
  if (task.isDeleted) {
    return { text: DELETE_WITH_EVENTS, values: [snapshot.id, snapshot.ownerId, loadedVersion, ...appended] };
  }
  const state = [
    snapshot.id,
    snapshot.ownerId,
    snapshot.title,
    snapshot.description,
    snapshot.completed,
    snapshot.completedAt?.toISOString() ?? null,
    snapshot.updatedAt.toISOString(),
    snapshot.version,
    snapshot.dueDate,
    // Stored as its rank, so that it sorts by urgency.
    task.priority.rank,
  ];
  // Added with subtasks and manual order, after everything before them.
  const placement = [snapshot.parentId, snapshot.position];
  // Added with labels, after everything before them: the names as spelled and their keys, in the same order.
  const labels = [task.labels.values, task.labels.keys];
  // Added with lists, after everything before them.
  const list = [snapshot.listId];
  // Added with repeats, after everything before them: the rule (or null) and what it counts from.
  const repeat = [snapshot.repeat, snapshot.repeatFrom];
  const topLevel = snapshot.parentId === null ? 'top' : 'under';
  if (loadedVersion === null) {
    return {
      text: atEnd ? INSERT_AT_END_WITH_EVENTS[topLevel] : INSERT_WITH_EVENTS,
      values: [...state, snapshot.createdAt.toISOString(), ...appended, maxTasksPerUser, ...placement, ...labels, ...list, ...repeat],
    };
  }
  return { text: atEnd ? UPDATE_AT_END_WITH_EVENTS[topLevel] : UPDATE_WITH_EVENTS, values: [...state, loadedVersion, ...appended, ...placement, ...labels, ...list, ...repeat] };
}

// $14: the owner's task limit. A first task creates the owner's row; a later one bumps it only below the limit.
// $15, $16: the parent (or null) and the position.
// $17, $18: the labels and their keys.
// $19: the list.
// $20, $21: the repeat rule (or null) and what it counts from.
function insertWithEvents(atEnd?: boolean): string {
  // Written after a remembered end of its group: not at all if a task of the group sits at or after its position.
  const unlessOvertaken = atEnd === undefined ? '' : `where not ${taskAtOrAfter(atEnd, { owner: 2, parent: 15, list: 19 }, 16)}`;
  return `with stream as (
    insert into task_event_streams as s (user_id, last_seq, task_count)
    select $2::varchar, $13::int, 1 ${unlessOvertaken}
    on conflict (user_id) do update set last_seq = s.last_seq + excluded.last_seq, task_count = s.task_count + 1
      where s.task_count < $14::int
    returning user_id, last_seq
  ), task as (
    insert into tasks (id, user_id, title, description, completed, completed_at, updated_at, version, due_date, priority, created_at,
                       parent_id, position, labels, label_keys, list_id, repeat, repeat_from)
    select $1::uuid, user_id, $3::text, $4::text, $5::boolean, $6::timestamptz, $7::timestamptz, $8::int, $9::date, $10::smallint,
           $11::timestamptz, $15::uuid, $16::text, $17::text[], $18::text[], $19::uuid, $20::text, $21::text
    from stream
  ), ${appendingEvents('task', 12, 13)}
  select last_seq from stream`;
}
const INSERT_WITH_EVENTS = insertWithEvents();
const INSERT_AT_END_WITH_EVENTS = { top: insertWithEvents(true), under: insertWithEvents(false) };

// $14, $15: the parent (or null) and the position. $16, $17: the labels and their keys. $18: the list.
// $19, $20: the repeat rule (or null) and what it counts from.
function updateWithEvents(atEnd?: boolean): string {
  const unlessOvertaken = atEnd === undefined ? '' : ` and not ${taskAtOrAfter(atEnd, { owner: 2, parent: 14, list: 18 }, 15, 1)}`;
  return `with task as (
    update tasks set title = $3, description = $4, completed = $5, completed_at = $6, updated_at = $7, version = $8,
      due_date = $9, priority = $10, parent_id = $14::uuid, position = $15::text, labels = $16::text[], label_keys = $17::text[],
      list_id = $18::uuid, repeat = $19::text, repeat_from = $20::text
    where id = $1 and user_id = $2 and version = $11${unlessOvertaken}
    returning user_id
  ), ${advancingStream('task', 13, '')}, ${appendingEvents('task', 12, 13)}
  select last_seq from stream`;
}
const UPDATE_WITH_EVENTS = updateWithEvents();
const UPDATE_AT_END_WITH_EVENTS = { top: updateWithEvents(true), under: updateWithEvents(false) };

const DELETE_WITH_EVENTS = `with task as (
    delete from tasks where id = $1 and user_id = $2 and version = $3
    returning user_id
  ), ${advancingStream('task', 5, ', task_count = s.task_count - 1')}, ${appendingEvents('task', 4, 5)}
  select last_seq from stream`;
