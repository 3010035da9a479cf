import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type Koa from 'koa';
import { problem } from './problem.js';

export interface RunningHttpServer {
  readonly url: string;
  readonly server: http.Server;
  /**
   * Stops accepting, ends long-lived responses (`onClosing`), then waits (up to `graceMs`) until every request
   * handler has finished and its response is flushed — not merely until sockets close: a client that hangs up
   * does not stop its handler, which may still be writing to the database.
   */
  close(graceMs?: number): Promise<void>;
}

export interface ListenOptions {
  /** Called once the server stops accepting: end responses that would otherwise never finish (event streams). */
  onClosing?: () => void;
  /** From the configuration (HTTP_*_TIMEOUT), where their defaults are. */
  timeouts: HttpTimeouts;
}

/**
 * How long a client may hold a connection without doing its part: a slow client (or one that means harm,
 * as in slowloris) is cut off instead of keeping a socket forever. Responses are not limited: an event
 * stream is a request answered for hours.
 */
export interface HttpTimeouts {
  /** To send the request line and headers (`HTTP_HEADERS_TIMEOUT`); then `408`. */
  readonly headersMs: number;
  /** To send the whole request, body included (`HTTP_REQUEST_TIMEOUT`); then `408`. */
  readonly requestMs: number;
  /** Idle between two requests on one connection (`HTTP_KEEP_ALIVE_TIMEOUT`); then the connection is closed. */
  readonly keepAliveMs: number;
}

export async function listen(app: Koa<any>, port: number, host: string, options: ListenOptions): Promise<RunningHttpServer> {
  const handle = app.callback();
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const { timeouts } = options;
  const serverOptions: http.ServerOptions = {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    // Node enforces the two above only when it looks, every 30 s by default: look every second.
    connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
  };
  const server = http.createServer(serverOptions, (request, response) => {
    inFlight++;
    // In flight until the handler has returned and the response is done: flushed, or its connection gone
    // ('close' comes after either).
    let steps = 2;
    const stepDone = () => {
      if (--steps === 0 && --inFlight === 0) drained?.();
    };
    response.once('close', stepDone);
    // Koa's handler answers every failure itself: its promise never rejects.
    void handle(request, response).then(stepDone, stepDone);
  });
  server.on('clientError', answerUnparseableRequest);
  server.keepAliveTimeout = timeouts.keepAliveMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const handlersDone = (graceMs: number) =>
    new Promise<void>((resolve) => {
      if (inFlight === 0) return resolve();
      const timer = setTimeout(resolve, graceMs);
      drained = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  return {
    url: `http://${shownHost}:${address.port}`,
    server,
    close: async (graceMs = 10_000) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      options.onClosing?.();
      await handlersDone(graceMs);
      server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * Requests Node rejects before Koa sees them (headers over 16 KiB, garbage on the wire) still get a
 * problem+json answer with a request id, instead of Node's bare status line.
 */
function answerUnparseableRequest(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'Request headers are larger than 16 KiB']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request took too long to arrive']
        : [400, 'Bad Request', 'The request could not be parsed as HTTP'];
  const requestId = randomUUID();
  const body = JSON.stringify({ ...problem(status, detail), title: reason, request_id: requestId });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
  );
}
