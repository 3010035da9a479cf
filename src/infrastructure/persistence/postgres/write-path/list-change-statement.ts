import type { ListEvent, TaskList } from '../../../../domain/index.js';
import { toLoggedListEvent } from '../../../../application/list-view.js';
import type { Sql } from '../sql-connections.js';
import { advancingStream, appendingEvents } from './change-log-sql.js';

/**
 * A change to a list and the events it recorded, as one statement, as `taskChangeStatement` writes a task's
 * (docs/develop/adr/0001-task-write-path.md): the change, the owner's next sequence numbers and list count (on
 * their `task_event_streams` row), and the events in the change log.
 *
 * A new list goes in only while the owner has fewer than `maxListsPerUser` lists and no list of that name in
 * any case, both checked on the owner's row as the upsert locks it. A rename goes through only if no other list
 * of the owner has the name. Every statement answers one row: `last_seq`, the owner's new last position (null
 * when nothing was written), and `name_taken`, whether another list of the owner has the list's name — so that
 * a refusal says why. Two writers racing for one name are kept apart by the unique index on `lower(name)`.
 *
 * `loadedVersion` is the version the list was read at, or null for a list not stored yet (an insert).
 */
export function listChangeStatement(list: TaskList, loadedVersion: number | null, events: readonly ListEvent[], maxListsPerUser: number): Sql {
  const snapshot = list.snapshot();
  const appended = [JSON.stringify(events.map(toLoggedListEvent)), events.length];
  if (list.isDeleted) {
    return { text: DELETE_WITH_EVENTS, values: [snapshot.id, snapshot.ownerId, loadedVersion, ...appended] };
  }
  const state = [snapshot.id, snapshot.ownerId, snapshot.name, snapshot.position, snapshot.updatedAt.toISOString(), snapshot.version];
  if (loadedVersion === null) {
    return {
      text: INSERT_WITH_EVENTS,
      values: [...state, snapshot.isInbox, snapshot.createdAt.toISOString(), ...appended, maxListsPerUser],
    };
  }
  return { text: UPDATE_WITH_EVENTS, values: [...state, loadedVersion, ...appended] };
}

/** Another list of the owner `$2` has the name `$3` (not the list `$1` itself). */
const NAME_TAKEN = `exists (select 1 from task_lists o where o.user_id = $2::text and lower(o.name) = lower($3::text) and o.id <> $1::uuid)`;

// $1 id, $2 owner, $3 name, $4 position, $5 updated_at, $6 version, $7 is_inbox, $8 created_at, $9 events, $10 their
// count, $11 the owner's list limit.
const INSERT_WITH_EVENTS = `with stream as (
    insert into task_event_streams as s (user_id, last_seq, list_count)
    select $2::text, $10::int, 1 where not ${NAME_TAKEN}
    on conflict (user_id) do update set last_seq = s.last_seq + excluded.last_seq, list_count = s.list_count + 1
      where s.list_count < $11::int
    returning user_id, last_seq
  ), list as (
    insert into task_lists (id, user_id, name, is_inbox, position, created_at, updated_at, version)
    select $1::uuid, user_id, $3::text, $7::boolean, $4::text, $8::timestamptz, $5::timestamptz, $6::int
    from stream
  ), ${appendingEvents('list', 9, 10)}
  select (select last_seq from stream) as last_seq, ${NAME_TAKEN} as name_taken`;

// $1 id, $2 owner, $3 name, $4 position, $5 updated_at, $6 version, $7 the version read, $8 events, $9 their count.
const UPDATE_WITH_EVENTS = `with list as (
    update task_lists set name = $3, position = $4, updated_at = $5, version = $6
    where id = $1::uuid and user_id = $2::text and version = $7 and not ${NAME_TAKEN}
    returning user_id
  ), ${advancingStream('list', 9, '')}, ${appendingEvents('list', 8, 9)}
  select (select last_seq from stream) as last_seq, ${NAME_TAKEN} as name_taken`;

// $1 id, $2 owner, $3 the version read, $4 events, $5 their count.
const DELETE_WITH_EVENTS = `with list as (
    delete from task_lists where id = $1::uuid and user_id = $2::text and version = $3
    returning user_id
  ), ${advancingStream('list', 5, ', list_count = s.list_count - 1')}, ${appendingEvents('list', 4, 5)}
  select (select last_seq from stream) as last_seq, false as name_taken`;

/**
 * The owner's inbox, made if they have none (`$1` id, `$2` owner, `$3` name, `$4` position, `$5` time, `$6` its
 * `list.created` event as a one-element JSON array, `$7` = 1): concurrent first requests all insert, the partial unique index on the inbox keeps one
 * and the others do nothing. Only the insert that happened counts the list and logs its event. Answers the
 * owner's new last position, or no row when the inbox was there already.
 */
export const INBOX_IF_MISSING = `with list as (
    insert into task_lists (id, user_id, name, is_inbox, position, created_at, updated_at, version)
    values ($1::uuid, $2::text, $3::text, true, $4::text, $5::timestamptz, $5::timestamptz, 1)
    on conflict (user_id) where is_inbox do nothing
    returning user_id
  ), stream as (
    insert into task_event_streams as s (user_id, last_seq, list_count)
    select user_id, 1, 1 from list
    on conflict (user_id) do update set last_seq = s.last_seq + 1, list_count = s.list_count + 1
    returning user_id, last_seq
  ), ${appendingEvents('list', 6, 7)}
  select last_seq from stream`;
