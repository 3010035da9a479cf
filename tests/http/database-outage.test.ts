/**
 * PostgreSQL stops under load and comes back: every request is answered at once with 503 (never a hang, never
 * a 500), the probes say what is going on, and afterwards the service serves again and open event streams get
 * every change they missed — without a restart. Runs on a cluster of its own: the shared test database stays up.
 */
import { expect } from 'chai';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ListId, Position, Task, TaskDescription, TaskId, TaskTitle, UserId } from '../../src/domain/index.js';
import { createLogger } from '../../src/infrastructure/logging/logger.js';
import { EmbeddedDatabase } from '../../src/infrastructure/persistence/embedded-database.js';
import { Database } from '../../src/infrastructure/persistence/postgres/database.js';
import { createPostgresAdapters } from '../support/postgres-adapters.js';
import type { SseClient } from '../support/sse-client.js';
import { TestService, type TestResponse, type UserClient } from '../support/test-service.js';
import { eventually } from '../support/eventually.js';

const ANSWER_WITHIN_MS = 2_000;
const RECOVER_WITHIN_MS = 5_000;


interface Timed {
  readonly what: string;
  readonly ms: number;
  readonly response: TestResponse;
}

async function timed(what: string, request: () => Promise<TestResponse>): Promise<Timed> {
  const started = Date.now();
  const response = await request();
  return { what, ms: Date.now() - started, response };
}

/** A 503 problem+json with a Retry-After, answered within the bound. */
function expectUnavailable({ what, ms, response }: Timed): void {
  expect(response.status, `${what}: ${response.text}`).to.equal(503);
  expect(response.headers.get('content-type'), what).to.match(/^application\/problem\+json/);
  expect(response.body.status, what).to.equal(503);
  expect(Number(response.headers.get('retry-after')), `${what}: Retry-After`).to.be.greaterThan(0);
  expect(ms, `${what} took ${ms} ms`).to.be.below(ANSWER_WITHIN_MS);
}

async function allTaskIds(user: UserClient): Promise<string[]> {
  const ids: string[] = [];
  for (let page = await user.request('GET', '/api/tasks?limit=500'); ; ) {
    ids.push(...page.body.items.map((task: { id: string }) => task.id));
    if (!page.body.next_cursor) return ids;
    page = await user.request('GET', `/api/tasks?limit=500&cursor=${encodeURIComponent(page.body.next_cursor)}`);
  }
}

describe('HTTP: database outage', () => {
  let dataDir: string;
  let cluster: EmbeddedDatabase;
  let service: TestService;
  /** Another writer on the same database: what another instance of the service would be. */
  let writer: Database;
  const logLines: string[] = [];

  before(async function () {
    this.timeout(120_000);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tasks-outage-'));
    await chmod(dataDir, 0o755);
    cluster = await EmbeddedDatabase.start(dataDir, createLogger('silent'));
    service = await TestService.start({ DATABASE_URL: cluster.url }, { logs: { write: (line) => logLines.push(line) } });
    writer = await Database.connect(cluster.url);
  });
  after(async function () {
    this.timeout(60_000);
    await service?.stop();
    await writer?.close();
    await cluster?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** A task created by another instance, at the end of the owner's list `listId`. */
  const writeElsewhere = async (owner: string, listId: string, title: string): Promise<string> => {
    const ownerId = UserId.from(owner);
    const list = ListId.from(listId);
    const id = TaskId.from(randomUUID());
    const { unitOfWork } = createPostgresAdapters(writer.session);
    await unitOfWork.run(async (stores) => {
      const placement = { parentId: null, position: Position.between(await stores.tasks.lastPositionUnder(ownerId, null, list), null) };
      const task = Task.create({
        placement,
        listId: list,
        id,
        owner: ownerId,
        title: TaskTitle.from(title),
        description: TaskDescription.fromNullable(null),
        now: new Date(),
      });
      await stores.tasks.persist(task);
    });
    return id.value;
  };

  it('answers 503 at once while PostgreSQL is down, then recovers and delivers every missed change', async function () {
    this.timeout(90_000);
    const alice = await service.as(TestService.newUserId('alice'));
    const bob = await service.as(TestService.newUserId('bob'));
    const listener = service.service.changeListener;
    const listenerPid = listener.backendPid;

    // Alice's stream stays open through the outage; Bob's is reading when the database goes, and ends.
    const aliceEvents = await alice.events();
    const bobEvents = await bob.events();
    const aliceBefore = await alice.createTask('Before the outage');
    const bobBefore = await bob.createTask('Before the outage');
    // Each first create makes the owner's inbox too: two changes each.
    await aliceEvents.untilMessages(2);
    await bobEvents.untilMessages(2);

    // Other clients keep creating tasks while the database stops.
    const loadUsers = [await service.as(TestService.newUserId('load')), await service.as(TestService.newUserId('load'))];
    let loading = true;
    const underLoad: Timed[] = [];
    const load = async (user: UserClient) => {
      while (loading) {
        underLoad.push(await timed('POST under load', () => user.request('POST', '/api/tasks', { body: { title: 'Load' } })));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const loaders = [...loadUsers, ...loadUsers].map(load);
    await eventually(() => underLoad.length >= 8, 10_000, 'load to build up');

    await cluster.stop();
    await eventually(() => !listener.connected, 5_000, 'the listener to notice');
    // Once the database is gone, everything a client sends is answered within the bound.
    const sweep: Timed[] = [];
    const task = `/api/tasks/${aliceBefore.id}`;
    for (const [method, url, body] of [
      ['GET', '/api/tasks', undefined],
      ['GET', task, undefined],
      ['GET', '/api/tasks/stats', undefined],
      ['GET', '/api/tasks/changes', undefined],
      ['POST', '/api/tasks', { title: 'During the outage' }],
      ['PATCH', task, { title: 'Renamed during the outage' }],
      ['PATCH', `${task}/complete`, undefined],
      ['DELETE', task, undefined],
      ['GET', '/api/events', undefined],
    ] as const) {
      sweep.push(await timed(`${method} ${url}`, () => alice.request(method, url, body === undefined ? {} : { body })));
    }
    sweep.push(
      await timed('POST with Idempotency-Key', () =>
        alice.request('POST', '/api/tasks', { body: { title: 'Retried' }, headers: { 'Idempotency-Key': randomUUID() } }),
      ),
    );
    for (const answer of sweep) expectUnavailable(answer);

    const health = await timed('GET /healthz', () => service.request('GET', '/healthz'));
    expect(health.response.status).to.equal(200);
    expect(health.ms).to.be.below(ANSWER_WITHIN_MS);
    expectUnavailable(await timed('GET /readyz', () => service.request('GET', '/readyz')));

    // A stream that has to read the log while the database is away ends; its client reconnects later.
    service.service.runtime.changeHub.publish(bob.userId, Number.MAX_SAFE_INTEGER);
    await bobEvents.ended;
    expect(bobEvents.retry, 'the reconnection delay the stream suggested').to.be.a('number');
    expect(bobEvents.lastEventId).to.equal(bobEvents.messages[1]!.id);
    expect(aliceEvents.isEnded, 'a stream with nothing to read stays open').to.equal(false);

    loading = false;
    await Promise.all(loaders);

    // The database comes back. Another instance writes at once, perhaps before this one listens again.
    await cluster.startAgain();
    const restartedAt = Date.now();
    const aliceElsewhere = await writeElsewhere(alice.userId, aliceBefore.list_id, 'Written elsewhere after the restart');
    const bobElsewhere = await writeElsewhere(bob.userId, bobBefore.list_id, 'Written elsewhere after the restart');

    let recovered: TestResponse | null = null;
    while (recovered === null) {
      const attempt = await alice.request('POST', '/api/tasks', { body: { title: 'After the outage' } });
      if (attempt.status === 201) recovered = attempt;
      else if (Date.now() - restartedAt > RECOVER_WITHIN_MS) expect.fail(`not recovered within ${RECOVER_WITHIN_MS} ms: ${attempt.status}`);
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await eventually(() => listener.connected, RECOVER_WITHIN_MS - (Date.now() - restartedAt), 'the listener to reconnect');
    expect(listener.backendPid).to.not.equal(listenerPid);
    expect((await service.request('GET', '/readyz')).status).to.equal(200);

    // Alice's open stream: what it had, then exactly what it missed, in log order, nothing twice.
    await aliceEvents.untilMessages(4, RECOVER_WITHIN_MS);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(aliceEvents.changes.map((change) => change.task_id ?? change.list_id)).to.deep.equal([
      aliceBefore.list_id,
      aliceBefore.id,
      aliceElsewhere,
      recovered.body.id,
    ]);
    expect(aliceEvents.isEnded).to.equal(false);
    await aliceEvents.close();

    // Bob resumes from the last id he received: the missed change, then live ones.
    const bobResumed: SseClient = await bob.events({ lastEventId: bobEvents.lastEventId! });
    expect(bobResumed.status).to.equal(200);
    await bobResumed.untilMessages(1);
    const bobAfter = await bob.createTask('After the outage');
    await bobResumed.untilMessages(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bobEvents.changes.map((change) => change.task_id ?? change.list_id)).to.deep.equal([bobBefore.list_id, bobBefore.id]);
    expect(bobResumed.changes.map((change) => change.task_id)).to.deep.equal([bobElsewhere, bobAfter.id]);
    await bobResumed.close();

    // Under load, every request was answered either normally or with a quick 503: nothing hung, nothing broke.
    const statuses = new Set(underLoad.map(({ response }) => response.status));
    expect([...statuses].filter((status) => status !== 201 && status !== 503), 'statuses under load').to.deep.equal([]);
    expect(statuses.has(503), 'some requests met the outage').to.equal(true);
    for (const answer of underLoad.filter(({ response }) => response.status === 503)) expectUnavailable(answer);
    // Every task a 201 confirmed is there: the outage lost nothing it had acknowledged.
    const confirmed = underLoad.filter(({ response }) => response.status === 201).map(({ response }) => response.body.id as string);
    const stored: string[] = [];
    for (const user of loadUsers) stored.push(...(await allTaskIds(user)));
    expect(stored).to.include.members(confirmed);

    const errors = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.level >= 50);
    expect(errors.map((entry) => entry.err?.message ?? entry.msg), 'errors logged').to.deep.equal([]);
  });
});
