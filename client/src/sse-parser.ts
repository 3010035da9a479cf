/**
 * The event-stream format (the WHATWG HTML standard's "server-sent events" parsing rules), fed text as it
 * arrives: lines end with CRLF, LF or CR, possibly split across chunks; `data` lines join with "\n"; comments
 * and unknown fields are ignored; `retry` sets the reconnection delay.
 */
export interface SseMessage {
  /** The `event` field, or `message` when there was none. */
  readonly event: string;
  readonly data: string;
  /** The last event id in force when the message was dispatched: its own `id`, or an earlier one. */
  readonly lastEventId: string | undefined;
  /** Whether the message carried an `id` field of its own. */
  readonly hasId: boolean;
}

export class SseParser {
  /** The reconnection delay the server asked for with `retry:`, in milliseconds. */
  retryMs: number | undefined;
  private lastEventId: string | undefined;
  private pending = '';
  private skipLeadingLineFeed = false;
  private data: string[] = [];
  private event = '';
  private messageHasId = false;

  constructor(lastEventId?: string) {
    this.lastEventId = lastEventId;
  }

  /** Takes the next chunk of text and returns the messages it completed. */
  push(chunk: string): SseMessage[] {
    const messages: SseMessage[] = [];
    let text = this.pending + chunk;
    if (this.skipLeadingLineFeed && text.startsWith('\n')) text = text.slice(1);
    this.skipLeadingLineFeed = false;
    let start = 0;
    for (let index = 0; index < text.length; index += 1) {
      const character = text[index];
      if (character !== '\n' && character !== '\r') continue;
      const message = this.line(text.slice(start, index));
      if (message) messages.push(message);
      if (character === '\r') {
        if (index + 1 === text.length) this.skipLeadingLineFeed = true; // its LF may open the next chunk
        else if (text[index + 1] === '\n') index += 1;
      }
      start = index + 1;
    }
    this.pending = text.slice(start);
    return messages;
  }

  private line(line: string): SseMessage | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null; // a comment, e.g. a heartbeat
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (!value.includes('\0')) {
          this.lastEventId = value === '' ? undefined : value;
          this.messageHasId = true;
        }
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break;
    }
    return null;
  }

  private dispatch(): SseMessage | null {
    const data = this.data;
    const event = this.event;
    const hasId = this.messageHasId;
    this.data = [];
    this.event = '';
    this.messageHasId = false;
    if (data.length === 0) return null;
    return { event: event || 'message', data: data.join('\n'), lastEventId: this.lastEventId, hasId };
  }
}
