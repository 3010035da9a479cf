/**
 * The caller's live changes (`GET /api/events`) — to their tasks and to their lists — as an async iterator. Read with `fetch`, because a
 * browser's EventSource cannot send the Authorization header; every connection asks `getToken()` for a fresh
 * token, and every reconnection sends `Last-Event-ID`, so the server replays what was missed: nothing is lost
 * and nothing comes twice.
 */
import type { components } from './schema.js';
import { SseParser, type SseMessage } from './sse-parser.js';
import { TasksApiError } from './tasks-api-error.js';

export type TaskChange = components['schemas']['TaskChange'];
/** A change to one of the caller's lists: `list` is the list after it, null for `list.deleted`. */
export type ListChange = components['schemas']['ListChange'];

/**
 * The caller's change log was erased (an operator's purge): drop what you hold and load again. The iterator
 * goes on from the next change.
 */
export interface TaskLogReset {
  readonly type: 'reset';
  readonly reason: string;
}

/** Tell them apart by `type`: `task.*`, `list.*`, or `reset`. */
export type TaskStreamEvent = TaskChange | ListChange | TaskLogReset;

export interface FollowTaskEventsOptions {
  /** Start after this change: a change `id`, or a `next_cursor` of `GET /api/tasks/changes`. */
  lastEventId?: string;
  /** Ends the iteration (quietly) and closes the connection. */
  signal?: AbortSignal;
  /** Called each time a connection is open, before its first change: e.g. to show "live" or reload a list. */
  onOpen?: () => void;
  /** Called when a connection is lost and another will be tried in `retryInMs`; `error` is null after a clean end. */
  onDisconnect?: (error: unknown, retryInMs: number) => void;
  /** With nothing at all — not even a heartbeat — for this long, the connection is taken for dead. Default 60 s. */
  idleTimeoutMs?: number;
  /** The longest wait between two attempts after repeated failures. Default 30 s. */
  maxRetryDelayMs?: number;
}

export interface EventStreamConnection {
  readonly baseUrl: string;
  readonly getToken: () => MaybePromise<string | null | undefined>;
  readonly fetch: (request: Request) => Promise<Response>;
}

type MaybePromise<T> = T | Promise<T>;

const DEFAULT_RETRY_MS = 2_000;

/**
 * Yields each change as it commits, reconnecting after network failures, server restarts, 429 and 503 (with
 * backoff) and when the server ends the stream because its token expired. Throws `TasksApiError` for what a
 * retry cannot mend: 401 (sign in again), 400 (`Last-Event-ID` refused: load again from the start).
 */
export async function* followTaskEvents(
  connection: EventStreamConnection,
  options: FollowTaskEventsOptions = {},
): AsyncGenerator<TaskStreamEvent, void, undefined> {
  const { signal, idleTimeoutMs = 60_000, maxRetryDelayMs = 30_000 } = options;
  let lastEventId = options.lastEventId;
  let retryMs = DEFAULT_RETRY_MS;
  let failures = 0;
  while (!signal?.aborted) {
    const token = await connection.getToken();
    const attempt = new AbortController();
    const abortAttempt = () => attempt.abort();
    signal?.addEventListener('abort', abortAttempt, { once: true });
    let failure: unknown = null;
    let retryAfterMs = 0;
    let openedAt: number | null = null;
    const parser = new SseParser(lastEventId);
    try {
      const headers = new Headers({ Accept: 'text/event-stream' });
      if (token) headers.set('Authorization', `Bearer ${token}`);
      if (lastEventId !== undefined) headers.set('Last-Event-ID', lastEventId);
      const response = await connection.fetch(
        new Request(`${connection.baseUrl}/api/events`, { headers, signal: attempt.signal }),
      );
      if (!response.ok || !response.body) {
        const error = await TasksApiError.read(response);
        if (!isTransient(error.status)) throw error;
        failure = error;
        retryAfterMs = (error.retryAfterSeconds ?? 0) * 1000;
      } else {
        openedAt = Date.now();
        failures = 0;
        options.onOpen?.();
        for await (const message of readMessages(response.body, parser, idleTimeoutMs, attempt)) {
          if (message.event === 'reset') {
            // The stream ends after it; the old id would be refused, so go on from the next change.
            lastEventId = undefined;
            yield { type: 'reset', reason: resetReason(message.data) };
            continue;
          }
          const change = parseChange(message.data);
          if (message.hasId) lastEventId = message.lastEventId;
          if (change) yield change;
        }
      }
    } catch (error) {
      if (signal?.aborted) return;
      if (error instanceof TasksApiError) throw error;
      failure = error; // the network, or a connection gone quiet
    } finally {
      signal?.removeEventListener('abort', abortAttempt);
      attempt.abort(); // also when the consumer stops iterating: the connection must not linger
    }
    retryMs = parser.retryMs ?? retryMs;
    let delay: number;
    if (failure === null && openedAt !== null && Date.now() - openedAt >= retryMs) {
      delay = 0; // a long-lived stream the server ended (its token expired, a restart): at once
    } else if (failure === null) {
      delay = retryMs;
    } else {
      failures += 1;
      const backoff = Math.min(maxRetryDelayMs, retryMs * 2 ** (failures - 1)) * (0.8 + Math.random() * 0.4);
      delay = Math.max(retryAfterMs, Math.round(backoff));
    }
    options.onDisconnect?.(failure, delay);
    await sleep(delay, signal);
  }
}

/** 408, 429 and 5xx may pass; everything else is an answer that asking again will not change. */
function isTransient(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

async function* readMessages(
  body: ReadableStream<Uint8Array>,
  parser: SseParser,
  idleTimeoutMs: number,
  attempt: AbortController,
): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  // Cancel the body itself, not only the request: a pending read then ends whatever fetch is in use.
  const cancel = () => void reader.cancel().catch(() => undefined);
  attempt.signal.addEventListener('abort', cancel, { once: true });
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const idle = setTimeout(() => attempt.abort(new Error('The event stream went quiet')), idleTimeoutMs);
      let read: Awaited<ReturnType<typeof reader.read>>;
      try {
        read = await reader.read();
      } finally {
        clearTimeout(idle);
      }
      if (read.done) {
        if (attempt.signal.aborted) throw new Error('The event stream was closed before it ended');
        return;
      }
      for (const message of parser.push(decoder.decode(read.value, { stream: true }))) yield message;
    }
  } finally {
    attempt.signal.removeEventListener('abort', cancel);
    await reader.cancel().catch(() => undefined);
  }
}

/** A change from a message's data; null for data that is not one (the message is skipped, never fatal). */
function parseChange(data: string): TaskChange | ListChange | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.id !== 'string' || typeof candidate.type !== 'string') return null;
  if (typeof candidate.task_id === 'string') return value as TaskChange;
  if (typeof candidate.list_id === 'string') return value as ListChange;
  return null;
}

function resetReason(data: string): string {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && typeof (value as { reason?: unknown }).reason === 'string') {
      return (value as { reason: string }).reason;
    }
  } catch {
    // fall through
  }
  return 'Your change log was erased: load your tasks again';
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
