/**
 * `GET /api/events` over real sockets, with two instances of the service on one database: what one instance
 * commits reaches the owner's streams on the other, and only the owner's.
 */
import { TaskMother } from '../support/task-mother.js';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Task, TaskDescription, TaskId, TaskTitle, UserId } from '../../src/domain/index.js';
import type { UnitOfWork } from '../../src/application/ports/unit-of-work.js';
import { TOKENS } from '../../src/application/tokens.js';
import { expectRejection } from '../support/expect-rejection.js';
import { ServiceLists } from '../support/service-lists.js';
import { SseClient } from '../support/sse-client.js';
import { TestService, type UserClient } from '../support/test-service.js';
import { eventually } from '../support/eventually.js';

const START = '0000000000000000';

/** Polls `condition` until it holds, failing after `timeoutMs`. */

describe('HTTP: live event stream across instances', () => {
  let first: TestService;
  let second: TestService;
  let aliceOnFirst: UserClient;
  let aliceOnSecond: UserClient;
  let listsOnFirst: ServiceLists;
  const open: SseClient[] = [];

  const follow = async (client: UserClient, options: Parameters<UserClient['events']>[0] = {}) => {
    const events = await client.events(options);
    open.push(events);
    return events;
  };

  before(async () => {
    [first, second] = await Promise.all([TestService.start(), TestService.start()]);
    listsOnFirst = new ServiceLists(first);
  });
  after(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });
  beforeEach(async () => {
    const alice = TestService.newUserId('alice');
    aliceOnFirst = await first.as(alice);
    aliceOnSecond = await second.as(alice);
    // Her inbox is the first change of her log; the stories below start after it.
    await listsOnFirst.inbox(alice);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((events) => events.close()));
  });

  it('answers with an unbuffered, uncached text/event-stream and a reconnection hint', async () => {
    const events = await follow(aliceOnSecond);
    expect(events.status).to.equal(200);
    expect(events.response.headers.get('content-type')).to.equal('text/event-stream; charset=utf-8');
    expect(events.response.headers.get('cache-control')).to.equal('private, no-cache, no-transform');
    expect(events.response.headers.get('x-accel-buffering')).to.equal('no');
    expect(events.response.headers.get('content-encoding')).to.equal(null);
    expect(events.response.headers.get('x-request-id')).to.be.a('string');
    await events.until((client) => client.retry !== undefined);
    expect(events.retry).to.equal(2000);
  });

  it('refuses a missing token with 401 and a bad or foreign Last-Event-ID with 400, before streaming', async () => {
    const anonymous = await SseClient.connect(`${second.url}/api/events`, null);
    expect(anonymous.status).to.equal(401);
    expect(anonymous.response.headers.get('www-authenticate')).to.equal('Bearer');
    expect(await anonymous.problem()).to.include({ status: 401 });
    for (const lastEventId of ['nope', '42', '0000000000000002']) {
      const refused = await follow(aliceOnSecond, { lastEventId });
      expect(refused.status, lastEventId).to.equal(400);
      expect(refused.response.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(await refused.problem()).to.include({ status: 400 });
    }
  });

  it('delivers a change made through one instance to a client of the other within a second', async () => {
    const events = await follow(aliceOnSecond);
    const started = Date.now();
    const task = await aliceOnFirst.createTask('Cross-instance');
    await events.untilMessages(1, 1000);
    const latencyMs = Date.now() - started;

    const [message] = events.messages;
    const { body: feed } = await aliceOnFirst.request('GET', '/api/tasks/changes');
    expect(message).to.deep.equal({ id: feed.changes[1].id, event: 'task.created', data: JSON.stringify(feed.changes[1]) });
    expect(events.changes[0]).to.deep.include({ type: 'task.created', task_id: task.id, task });
    expect(latencyMs).to.be.below(1000);
  });

  it('sends list changes beside task changes, in log order, each as {id, type, list_id, occurred_at, list}', async () => {
    const events = await follow(aliceOnSecond);
    const task = await aliceOnFirst.createTask('Before the list');
    const work = await listsOnFirst.create(aliceOnFirst.userId, 'Work');
    await listsOnFirst.rename(aliceOnFirst.userId, work, 'Office');
    await listsOnFirst.remove(aliceOnFirst.userId, work);
    await aliceOnFirst.request('PATCH', `/api/tasks/${task.id}/complete`);
    await events.untilMessages(5);

    expect(events.messages.map((message) => message.event)).to.deep.equal([
      'task.created',
      'list.created',
      'list.updated',
      'list.deleted',
      'task.completed',
    ]);
    const { body: feed } = await aliceOnFirst.request('GET', `/api/tasks/changes?since=0000000000000001`);
    expect(events.messages.map((message) => message.id)).to.deep.equal(feed.changes.map((change: any) => change.id));
    expect(events.messages.map((message) => message.data)).to.deep.equal(feed.changes.map((change: any) => JSON.stringify(change)));
    const [, created, renamed, deleted] = events.changes;
    expect(Object.keys(created)).to.deep.equal(['id', 'type', 'list_id', 'occurred_at', 'list']);
    expect(created).to.deep.include({ type: 'list.created', list_id: work });
    expect(created.list).to.deep.include({ id: work, name: 'Work', is_inbox: false, version: 1 });
    expect(renamed.list).to.deep.include({ id: work, name: 'Office', version: 2 });
    expect(deleted).to.deep.include({ type: 'list.deleted', list_id: work, list: null });
  });

  it('sends a user only their own changes, from whichever instance they were made', async () => {
    const bob = TestService.newUserId('bob');
    const bobOnFirst = await first.as(bob);
    const bobOnSecond = await second.as(bob);
    await listsOnFirst.inbox(bob);
    const bobsEvents = [await follow(bobOnFirst), await follow(bobOnSecond)];
    const alicesEvents = await follow(aliceOnSecond);

    const alicesTask = await aliceOnFirst.createTask('Alice’s secret');
    await aliceOnSecond.request('PATCH', `/api/tasks/${alicesTask.id}/complete`);
    await alicesEvents.untilMessages(2);
    const bobsTask = await bobOnSecond.createTask('Bob’s');
    for (const events of bobsEvents) {
      await events.untilMessages(1);
      // Give a stray event time to arrive before judging.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(events.changes.map((change) => change.task_id)).to.deep.equal([bobsTask.id]);
      expect(events.messages.map((message) => message.data).join()).to.not.include('Alice');
    }
    expect(alicesEvents.changes.map((change) => change.type)).to.deep.equal(['task.created', 'task.completed']);
  });

  it('resumes with Last-Event-ID: every missed change, in order, exactly once, then live ones', async () => {
    const before = await follow(aliceOnSecond);
    const task = await aliceOnFirst.createTask('Seen');
    await before.untilMessages(1);
    const seen = before.lastEventId!;
    await before.close();

    // While the client is away: changes through both instances.
    await aliceOnFirst.request('PATCH', `/api/tasks/${task.id}`, { body: { title: 'Missed 1' } });
    await aliceOnSecond.request('PATCH', `/api/tasks/${task.id}/complete`);
    const other = await aliceOnFirst.createTask('Missed 3');
    await aliceOnSecond.request('DELETE', `/api/tasks/${other.id}`);

    const resumed = await follow(aliceOnSecond, { lastEventId: seen });
    await resumed.untilMessages(4);
    await aliceOnFirst.createTask('Live');
    await resumed.untilMessages(5);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const { body: feed } = await aliceOnFirst.request('GET', `/api/tasks/changes?since=${seen}`);
    expect(resumed.messages.map((message) => message.id)).to.deep.equal(feed.changes.map((change: any) => change.id));
    expect(resumed.changes).to.deep.equal(feed.changes);
    expect(resumed.changes.map((change) => change.type)).to.deep.equal([
      'task.updated',
      'task.completed',
      'task.created',
      'task.deleted',
      'task.created',
    ]);
  });

  it('starts from now without Last-Event-ID, and from the beginning with the start cursor', async () => {
    await aliceOnFirst.createTask('Earlier');
    const fromNow = await follow(aliceOnSecond);
    const fromStart = await follow(aliceOnSecond, { lastEventId: START });
    await fromStart.untilMessages(2);
    await aliceOnFirst.createTask('Later');
    await fromNow.untilMessages(1);
    await fromStart.untilMessages(3);
    expect(fromNow.changes.map((change) => change.task.title)).to.deep.equal(['Later']);
    expect(fromStart.changes.map((change) => change.task?.title ?? change.list.name)).to.deep.equal(['Inbox', 'Earlier', 'Later']);
  });

  it('a change that rolls back leaves no change-log entry and sends no event on any instance', async () => {
    const streams = [await follow(aliceOnFirst), await follow(aliceOnSecond)];
    const container = first.service.runtime.container;
    const unitOfWork = container.get<UnitOfWork>(TOKENS.UnitOfWork);
    const doomed = Task.create({ placement: TaskMother.placement(), listId: TaskMother.listOf(UserId.from(aliceOnFirst.userId)),
      id: TaskId.from(randomUUID()),
      owner: UserId.from(aliceOnFirst.userId),
      title: TaskTitle.from('Rolled back'),
      description: TaskDescription.fromNullable(null),
      now: new Date(),
    });
    await expectRejection(
      unitOfWork.run(async (stores) => {
        await stores.tasks.persist(doomed); // the task, its event and the NOTIFY, all in this transaction
        throw new Error('fails before commit');
      }),
      Error,
    );
    // A change committed after the rolled-back one: had the first been announced, it would arrive first.
    const marker = await aliceOnSecond.createTask('Committed');
    for (const events of streams) {
      await events.untilMessages(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(events.changes.map((change) => [change.id, change.task_id])).to.deep.equal([['0000000000000002', marker.id]]);
    }
    const { body: feed } = await aliceOnFirst.request('GET', '/api/tasks/changes?since=0000000000000001');
    expect(feed.changes.map((change: any) => change.task_id)).to.deep.equal([marker.id]);
    expect((await aliceOnFirst.request('GET', `/api/tasks/${doomed.id.value}`)).status).to.equal(404);
  });

  it('leaves no subscription or stream behind when clients disconnect', async () => {
    const hub = second.service.runtime.changeHub;
    const baseline = hub.subscriberCount;
    const clients = await Promise.all(Array.from({ length: 5 }, () => follow(aliceOnSecond)));
    await eventually(() => hub.subscriberCount === baseline + 5, 1000, 'five subscriptions');
    expect(second.service.eventStreams.size).to.be.at.least(5);
    await Promise.all(clients.map((client) => client.close()));
    await eventually(() => hub.subscriberCount === baseline && second.service.eventStreams.size === 0, 1000, 'subscriptions to go');
  });

  it('keeps delivering after the LISTEN connection drops, including changes made while it was down', async () => {
    const events = await follow(aliceOnSecond);
    const listener = second.service.changeListener;
    const pid = listener.backendPid;
    expect(pid).to.be.a('number');
    await first.service.runtime.database.orm.em.getConnection().execute('select pg_terminate_backend(?)', [pid]);
    await eventually(() => !listener.connected, 1000, 'the listener to notice');
    const task = await aliceOnFirst.createTask('While the listener was down');
    await eventually(() => listener.connected, 2000, 'the listener to reconnect');
    expect(listener.backendPid).to.not.equal(pid);
    await events.untilMessages(1);
    await aliceOnFirst.request('PATCH', `/api/tasks/${task.id}/complete`);
    await events.untilMessages(2);
    expect(events.changes.map((change) => change.type)).to.deep.equal(['task.created', 'task.completed']);
  });
});
