/**
 * The client's event stream against the real service: changes arrive live and only the owner's; a dropped
 * connection or an expired token reconnects with a fresh token and `Last-Event-ID`, so nothing is missed and
 * nothing comes twice; what no retry can mend is thrown as a `TasksApiError`.
 */
import { expect } from 'chai';
import type { CommandBus } from '../../src/application/command-bus.js';
import { PurgeUserTasksCommand } from '../../src/application/commands/purge-user-tasks.js';
import { TOKENS } from '../../src/application/tokens.js';
import {
  createTasksClient,
  TasksApiError,
  unwrap,
  type FollowTaskEventsOptions,
  type TasksClient,
  type TaskStreamEvent,
} from '../../client/src/index.js';
import { TestService, useTestService } from '../support/test-service.js';
import { eventually } from '../support/eventually.js';

/** Polls `condition` until it holds, failing after `timeoutMs`. */

/** Reads `client.events(options)` in the background into `received`, until `stop()`. */
function follow(client: TasksClient, options: Omit<FollowTaskEventsOptions, 'signal'> = {}) {
  const abort = new AbortController();
  const received: TaskStreamEvent[] = [];
  const opened: number[] = [];
  const done = (async () => {
    for await (const event of client.events({ ...options, signal: abort.signal, onOpen: () => opened.push(Date.now()) })) {
      received.push(event);
    }
  })();
  // The iteration is awaited by stop(); until then its failure is kept, not unhandled.
  const outcome = done.then(
    () => null,
    (error: unknown) => error,
  );
  return {
    received,
    opened,
    outcome,
    stop: async () => {
      abort.abort();
      const error = await outcome;
      if (error) throw error;
    },
  };
}

describe('client: live events against the service', () => {
  const service = useTestService({ JWT_CLOCK_TOLERANCE: '0s' });
  const following: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(following.splice(0).map((stream) => stream.stop().catch(() => undefined)));
  });

  const clientFor = (userId: string, options: { ttlSeconds?: () => number; fetch?: (request: Request) => Promise<Response> } = {}) => {
    const tokens: string[] = [];
    const client = createTasksClient({
      baseUrl: service.url,
      getToken: async () => {
        const token = await service.tokenFor(userId, options.ttlSeconds?.() ?? 600);
        tokens.push(token);
        return token;
      },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    return { client, tokens };
  };

  it('yields the owner’s changes as they commit, in order, and no one else’s', async () => {
    const alice = clientFor(TestService.newUserId('alice')).client;
    const bob = clientFor(TestService.newUserId('bob')).client;
    const stream = follow(alice);
    following.push(stream);
    await eventually(() => stream.opened.length === 1, 3000, 'the stream to open');

    unwrap(await bob.api.POST('/api/tasks', { body: { title: 'Bob’s' } }));
    const task = unwrap(await alice.api.POST('/api/tasks', { body: { title: 'Alice’s' } }));
    unwrap(await alice.api.PATCH('/api/tasks/{id}/complete', { params: { path: { id: task.id } } }));
    unwrap(await alice.api.DELETE('/api/tasks/{id}', { params: { path: { id: task.id } } }));

    // Her inbox first, which her first task made.
    await eventually(() => stream.received.length >= 4, 3000, 'four changes');
    expect(stream.received.map((event) => event.type)).to.deep.equal(['list.created', 'task.created', 'task.completed', 'task.deleted']);
    const [inbox, created, completed, deleted] = stream.received;
    expect(inbox).to.deep.include({ type: 'list.created', list_id: task.list_id });
    expect(inbox?.type === 'list.created' && inbox.list).to.deep.include({ id: task.list_id, name: 'Inbox', is_inbox: true });
    expect(created).to.deep.include({ task_id: task.id, task });
    expect(completed?.type === 'task.completed' && completed.task?.completed).to.equal(true);
    expect(deleted?.type === 'task.deleted' && deleted.task).to.equal(null);
    await stream.stop();
  });

  it('yields task.repeated, with the task moved on, when a repeating task is completed', async () => {
    const { client } = clientFor(TestService.newUserId('repeat'));
    const stream = follow(client);
    following.push(stream);
    await eventually(() => stream.opened.length === 1, 3000, 'the stream to open');

    const task = unwrap(await client.api.POST('/api/tasks', { body: { title: 'Water the plants', due_date: '2099-03-02', repeat: 'FREQ=WEEKLY' } }));
    const next = unwrap(await client.api.PATCH('/api/tasks/{id}/complete', { params: { path: { id: task.id }, query: { tz: 'Europe/Paris' } } }));

    await eventually(() => stream.received.length >= 3, 3000, 'three changes');
    expect(stream.received.map((event) => event.type)).to.deep.equal(['list.created', 'task.created', 'task.repeated']);
    const repeated = stream.received[2];
    expect(repeated?.type === 'task.repeated' && repeated.task).to.deep.equal(next);
    expect(next).to.include({ completed: false, due_date: '2099-03-09', repeat: 'FREQ=WEEKLY', repeat_from: 'due' });
    await stream.stop();
  });

  it('starts after lastEventId, replaying what came after it', async () => {
    const userId = TestService.newUserId('resume');
    const { client } = clientFor(userId);
    const first = unwrap(await client.api.POST('/api/tasks', { body: { title: 'One' } }));
    unwrap(await client.api.POST('/api/tasks', { body: { title: 'Two' } }));
    // The inbox the first create made, then the two tasks.
    const log = unwrap(await client.api.GET('/api/tasks/changes'));
    const stream = follow(client, { lastEventId: log.changes[1]!.id });
    following.push(stream);
    await eventually(() => stream.received.length === 1, 3000, 'the replayed change');
    expect(stream.received[0]).to.deep.include({ type: 'task.created', id: log.changes[2]!.id });
    expect(stream.received[0]!.type === 'task.created' && stream.received[0]!.task?.id).to.not.equal(first.id);
  });

  it('reconnects after the connection drops, with Last-Event-ID: nothing missed, nothing twice', async () => {
    const userId = TestService.newUserId('dropped');
    const connections: { lastEventId: string | null; cut: () => void }[] = [];
    // A fetch that can cut an event stream mid-flight, as a network failure would.
    const cuttable = async (request: Request): Promise<Response> => {
      const response = await fetch(request);
      if (new URL(request.url).pathname !== '/api/events' || !response.body) return response;
      const relay = new TransformStream<Uint8Array, Uint8Array>();
      const writer = relay.writable.getWriter();
      const reader = response.body.getReader();
      let cut = false;
      void (async () => {
        for (let read = await reader.read(); !read.done && !cut; read = await reader.read()) await writer.write(read.value);
      })().catch(() => undefined);
      connections.push({
        lastEventId: request.headers.get('last-event-id'),
        cut: () => {
          cut = true;
          void writer.abort(new TypeError('network connection lost')).catch(() => undefined);
          void reader.cancel().catch(() => undefined);
        },
      });
      return new Response(relay.readable, { status: response.status, headers: response.headers });
    };
    const { client, tokens } = clientFor(userId, { fetch: cuttable });
    const stream = follow(client);
    following.push(stream);
    await eventually(() => stream.opened.length === 1, 3000, 'the stream to open');

    const task = unwrap(await client.api.POST('/api/tasks', { body: { title: 'Before the drop' } }));
    // The inbox the first task made, then the task.
    await eventually(() => stream.received.length === 2, 3000, 'the first changes');
    connections[0]!.cut();
    // Changes made while the client is away are replayed when it is back.
    unwrap(await client.api.PATCH('/api/tasks/{id}', { params: { path: { id: task.id } }, body: { title: 'During the drop' } }));
    unwrap(await client.api.PATCH('/api/tasks/{id}/complete', { params: { path: { id: task.id } } }));
    await eventually(() => stream.received.length === 4, 8000, 'the changes made while disconnected');
    unwrap(await client.api.DELETE('/api/tasks/{id}', { params: { path: { id: task.id } } }));
    await eventually(() => stream.received.length === 5, 3000, 'the change after the reconnection');

    expect(stream.received.map((event) => event.type)).to.deep.equal(['list.created', 'task.created', 'task.updated', 'task.completed', 'task.deleted']);
    const ids = stream.received.map((event) => (event.type === 'reset' ? null : event.id));
    expect(new Set(ids).size).to.equal(5);
    expect(connections.map((connection) => connection.lastEventId)).to.deep.equal([null, ids[1]]);
    expect(stream.opened).to.have.length(2);
    expect(tokens.length, 'a token asked for per connection and per request').to.equal(2 + 4);
  });

  it('reconnects with a fresh token when the server ends the stream because its token expired', async function () {
    this.timeout(15_000);
    const userId = TestService.newUserId('expiring');
    let streamTokenTtl = 2;
    const { client, tokens } = clientFor(userId, { ttlSeconds: () => streamTokenTtl });
    const stream = follow(client);
    following.push(stream);
    await eventually(() => stream.opened.length === 1, 3000, 'the stream to open');
    streamTokenTtl = 600; // the next token asked for lasts
    const tokensAtOpen = tokens.length;

    await eventually(() => stream.opened.length === 2, 6000, 'the reconnection after the token expired');
    expect(tokens.length).to.be.greaterThan(tokensAtOpen);
    const task = unwrap(await client.api.POST('/api/tasks', { body: { title: 'After the reconnection' } }));
    await eventually(() => stream.received.length === 2, 3000, 'the changes on the new connection');
    expect(stream.received.map((event) => event.type)).to.deep.equal(['list.created', 'task.created']);
    expect(stream.received[1]).to.deep.include({ type: 'task.created', task_id: task.id });
  });

  it('throws 401 when getToken has no token, and stops quietly when its signal aborts', async () => {
    const anonymous = createTasksClient({ baseUrl: service.url, getToken: () => null });
    const refused = follow(anonymous);
    const error = await refused.outcome;
    expect(error).to.be.instanceOf(TasksApiError);
    expect((error as TasksApiError).status).to.equal(401);
    expect(refused.opened).to.deep.equal([]);

    const { client } = clientFor(TestService.newUserId('quiet'));
    const stream = follow(client);
    await eventually(() => stream.opened.length === 1, 3000, 'the stream to open');
    await stream.stop();
    await eventually(() => service.service.eventStreams.size === 0, 3000, 'the server to see the stream close');
  });

  it('throws 400 for a Last-Event-ID the log does not hold', async () => {
    const { client } = clientFor(TestService.newUserId('stale'));
    const stream = follow(client, { lastEventId: '9999999999999999' });
    const error = await stream.outcome;
    expect(error).to.be.instanceOf(TasksApiError);
    expect((error as TasksApiError).status).to.equal(400);
    expect((error as TasksApiError).message).to.be.a('string').and.not.equal('');
  });

  it('yields a reset when the log is erased, then goes on with the changes after it', async () => {
    const userId = TestService.newUserId('purged');
    const { client } = clientFor(userId);
    const stream = follow(client);
    following.push(stream);
    await eventually(() => stream.opened.length === 1, 3000, 'the stream to open');
    unwrap(await client.api.POST('/api/tasks', { body: { title: 'Soon erased' } }));
    await eventually(() => stream.received.length === 2, 3000, 'the inbox and the task');

    const commands = service.service.runtime.container.get<CommandBus>(TOKENS.CommandBus);
    await commands.execute(new PurgeUserTasksCommand(userId));
    await eventually(() => stream.received.length === 3, 3000, 'the reset');
    expect(stream.received[2]).to.have.property('type', 'reset');
    await eventually(() => stream.opened.length === 2, 5000, 'the stream to reopen');

    // The inbox went too: the next task makes a new one.
    const task = unwrap(await client.api.POST('/api/tasks', { body: { title: 'After the purge' } }));
    await eventually(() => stream.received.length === 5, 3000, 'the changes after the purge');
    expect(stream.received[3]).to.deep.include({ type: 'list.created', list_id: task.list_id });
    expect(stream.received[4]).to.deep.include({ type: 'task.created', task_id: task.id });
  });

  it('stops reading and closes the connection when the consumer breaks out of the loop', async () => {
    const { client } = clientFor(TestService.newUserId('breaker'));
    const iterating = (async () => {
      for await (const event of client.events()) {
        expect(event.type).to.equal('list.created'); // the inbox the task below makes
        break;
      }
    })();
    await eventually(() => service.service.eventStreams.size === 1, 3000, 'the stream to open');
    unwrap(await client.api.POST('/api/tasks', { body: { title: 'The only one read' } }));
    await iterating;
    await eventually(() => service.service.eventStreams.size === 0, 3000, 'the server to see the stream close');
  });
});
