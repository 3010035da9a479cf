/**
 * A Server-Sent Events client for tests, built the way a browser app without EventSource would: `fetch`
 * with the Authorization header, reading `id`/`event`/`data` frames from the body stream.
 */
export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
}

export interface SseConnectOptions {
  lastEventId?: string;
  headers?: Record<string, string>;
}

export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  retry: number | undefined;
  /** The whole body, when the answer was not an event stream (an error). */
  text = '';
  /** The id of the last message received: what a reconnect sends as Last-Event-ID. */
  lastEventId: string | undefined;
  /** Settles when the server ends the stream or the connection drops. */
  readonly ended: Promise<void>;
  private ends = false;
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    this.ended = this.read().finally(() => {
      this.ends = true;
      this.wake();
    });
  }

  static async connect(url: string, token: string | null, options: SseConnectOptions = {}): Promise<SseClient> {
    const headers: Record<string, string> = { Accept: 'text/event-stream', ...options.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.lastEventId !== undefined) headers['Last-Event-ID'] = options.lastEventId;
    const abort = new AbortController();
    const response = await fetch(url, { headers, signal: abort.signal });
    return new SseClient(response, abort);
  }

  get status(): number {
    return this.response.status;
  }

  get isEnded(): boolean {
    return this.ends;
  }

  /** The body of an answer that was not an event stream, parsed as JSON. */
  async problem(): Promise<any> {
    await this.ended;
    return JSON.parse(this.text);
  }

  /** The messages' data parsed as JSON. */
  get changes(): any[] {
    return this.messages.map((message) => JSON.parse(message.data));
  }

  /** Waits until `condition` holds (checked on every frame), failing after `timeoutMs`. */
  async until(condition: (client: SseClient) => boolean, timeoutMs = 2000, what = 'the expected events'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition(this)) {
      const left = deadline - Date.now();
      if (left <= 0 || this.ends) {
        throw new Error(`Timed out waiting for ${what}; got ${this.messages.length} messages${this.ends ? ' and the stream ended' : ''}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  untilMessages(count: number, timeoutMs = 2000): Promise<void> {
    return this.until((client) => client.messages.length >= count, timeoutMs, `${count} messages`);
  }

  /** Drops the connection, as a closed browser tab would. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.ended;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
    this.waiters.clear();
  }

  private async read(): Promise<void> {
    if (!this.response.body) return;
    if (!this.response.headers.get('content-type')?.startsWith('text/event-stream')) {
      this.text = await this.response.text();
      return;
    }
    const reader = this.response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let frame: { id?: string; event?: string; data: string[] } = { data: [] };
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        const lines = buffer.split(/\r\n|\r|\n/);
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          if (line === '') {
            if (frame.data.length > 0) {
              this.messages.push({ id: frame.id, event: frame.event ?? 'message', data: frame.data.join('\n') });
              if (frame.id !== undefined) this.lastEventId = frame.id;
            }
            frame = { data: [] };
            this.wake();
            continue;
          }
          if (line.startsWith(':')) {
            this.comments.push(line.slice(1).trim());
            this.wake();
            continue;
          }
          const colon = line.indexOf(':');
          const field = colon === -1 ? line : line.slice(0, colon);
          const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') frame.data.push(value);
          else if (field === 'event') frame.event = value;
          else if (field === 'id') frame.id = value;
          else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
        }
      }
    } catch {
      // Aborted by us or dropped by the server: either way the stream is over.
    }
  }
}
