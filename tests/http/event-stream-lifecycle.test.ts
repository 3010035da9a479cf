/** The event stream's housekeeping: heartbeats, slow and vanished clients, limits, and shutdown. */
import { expect } from 'chai';
import net from 'node:net';
import { SseClient } from '../support/sse-client.js';
import { TestService, useTestService } from '../support/test-service.js';
import { eventually } from '../support/eventually.js';

const settings = { heartbeatMs: 50, maxBufferedBytes: 64 * 1024, drainTimeoutMs: 300, maxStreamsPerUser: 3 };


describe('HTTP: event stream lifecycle', () => {
  const service = useTestService({}, { eventStreams: settings });

  it('sends a heartbeat comment every interval while nothing happens', async () => {
    const user = await service.as(TestService.newUserId('idle'));
    const events = await user.events();
    await events.until((client) => client.comments.filter((comment) => comment === 'heartbeat').length >= 3, 1000, 'three heartbeats');
    expect(events.messages).to.deep.equal([]);
    await events.close();
  });

  it('refuses more than the per-user number of open streams with 429, and frees the slots on disconnect', async () => {
    const user = await service.as(TestService.newUserId('greedy'));
    const streams = await Promise.all(Array.from({ length: settings.maxStreamsPerUser }, () => user.events()));
    expect(streams.map((events) => events.status)).to.deep.equal([200, 200, 200]);
    const refused = await user.events();
    expect(refused.status).to.equal(429);
    expect(refused.response.headers.get('retry-after')).to.match(/^\d+$/);
    const someoneElse = await (await service.as(TestService.newUserId('other'))).events();
    expect(someoneElse.status).to.equal(200);
    await Promise.all([...streams, someoneElse].map((events) => events.close()));
    await eventually(() => service.service.eventStreams.size === 0, 1000, 'streams to close');
    const again = await user.events();
    expect(again.status).to.equal(200);
    await again.close();
  });

  it('cuts off a client that stops reading, instead of queueing without bound', async () => {
    const userId = TestService.newUserId('slow');
    const user = await service.as(userId);
    // A long backlog of large changes, written straight into the log: far more than the socket buffers hold.
    const count = 2000;
    const connection = service.service.runtime.database.orm.em.getConnection();
    await connection.execute(
      `insert into task_events (user_id, seq, type, task_id, occurred_at, task)
       select ?, g, 'task.updated', '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11', now(),
              jsonb_build_object('id', '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11', 'description', repeat('x', 8000), 'version', g)
       from generate_series(1, ?) g`,
      [userId, count],
    );
    await connection.execute('insert into task_event_streams (user_id, last_seq) values (?, ?)', [userId, count]);

    const { port } = new URL(service.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = 0;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.once('data', (chunk) => {
      received += chunk.length;
      socket.pause(); // read the headers, then nothing more
    });
    socket.write(
      `GET /api/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${user.token}\r\nLast-Event-ID: 0000000000000000\r\n\r\n`,
    );
    await eventually(() => service.service.eventStreams.size === 0 && received > 0, 5000, 'the slow client to be cut off');
    // The server let go of it: the stream is gone and its subscription with it.
    expect(service.service.runtime.changeHub.subscriberCount).to.equal(0);
    socket.destroy();
    await closed;
  });

  it('leaves nothing behind for clients that hang up while their stream is being opened', async () => {
    const user = await service.as(TestService.newUserId('hasty'));
    const { port } = new URL(service.url);
    await Promise.all(
      Array.from({ length: 20 }, () => {
        const socket = net.connect(Number(port), '127.0.0.1');
        socket.on('error', () => undefined);
        socket.write(`GET /api/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${user.token}\r\n\r\n`, () => socket.destroy());
        return new Promise((resolve) => socket.once('close', resolve));
      }),
    );
    // Let the server get through all twenty requests (nothing to wait on: the clients are gone).
    await new Promise((resolve) => setTimeout(resolve, 200));
    await eventually(
      () => service.service.eventStreams.size === 0 && service.service.runtime.changeHub.subscriberCount === 0,
      1000,
      'every stream to be let go',
    );
  });

  it('ends open streams when the server stops, and stops promptly', async () => {
    const other = await TestService.start({}, { eventStreams: settings });
    const user = await other.as(TestService.newUserId('leaving'));
    const streams = [await user.events(), await user.events()];
    await Promise.all(streams.map((events) => events.until((client) => client.retry !== undefined)));
    const started = Date.now();
    await other.stop();
    const stopMs = Date.now() - started;
    await Promise.all(streams.map((events) => events.ended));
    expect(streams.every((events) => events.isEnded)).to.equal(true);
    expect(other.service.eventStreams.size).to.equal(0);
    expect(other.service.runtime.changeHub.subscriberCount).to.equal(0);
    expect(other.service.changeListener.connected).to.equal(false);
    expect(stopMs).to.be.below(1000);
  });

  it('ends a stream when the token it was opened with expires', async function () {
    this.timeout(15_000);
    const strict = await TestService.start({ JWT_CLOCK_TOLERANCE: '0s' }, { eventStreams: settings });
    try {
      const userId = TestService.newUserId('expiring');
      const shortLived = await strict.tokenFor(userId, 2);
      const stream = await SseClient.connect(`${strict.url}/api/events`, shortLived);
      expect(stream.status).to.equal(200);
      await stream.until((client) => client.isEnded, 6000, 'the stream to end at the token’s expiry');
      // A change made afterwards with a valid token never reaches the expired one.
      const user = await strict.as(userId);
      await user.createTask('After expiry');
      expect(stream.messages).to.deep.equal([]);
    } finally {
      await strict.stop();
    }
  });

  it('answers HEAD with the stream’s headers and no stream', async () => {
    const user = await service.as(TestService.newUserId('head'));
    const response = await user.request('HEAD', '/api/events');
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/event-stream; charset=utf-8');
    expect(service.service.eventStreams.size).to.equal(0);
  });

  it('refuses other methods with 405 and Allow', async () => {
    const user = await service.as(TestService.newUserId('poster'));
    const response = await user.request('POST', '/api/events', { body: {} });
    expect(response.status).to.equal(405);
    expect(response.headers.get('allow')).to.match(/GET/);
  });
});
