/**
 * The change log's part of the one-statement writes of tasks (`task-change-statement.ts`) and lists
 * (`list-change-statement.ts`): each change names its subject — a task or a list — in the statement's CTE of that
 * name, its column in `task_events` (`task_id`/`list_id`) and its state there (`task`/`list`).
 */
export type LoggedSubject = 'task' | 'list';

/** The events' part of a statement: `$events` is a JSON array of the subject's events, `$count` its length. */
export function appendingEvents(subject: LoggedSubject, events: number, count: number): string {
  return `appended as (
    insert into task_events (user_id, seq, type, ${subject}_id, occurred_at, ${subject})
    select stream.user_id, stream.last_seq - $${count}::int + e.position, e.event->>'type', (e.event->>'${subject}_id')::uuid,
           (e.event->>'occurred_at')::timestamptz, nullif(e.event->'${subject}', 'null'::jsonb)
    from stream, jsonb_array_elements($${events}::jsonb) with ordinality as e(event, position)
  )`;
}

/**
 * The owner's row after a change to an existing task or list (the statement's CTE named `subject`): `$count` more
 * events, and `countChange` for the owner's count of them (empty, or `, task_count = s.task_count - 1` and the like).
 */
export function advancingStream(subject: LoggedSubject, count: number, countChange: string): string {
  return `stream as (
    insert into task_event_streams as s (user_id, last_seq)
    select user_id, $${count}::int from ${subject}
    on conflict (user_id) do update set last_seq = s.last_seq + excluded.last_seq${countChange}
    returning user_id, last_seq
  )`;
}
