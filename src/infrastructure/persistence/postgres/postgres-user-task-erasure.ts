import type { UserDataFootprint } from '../../../application/ports/task-admin-read-model.js';
import type { UserTaskErasure } from '../../../application/ports/user-task-erasure.js';
import { encodeTaskChangeNotification, TASK_CHANGES_CHANNEL } from '../../events/task-change-notification.js';
import type { SqlScope } from './write-path/sql-session.js';

/**
 * Erases one owner's rows from `tasks`, `task_lists`, `task_events` and `idempotency_keys` (whose saved answers
 * hold task data too) inside the unit of work it is bound to (`within`), and marks their change log erased up to
 * its end. The order matters while the owner's commands may still be running:
 *  1. tasks first — writers that change a task lock its row before the stream row, and so do we: no
 *     deadlock (a create takes the stream row first, but its new task row is nobody else's to lock);
 *  2. lock the stream row, creating it if the owner has none yet — from here until commit, every writer of
 *     this owner waits at its event append (a create, at its start), and one that got there first has committed;
 *  3. the events — now every committed one;
 *  4. tasks again — those committed between steps 1 and 2 would otherwise outlive their events — then the
 *     lists, which no task names any more (a list's writer, like a create, takes the stream row first);
 *  5. mark the log erased up to its end and the owner's task and list counts back to 0, and erase the
 *     idempotency keys last, as a writer records its answer after its events.
 * A writer held up at step 2 commits after the erasure, and its task and events survive together (and count).
 */
export class PostgresUserTaskErasure implements UserTaskErasure {
  constructor(private readonly session: SqlScope) {}

  /** The erasure inside one unit of work, which it turns into one transaction. */
  within(unit: SqlScope): PostgresUserTaskErasure {
    return new PostgresUserTaskErasure(unit);
  }

  async erase(ownerId: string): Promise<UserDataFootprint> {
    // Every step below must hold what the one before it locked: one transaction.
    await this.session.transaction();
    let tasks = await this.delete('tasks', ownerId);
    await this.session.query({
      text: `insert into task_event_streams (user_id, last_seq) values ($1, 0)
       on conflict (user_id) do update set last_seq = task_event_streams.last_seq`,
      values: [ownerId],
    });
    const events = await this.delete('task_events', ownerId);
    tasks += await this.delete('tasks', ownerId);
    await this.delete('task_lists', ownerId);
    // Keep counting the owner's changes (the row holds only the id and a few numbers): sync clients holding a
    // cursor from before the purge are then told to start over instead of silently skipping what comes next.
    const [stream] = await this.session.query<{ last_seq: string; lists: number }>({
      text: `update task_event_streams s set erased_through = s.last_seq, task_count = 0, list_count = 0
             from (select list_count from task_event_streams where user_id = $1) counted
             where s.user_id = $1 returning s.last_seq, counted.list_count as lists`,
      values: [ownerId],
    });
    // Delivered on commit only: open event streams of the owner learn that what they sent was erased.
    await this.session.query({
      text: 'select pg_notify($1, $2)',
      values: [TASK_CHANGES_CHANNEL, encodeTaskChangeNotification({ ownerId, seq: Number(stream?.last_seq ?? 0), erased: true })],
    });
    await this.delete('idempotency_keys', ownerId);
    return { tasks, lists: stream?.lists ?? 0, events };
  }

  private async delete(table: 'tasks' | 'task_lists' | 'task_events' | 'idempotency_keys', ownerId: string): Promise<number> {
    const [row] = await this.session.query<{ deleted: number }>({
      text: `with deleted as (delete from ${table} where user_id = $1 returning 1) select count(*)::int as deleted from deleted`,
      values: [ownerId],
    });
    return row?.deleted ?? 0;
  }
}
