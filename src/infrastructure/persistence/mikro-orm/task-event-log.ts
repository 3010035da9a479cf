import type { Task, TaskEvent } from '../../../domain/index.js';
import { toTaskView } from '../../../application/task-view.js';
import type { Sql } from './sql-session.js';

/**
 * A change to a task and the events it recorded, as one statement: the change itself (the `task` CTE, which
 * names the version it read), then — only if it matched its row — the owner's next sequence numbers and the
 * events (the outbox). One statement is one atomic step: the events commit with the change or not at all.
 *
 * Taking the owner's sequence row with an upsert serialises that owner's writers until they commit, so
 * sequence order is commit order. The row is taken after the task row, the order every writer (and a
 * purge) follows. The statement answers the owner's new last position, or no row when the task had moved
 * on since it was read.
 */
export function taskChangeStatement(task: Task, events: readonly TaskEvent[]): Sql {
  const snapshot = task.snapshot();
  const appended = [
    JSON.stringify(
      events.map((event) => ({
        type: event.type,
        task_id: event.taskId,
        occurred_at: event.occurredAt.toISOString(),
        // Events carry the task in its wire shape, so the change feed hands it out unchanged.
        task: event.task ? toTaskView(event.task) : null,
      })),
    ),
    events.length,
  ];
  if (task.isDeleted) {
    return { text: DELETE_WITH_EVENTS, values: [snapshot.id, snapshot.ownerId, task.loadedVersion, ...appended] };
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
  if (task.loadedVersion === 0) {
    return { text: INSERT_WITH_EVENTS, values: [...state, snapshot.createdAt.toISOString(), ...appended] };
  }
  return { text: UPDATE_WITH_EVENTS, values: [...state, task.loadedVersion, ...appended] };
}

/** The events' part of each statement: `$events` is a JSON array of the events, `$count` its length. */
function appendingEvents(events: number, count: number): string {
  return `stream as (
    insert into task_event_streams as s (user_id, last_seq)
    select user_id, $${count}::int from task
    on conflict (user_id) do update set last_seq = s.last_seq + excluded.last_seq
    returning user_id, last_seq
  ), appended as (
    insert into task_events (user_id, seq, type, task_id, occurred_at, task)
    select stream.user_id, stream.last_seq - $${count}::int + e.position, e.event->>'type', (e.event->>'task_id')::uuid,
           (e.event->>'occurred_at')::timestamptz, nullif(e.event->'task', 'null'::jsonb)
    from stream, jsonb_array_elements($${events}::jsonb) with ordinality as e(event, position)
  )
  select last_seq from stream`;
}

const INSERT_WITH_EVENTS = `with task as (
    insert into tasks (id, user_id, title, description, completed, completed_at, updated_at, version, due_date, priority, created_at)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
    returning user_id
  ), ${appendingEvents(12, 13)}`;

const UPDATE_WITH_EVENTS = `with task as (
    update tasks set title = $3, description = $4, completed = $5, completed_at = $6, updated_at = $7, version = $8,
      due_date = $9, priority = $10
    where id = $1 and user_id = $2 and version = $11
    returning user_id
  ), ${appendingEvents(12, 13)}`;

const DELETE_WITH_EVENTS = `with task as (
    delete from tasks where id = $1 and user_id = $2 and version = $3
    returning user_id
  ), ${appendingEvents(4, 5)}`;
