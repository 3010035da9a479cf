import type { EntityManager } from '@mikro-orm/postgresql';
import type { TaskEvent } from '../../../domain/index.js';
import { toTaskView } from '../../../application/task-view.js';
import { encodeTaskChangeNotification, TASK_CHANGES_CHANNEL } from '../../events/task-change-notification.js';

/**
 * Appends events to the owner's log inside the current transaction (the outbox). Taking the owner's
 * sequence row with an UPDATE serialises that owner's writers, so sequence order is commit order.
 *
 * It also queues a NOTIFY naming the owner and the new last position. PostgreSQL delivers a transaction's
 * notifications only when it commits — after the commit is visible — and drops them on rollback, so a
 * change that rolls back is never announced anywhere, and a listener that reads the log on hearing one
 * finds the change there.
 */
export async function appendTaskEvents(em: EntityManager, events: readonly TaskEvent[]): Promise<void> {
  const byOwner = new Map<string, TaskEvent[]>();
  for (const event of events) byOwner.set(event.ownerId, [...(byOwner.get(event.ownerId) ?? []), event]);
  for (const [ownerId, ownerEvents] of byOwner) {
    const [{ last_seq: lastSeq }] = (await em.execute(
      `insert into task_event_streams (user_id, last_seq) values (?, ?)
       on conflict (user_id) do update set last_seq = task_event_streams.last_seq + excluded.last_seq
       returning last_seq`,
      [ownerId, ownerEvents.length],
    )) as [{ last_seq: string }];
    const firstSeq = Number(lastSeq) - ownerEvents.length + 1;
    const rows = ownerEvents.map((event, index) => [
      ownerId,
      firstSeq + index,
      event.type,
      event.taskId,
      event.occurredAt,
      // Events carry the task in its wire shape, so the change feed hands it out unchanged.
      event.task ? JSON.stringify(toTaskView(event.task)) : null,
    ]);
    await em.execute(
      `insert into task_events (user_id, seq, type, task_id, occurred_at, task) values ${rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      rows.flat(),
    );
    await em.execute('select pg_notify(?, ?)', [
      TASK_CHANGES_CHANNEL,
      encodeTaskChangeNotification({ ownerId, seq: Number(lastSeq) }),
    ]);
  }
}
