import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserDataFootprint } from '../../../application/ports/task-admin-read-model.js';
import type { UserTaskErasure } from '../../../application/ports/user-task-erasure.js';
import { encodeTaskChangeNotification, TASK_CHANGES_CHANNEL } from '../../events/task-change-notification.js';

/**
 * Erases one owner's rows from `tasks`, `task_events` and `idempotency_keys` (whose saved answers hold task
 * data too) inside the current unit of work, and marks their change log erased up to its end. The order matters while the owner's
 * commands may still be running:
 *  1. tasks first — writers lock a task row before the stream row, and so do we: no deadlock;
 *  2. lock the stream row, creating it if the owner has none yet — from here until commit, every writer of
 *     this owner waits at its event append, and one that got there first has committed;
 *  3. the events — now every committed one;
 *  4. tasks again — those committed between steps 1 and 2 would otherwise outlive their events;
 *  5. mark the log erased up to its end, and erase the idempotency keys last, as a writer records its
 *     answer after its events.
 * A writer held up at step 2 commits after the erasure, and its task and events survive together.
 */
export class MikroOrmUserTaskErasure implements UserTaskErasure {
  constructor(private readonly em: EntityManager) {}

  async erase(ownerId: string): Promise<UserDataFootprint> {
    let tasks = await this.delete('tasks', ownerId);
    await this.em.execute(
      `insert into task_event_streams (user_id, last_seq) values (?, 0)
       on conflict (user_id) do update set last_seq = task_event_streams.last_seq`,
      [ownerId],
      'run',
    );
    const events = await this.delete('task_events', ownerId);
    tasks += await this.delete('tasks', ownerId);
    // Keep counting the owner's changes (the row holds only the id and two numbers): sync clients holding a
    // cursor from before the purge are then told to start over instead of silently skipping what comes next.
    const [stream] = await this.em.execute<{ last_seq: string }[]>(
      'update task_event_streams set erased_through = last_seq where user_id = ? returning last_seq',
      [ownerId],
    );
    // Delivered on commit only: open event streams of the owner learn that what they sent was erased.
    await this.em.execute('select pg_notify(?, ?)', [
      TASK_CHANGES_CHANNEL,
      encodeTaskChangeNotification({ ownerId, seq: Number(stream?.last_seq ?? 0), erased: true }),
    ]);
    await this.delete('idempotency_keys', ownerId);
    return { tasks, events };
  }

  private async delete(table: 'tasks' | 'task_events' | 'idempotency_keys', ownerId: string): Promise<number> {
    const result = await this.em.execute<{ affectedRows: number }>(`delete from ${table} where user_id = ?`, [ownerId], 'run');
    return result.affectedRows;
  }
}
