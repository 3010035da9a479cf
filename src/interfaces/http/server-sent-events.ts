import type { ServerResponse } from 'node:http';
import type { Context } from 'koa';
import type { Change } from '../../application/changes/task-change.js';
import type { TaskChangeStream, TaskChangeStreamReset } from '../../application/changes/task-change-streams.js';
import type { Logger } from '../../infrastructure/logging/logger.js';
import { HttpProblem } from './problem.js';

export interface EventStreamSettings {
  /** How often a comment line goes out, so proxies and clients see the stream is alive (contract: ≤ 25 s). */
  heartbeatMs: number;
  /** Unsent bytes a stream may queue for a client before it stops reading the log and waits. */
  maxBufferedBytes: number;
  /** How long a stream waits for a backed-up client to read before ending it; the client resumes with Last-Event-ID. */
  drainTimeoutMs: number;
  /** Open streams one user may hold on one instance; more is 429. */
  maxStreamsPerUser: number;
  /** The reconnection delay suggested to EventSource-style clients (`retry:`). */
  retryMs: number;
}

export const DEFAULT_EVENT_STREAM_SETTINGS: EventStreamSettings = {
  heartbeatMs: 15_000,
  maxBufferedBytes: 256 * 1024,
  drainTimeoutMs: 30_000,
  maxStreamsPerUser: 16,
  retryMs: 2_000,
};

export const EVENT_STREAM_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // `no-transform`: no proxy may compress or rewrite the stream; `private`: it is one user's data.
  'Cache-Control': 'private, no-cache, no-transform',
  // nginx and friends would otherwise buffer the stream and deliver events in bursts.
  'X-Accel-Buffering': 'no',
} as const;

/**
 * Every open `text/event-stream` response of this instance: it serves each one and, on shutdown, ends
 * them all so the server can close (clients reconnect elsewhere with `Last-Event-ID`).
 */
export class EventStreamConnections {
  private readonly open = new Set<ServerSentEvents>();
  private readonly perUser = new Map<string, number>();
  private closing = false;

  constructor(
    readonly settings: EventStreamSettings,
    private readonly logger: Logger,
  ) {}

  /** How many streams are open right now. */
  get size(): number {
    return this.open.size;
  }

  /**
   * Opens the stream (its errors still become problem+json: no byte is sent before it is open), then sends
   * its changes as SSE messages until the client leaves, the stream fails, or the server stops.
   */
  async serve(
    ctx: Context,
    userId: string,
    openStream: () => Promise<TaskChangeStream>,
    credentialsExpireAt?: Date,
  ): Promise<void> {
    if (this.closing) throw new HttpProblem(503, 'The server is shutting down; reconnect', { 'Retry-After': '1' });
    const streams = this.perUser.get(userId) ?? 0;
    if (streams >= this.settings.maxStreamsPerUser) {
      throw new HttpProblem(429, `At most ${this.settings.maxStreamsPerUser} open event streams per user`, { 'Retry-After': '10' });
    }
    this.perUser.set(userId, streams + 1);
    try {
      const stream = await openStream();
      if (this.closing) {
        stream.close();
        throw new HttpProblem(503, 'The server is shutting down; reconnect', { 'Retry-After': '1' });
      }
      const events = new ServerSentEvents(ctx.res, this.settings);
      events.onClose(() => stream.close());
      // A stream is authorised by the token it was opened with, and only for as long as that token is valid:
      // then it ends, and the client reconnects (with Last-Event-ID) presenting a fresh one.
      const expiry = credentialsExpireAt ? setTimeout(() => events.end(), cappedDelay(credentialsExpireAt)) : null;
      events.onClose(() => expiry && clearTimeout(expiry));
      this.open.add(events);
      try {
        ctx.respond = false; // Koa must neither buffer nor end this response: it is written as it goes.
        ctx.status = 200;
        events.start();
        await stream.run({ write: (change) => events.send(change), reset: (reason) => events.reset(reason) });
      } catch (error) {
        // The client reconnects with Last-Event-ID and the log still holds everything.
        ctx.state.log?.warn({ err: error }, 'event stream ended by an error');
      } finally {
        events.end();
        stream.close();
        this.open.delete(events);
      }
    } finally {
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left > 0) this.perUser.set(userId, left);
      else this.perUser.delete(userId);
    }
  }

  /** Ends every open stream and refuses new ones. */
  closeAll(): void {
    this.closing = true;
    if (this.open.size > 0) this.logger.info({ streams: this.open.size }, 'ending open event streams');
    for (const events of [...this.open]) events.end();
  }
}

/** The wire side of one event stream: frames, heartbeats and back-pressure on one HTTP response. */
export class ServerSentEvents {
  private ended = false;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly response: ServerResponse,
    private readonly settings: Pick<EventStreamSettings, 'heartbeatMs' | 'maxBufferedBytes' | 'drainTimeoutMs' | 'retryMs'>,
  ) {
    // The client may have left while the stream was being opened: then 'close' has already been emitted.
    if (response.destroyed) this.stopped();
    else response.once('close', () => this.stopped());
  }

  start(): void {
    if (this.ended) return; // the client left while the stream was being opened
    this.response.socket?.setNoDelay(true);
    this.response.writeHead(200, EVENT_STREAM_HEADERS);
    this.response.write(`retry: ${this.settings.retryMs}\n\n`);
    this.heartbeat = setInterval(() => this.comment('heartbeat'), this.settings.heartbeatMs);
  }

  /** Calls `listener` once, when the stream ends for any reason. */
  onClose(listener: () => void): void {
    if (this.ended) listener();
    else this.closeListeners.push(listener);
  }

  /**
   * Writes one message. Resolves at once while little is queued; otherwise once the client has read it,
   * or — if it has not within `drainTimeoutMs` — after cutting the client off. Never rejects.
   */
  send(change: Change): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.response.write(`id: ${change.id}\nevent: ${change.type}\ndata: ${JSON.stringify(change)}\n\n`);
    return this.response.writableLength > this.settings.maxBufferedBytes ? this.waitForDrain() : Promise.resolve();
  }

  /**
   * Tells the client that it cannot carry on from what it was sent — erased by a purge, or compacted away
   * before it could be sent: it should drop what it holds and sync again from the start. Then ends the
   * stream. Carries no id, so a reconnect still names the last change it received — and is refused.
   */
  reset(reason: TaskChangeStreamReset = 'erased'): void {
    if (this.ended) return;
    const data = { reason: RESET_REASONS[reason] };
    // Ends gracefully even when the client is behind: this last message must arrive.
    this.response.end(`event: reset\ndata: ${JSON.stringify(data)}\n\n`);
    this.stopped();
  }

  /** A comment line; skipped while the client is behind, since it would only add to the queue. */
  comment(text: string): void {
    if (!this.ended && this.response.writableLength < this.settings.maxBufferedBytes) this.response.write(`: ${text}\n\n`);
  }

  /**
   * Ends the response: cleanly when the client has read everything (it sees the stream end and reconnects),
   * by dropping the connection when it is behind — waiting for it would hold up shutdown, and it resumes
   * from the last change it did receive anyway.
   */
  end(): void {
    if (this.ended) return;
    if (this.response.writableLength > 0) this.response.destroy();
    else this.response.end();
    this.stopped();
  }

  private waitForDrain(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.response.off('drain', done);
        this.response.off('close', done);
        resolve();
      };
      // Too slow, or gone without a word: drop the connection rather than queue without end.
      const timer = setTimeout(() => {
        this.response.destroy();
        this.stopped();
        done();
      }, this.settings.drainTimeoutMs);
      this.response.once('drain', done);
      this.response.once('close', done);
    });
  }

  private stopped(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}

const RESET_REASONS: Record<TaskChangeStreamReset, string> = {
  erased: 'Your change log was erased; drop local data and sync again from the beginning',
  compacted: 'Changes after the last one you received were compacted away; drop local data and sync again from the beginning',
};

/** Milliseconds until `when`, within what a Node timer can hold (about 24.8 days). */
function cappedDelay(when: Date): number {
  return Math.min(Math.max(0, when.getTime() - Date.now()), 2 ** 31 - 1);
}
