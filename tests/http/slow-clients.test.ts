/** Clients too slow to send their request, or idle on a kept-alive connection, are cut off (`HTTP_*_TIMEOUT`). */
import { expect } from 'chai';
import net from 'node:net';
import { TestService, useTestService } from '../support/test-service.js';

/** A raw connection that records what the server sends and when it closes. */
class RawConnection {
  received = '';
  readonly closed: Promise<number>;
  private readonly socket: net.Socket;
  private readonly opened = Date.now();

  constructor(url: string) {
    const { hostname, port } = new URL(url);
    this.socket = net.connect(Number(port), hostname);
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => (this.received += chunk));
    this.socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => this.socket.on('close', () => resolve(Date.now() - this.opened)));
  }

  write(text: string): void {
    if (!this.socket.destroyed) this.socket.write(text);
  }

  /** Writes one piece of `pieces` every `everyMs` until the connection closes (or the pieces run out). */
  trickle(pieces: string[], everyMs: number): void {
    const timer = setInterval(() => {
      const piece = pieces.shift();
      if (piece === undefined || this.socket.destroyed) clearInterval(timer);
      else this.write(piece);
    }, everyMs);
    void this.closed.then(() => clearInterval(timer));
  }

  destroy(): void {
    this.socket.destroy();
  }
}

describe('HTTP: slow clients', () => {
  const service = useTestService({ HTTP_HEADERS_TIMEOUT: '1s', HTTP_REQUEST_TIMEOUT: '2s', HTTP_KEEP_ALIVE_TIMEOUT: '1s' });
  const connections: RawConnection[] = [];
  const connect = () => {
    const connection = new RawConnection(service.url);
    connections.push(connection);
    return connection;
  };
  afterEach(() => {
    for (const connection of connections.splice(0)) connection.destroy();
  });

  it('cuts off a client that sends its headers slowly, with 408', async () => {
    const slow = connect();
    slow.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    slow.trickle(Array.from({ length: 50 }, (_, index) => `X-Slow-${index}: still coming\r\n`), 200);
    const closedAfterMs = await slow.closed;
    expect(closedAfterMs).to.be.within(900, 3_000);
    expect(slow.received).to.match(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(slow.received).to.include('application/problem+json');
  });

  it('cuts off a client that connects and sends nothing', async () => {
    const silent = connect();
    expect(await silent.closed).to.be.within(900, 3_000);
  });

  it('cuts off a client that sends its body slowly, once the whole request has taken too long', async () => {
    const user = await service.as(TestService.newUserId('slow-body'));
    const slow = connect();
    slow.write(
      `POST /api/tasks HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${user.token}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{"title": "',
    );
    slow.trickle(Array.from({ length: 100 }, () => 'a'), 100);
    const closedAfterMs = await slow.closed;
    expect(closedAfterMs).to.be.within(1_900, 4_000);
    expect(slow.received).to.match(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect((await user.request('GET', '/api/tasks')).body.items).to.deep.equal([]);
  });

  it('closes a kept-alive connection that stays idle after its response', async () => {
    const idle = connect();
    idle.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const closedAfterMs = await idle.closed;
    expect(idle.received).to.match(/^HTTP\/1\.1 200 OK\r\n/);
    expect(idle.received.toLowerCase()).to.include('keep-alive');
    expect(closedAfterMs).to.be.within(900, 3_000);
  });
});
