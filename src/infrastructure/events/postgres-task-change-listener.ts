import pg from 'pg';
import type { Logger } from '../logging/logger.js';
import type { TaskChangeHub } from './task-change-hub.js';
import { decodeTaskChangeNotifications, TASK_CHANGES_CHANNEL } from './task-change-notification.js';

export interface ListenerBackoff {
  /** Delay before the first reconnection attempt; doubles per failed attempt up to `maxMs`. */
  readonly initialMs: number;
  readonly maxMs: number;
}

// At most two seconds between attempts: once the database is back, streams catch up within seconds, and one
// connection attempt per instance every two seconds costs a recovering database nothing.
const DEFAULT_BACKOFF: ListenerBackoff = { initialMs: 100, maxMs: 2_000 };
const DEFAULT_RECONCILE_EVERY_MS = 2_000;
// Followed owners per reconciling statement.
const RECONCILE_CHUNK = 1000;

/**
 * The instance's one `LISTEN` connection: a dedicated `pg.Client` (a pooled connection cannot hold a
 * LISTEN) that hands every change notification to the hub. When the connection drops it reconnects with
 * exponential backoff and jitter, then tells every subscriber to read the log again, since notifications
 * sent while it was away are gone — the log is not, so nothing is lost.
 *
 * Notifications are sent after each change commits, so one can be lost (the writer died right after its
 * commit). Every few seconds the listener therefore reads where the logs of the owners followed here end,
 * and signals any that grew: a lost notification delays a change by at most that long.
 */
export class PostgresTaskChangeListener {
  private client: pg.Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private failedAttempts = 0;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly connectionString: string,
    private readonly hub: TaskChangeHub,
    private readonly logger: Logger,
    private readonly backoff: ListenerBackoff = DEFAULT_BACKOFF,
    private readonly reconcileEveryMs = DEFAULT_RECONCILE_EVERY_MS,
  ) {}

  /** Connects and listens; fails if the database cannot be reached now. */
  async start(): Promise<void> {
    this.client = await this.connect();
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.reconcileEveryMs);
    this.reconcileTimer.unref();
  }

  get connected(): boolean {
    return this.client !== null;
  }

  /** The PostgreSQL backend serving the LISTEN, while connected. */
  get backendPid(): number | null {
    return (this.client as { processID?: number } | null)?.processID ?? null;
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    this.reconcileTimer = null;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Signals the followed owners where their logs end; streams already there ignore it. */
  private async reconcile(): Promise<void> {
    const client = this.client;
    const owners = this.hub.followedOwners();
    if (!client || owners.length === 0) return;
    try {
      for (let start = 0; start < owners.length; start += RECONCILE_CHUNK) {
        const { rows } = await client.query<{ user_id: string; last_seq: string }>({
          name: 'tasks_api_followed_log_ends',
          text: 'select user_id, last_seq from task_event_streams where user_id = any($1::varchar[])',
          values: [owners.slice(start, start + RECONCILE_CHUNK)],
        });
        for (const row of rows) this.hub.publish(row.user_id, Number(row.last_seq));
      }
    } catch (error) {
      // A lost connection is handled by its own event; anything else is retried on the next round.
      this.logger.debug({ err: error }, 'could not compare followed change logs');
    }
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: 'tasks-api-listener',
      // TCP keep-alive after 10 s idle (not the OS's two hours): a half-open connection, left by a NAT
      // timeout or a failover without a reset, is noticed and replaced instead of silently stalling streams.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 5_000,
    });
    client.on('notification', (message) => {
      if (message.channel !== TASK_CHANGES_CHANNEL) return;
      const notifications = decodeTaskChangeNotifications(message.payload);
      if (notifications) for (const { ownerId, seq, erased } of notifications) this.hub.publish(ownerId, erased ? null : seq);
      else this.logger.warn({ channel: message.channel }, 'ignored a change notification it could not read');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`listen ${TASK_CHANGES_CHANNEL}`);
      return client;
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  private lost(client: pg.Client, error?: Error): void {
    if (this.client !== client) return; // still connecting, or already handled
    this.client = null;
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn({ err: error }, 'change listener lost its database connection; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const ceiling = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** this.failedAttempts);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.reconnectTimer = setTimeout(() => void this.reconnect(), delay);
    this.reconnectTimer.unref();
  }

  private async reconnect(): Promise<void> {
    this.reconnectTimer = null;
    try {
      const client = await this.connect();
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.failedAttempts = 0;
      this.logger.info('change listener reconnected');
      this.hub.publishToAll();
    } catch (error) {
      if (this.stopped) return;
      this.failedAttempts += 1;
      // Through a long outage: the first failure, then about once a minute, rather than every attempt.
      const level = this.failedAttempts % 30 === 1 ? 'warn' : 'debug';
      this.logger[level]({ err: error, attempt: this.failedAttempts }, 'change listener could not reconnect');
      this.scheduleReconnect();
    }
  }
}
