/** The LISTEN side of change notifications: only commits are announced, and a lost connection is made good. */
import { TaskMother } from '../../../support/task-mother.js';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { UnitOfWork } from '../../../../src/application/ports/unit-of-work.js';
import { Task, TaskDescription, TaskId, TaskTitle, UserId } from '../../../../src/domain/index.js';
import { PostgresTaskChangeListener } from '../../../../src/infrastructure/events/postgres-task-change-listener.js';
import { TaskChangeHub } from '../../../../src/infrastructure/events/task-change-hub.js';
import { encodeTaskChangeNotifications, TASK_CHANGES_CHANNEL } from '../../../../src/infrastructure/events/task-change-notification.js';
import { createLogger } from '../../../../src/infrastructure/logging/logger.js';
import { Database } from '../../../../src/infrastructure/persistence/postgres/database.js';
import { DatabaseLink } from '../../../support/database-link.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createPostgresAdapters } from '../../../support/postgres-adapters.js';
import { testDatabaseUrl } from '../../../support/test-database.js';
import { eventually } from '../../../support/eventually.js';


describe('PostgresTaskChangeListener', () => {
  let database: Database;
  let unitOfWork: UnitOfWork;
  let hub: TaskChangeHub;
  let listener: PostgresTaskChangeListener;

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    ({ unitOfWork } = createPostgresAdapters(database.session));
  });
  after(async () => {
    await database.close();
  });
  beforeEach(async () => {
    hub = new TaskChangeHub();
    listener = new PostgresTaskChangeListener(database.url, hub, createLogger('silent'), { initialMs: 200, maxMs: 400 });
    await listener.start();
  });
  afterEach(async () => {
    await listener.close();
  });

  const newTask = (owner: UserId) =>
    Task.create({ placement: TaskMother.placement(), listId: TaskMother.listOf(owner), id: TaskId.from(randomUUID()), owner, title: TaskTitle.from('Heard'), description: TaskDescription.fromNullable(null), now: new Date() });
  const isBackendAlive = async (pid: number) =>
    (await database.orm.em.getConnection().execute('select 1 from pg_stat_activity where pid = ?', [pid])).length > 0;

  it('announces a committed change once, with the owner’s last position, and a rolled-back one never', async () => {
    const owner = UserId.from(`owner-${randomUUID()}`);
    const heard: (number | null)[] = [];
    hub.subscribe(owner.value, (seq) => heard.push(seq));

    await expectRejection(
      unitOfWork.run(async (stores) => {
        await stores.tasks.persist(newTask(owner));
        throw new Error('rolled back');
      }),
      Error,
    );
    const task = newTask(owner);
    await unitOfWork.run((stores) => stores.tasks.persist(task));
    await eventually(() => heard.length >= 1, 1000, 'the commit to be announced');
    // Two events in one transaction: one notification, naming the later position.
    await unitOfWork.run(async (stores) => {
      const loaded = (await stores.tasks.findOwned(owner, task.id))!;
      loaded.change(owner, { title: TaskTitle.from('Renamed'), completed: true }, new Date());
      await stores.tasks.persist(loaded);
    });
    await eventually(() => heard.length >= 2, 1000, 'the second commit to be announced');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).to.deep.equal([1, 3]);
  });

  it('hands each owner of a payload of several owners to the hub, with that owner’s position', async () => {
    const [alice, bob] = [`alice-${randomUUID()}`, `bob-${randomUUID()}`];
    const heard: string[] = [];
    hub.subscribe(alice, (seq) => heard.push(`${alice}:${seq}`));
    hub.subscribe(bob, (seq) => heard.push(`${bob}:${seq}`));
    const [payload] = encodeTaskChangeNotifications([
      [alice, 4],
      [`nobody-${randomUUID()}`, 1],
      [bob, 9],
    ]);
    await database.orm.em.getConnection().execute('select pg_notify(?, ?)', [TASK_CHANGES_CHANNEL, payload]);
    await eventually(() => heard.length >= 2, 1000, 'both owners to be signalled');
    expect(heard).to.deep.equal([`${alice}:4`, `${bob}:9`]);
  });

  it('signals a change whose notification never went out, from where the followed logs end', async () => {
    const checking = new PostgresTaskChangeListener(database.url, hub, createLogger('silent'), { initialMs: 200, maxMs: 400 }, 100);
    await checking.start();
    try {
      const owner = `owner-${randomUUID()}`;
      const heard: (number | null)[] = [];
      hub.subscribe(owner, (seq) => heard.push(seq));
      // A writer that died between its commit and its notification: the log grew, nobody said so.
      await database.orm.em.getConnection().execute('insert into task_event_streams (user_id, last_seq) values (?, 7)', [owner]);
      await eventually(() => heard.includes(7), 1000, 'the grown log to be noticed');
    } finally {
      await checking.close();
    }
  });

  it('reconnects after losing its connection and asks every subscriber to read the log again', async () => {
    const signals: (number | null)[] = [];
    hub.subscribe('someone', (seq) => signals.push(seq));
    const pid = listener.backendPid!;
    await database.orm.em.getConnection().execute('select pg_terminate_backend(?)', [pid]);
    await eventually(() => !listener.connected, 1000, 'the loss to be noticed');
    await eventually(() => listener.connected, 2000, 'the reconnection');
    expect(listener.backendPid).to.not.equal(pid);
    expect(signals).to.deep.equal([null]);
  });

  it('keeps trying at least every two seconds however long the database is away, so it is back soon after it', async function () {
    this.timeout(30_000);
    const link = await DatabaseLink.start(database.url);
    // The service's own backoff, not the short one of the other tests.
    const patient = new PostgresTaskChangeListener(link.url, hub, createLogger('silent'));
    try {
      await patient.start();
      const signals: (number | null)[] = [];
      hub.subscribe('someone', (seq) => signals.push(seq));
      link.cut();
      const cutAt = Date.now();
      await eventually(() => !patient.connected, 1000, 'the loss to be noticed');
      // Long enough for a backoff that doubled without a low ceiling to leave gaps of more than three seconds.
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      const tries = [cutAt, ...link.attempts.filter((at) => at > cutAt), Date.now()];
      const gaps = tries.slice(1).map((at, index) => at - tries[index]!);
      expect(Math.max(...gaps), `gaps between attempts: ${gaps.join(', ')} ms`).to.be.at.most(2_500);

      link.restore();
      const restoredAt = Date.now();
      await eventually(() => patient.connected, 3_000, 'the reconnection');
      expect(Date.now() - restoredAt).to.be.at.most(2_500);
      await eventually(() => signals.length > 0, 1000, 'every subscriber to be asked to read again');
      expect(signals).to.deep.equal([null]);
    } finally {
      await patient.close();
      await link.close();
    }
  });

  it('closes its connection and stops reconnecting when closed', async () => {
    const pid = listener.backendPid!;
    expect(await isBackendAlive(pid)).to.equal(true);
    await listener.close();
    await eventually(async () => !(await isBackendAlive(pid)), 1000, 'the backend to go');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(listener.connected).to.equal(false);
  });

  it('does not come back when closed while waiting to reconnect', async () => {
    const countListeners = async () => {
      const [row] = await database.orm.em
        .getConnection()
        .execute<{ n: number }[]>(`select count(*)::int as n from pg_stat_activity where application_name = 'tasks-api-listener'`);
      return row!.n;
    };
    const before = await countListeners();
    await database.orm.em.getConnection().execute('select pg_terminate_backend(?)', [listener.backendPid]);
    await eventually(() => !listener.connected, 1000, 'the loss to be noticed');
    await listener.close();
    await new Promise((resolve) => setTimeout(resolve, 500)); // past the longest backoff
    expect(listener.connected).to.equal(false);
    expect(await countListeners()).to.equal(before - 1);
  });
});
