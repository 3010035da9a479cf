import type { Logger } from '../logging/logger.js';
import type { SqlSession } from '../persistence/postgres/write-path/sql-session.js';
import { encodeTaskChangeNotifications, TASK_CHANGES_CHANNEL } from './task-change-notification.js';

const NOTIFY = `select pg_notify($1, payload) from unnest($2::text[]) as payload`;
/** The least time between two notifying statements. */
const DEFAULT_MIN_INTERVAL_MS = 10;

/**
 * Tells every instance (through PostgreSQL `NOTIFY`) that an owner's change log grew, once the change has
 * committed. Sending it outside the change's own transaction matters: a transaction that notifies holds a
 * database-wide lock through its commit, which would put every write of every user in single file.
 *
 * Changes committed while a notification is on its way, or within `minIntervalMs` of the last one, are coalesced
 * into the next: one statement, each owner once with their latest position, as many owners to a payload as fit
 * (`encodeTaskChangeNotifications`): every instance's listener hears every payload, so one per owner would cost each
 * instance a message per write of the whole cluster. A change after a quiet spell goes out at once (on the next turn
 * of the event loop); under load there is at most one statement per interval. Each notifying statement is a
 * transaction of its own that PostgreSQL commits and flushes to its write-ahead log, under a lock every notifying
 * commit takes. Sent back to back under load, they cost creates and completions about a sixth
 * of their throughput (docs/develop/performance.md); one per 10 ms delays a stream by at most 10 ms.
 *
 * A notification that never goes out (the process died after the commit, or the database went away) loses
 * nothing: streams read the log, and each instance's listener also compares its followers' positions with the log
 * every few seconds (`PostgresTaskChangeListener`).
 */
export class TaskChangeNotifier {
  private pending = new Map<string, number>();
  private sending: Promise<void> | null = null;
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly session: SqlSession,
    private readonly logger?: Logger,
    private readonly minIntervalMs = DEFAULT_MIN_INTERVAL_MS,
  ) {}

  /** The owner's log now ends at `seq`, committed. */
  changed(ownerId: string, seq: number): void {
    this.pending.set(ownerId, Math.max(seq, this.pending.get(ownerId) ?? 0));
    this.sending ??= this.send();
  }

  /** Resolves once every notification queued so far has been sent (or given up on). */
  async flush(): Promise<void> {
    while (this.sending) await this.sending;
  }

  private async send(): Promise<void> {
    // Let the changes committing in this turn of the event loop join the batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.pending.size > 0) {
      // Sent no sooner than the interval after the last one; what commits meanwhile joins this batch.
      const wait = this.lastSentAt + this.minIntervalMs - performance.now();
      if (wait > 0) await new Promise<void>((resolve) => setTimeout(resolve, wait));
      this.lastSentAt = performance.now();
      const batch = this.pending;
      this.pending = new Map();
      const payloads = encodeTaskChangeNotifications(batch);
      try {
        await this.session.query({ text: NOTIFY, values: [TASK_CHANGES_CHANNEL, payloads] });
      } catch (error) {
        this.logger?.warn({ err: error, owners: batch.size }, 'could not send change notifications; listeners will catch up from the log');
      }
    }
    this.sending = null;
  }
}
