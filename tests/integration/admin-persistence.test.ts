/** The operators' PostgreSQL adapters: cross-user counts, the id lookup, erasure, and the read-only migration status. */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Task, TaskDescription, TaskId, TaskTitle, UserId } from '../../src/domain/index.js';
import { TaskChangeNotifier } from '../../src/infrastructure/events/task-change-notifier.js';
import { Database } from '../../src/infrastructure/persistence/postgres/database.js';
import { PostgresTaskIdLookup } from '../../src/infrastructure/persistence/postgres/postgres-task-id-lookup.js';
import { PostgresTaskRepository } from '../../src/infrastructure/persistence/postgres/write-path/postgres-task-repository.js';
import { PostgresUnitOfWork } from '../../src/infrastructure/persistence/postgres/write-path/postgres-unit-of-work.js';
import { PostgresUserTaskErasure } from '../../src/infrastructure/persistence/postgres/postgres-user-task-erasure.js';
import { MIGRATIONS } from '../../src/infrastructure/persistence/postgres/orm-config.js';
import { PostgresTaskAdminReadModel } from '../../src/infrastructure/persistence/postgres/postgres-task-admin-read-model.js';
import { PostgresTaskReadModel } from '../../src/infrastructure/persistence/postgres/postgres-task-read-model.js';
import { testDatabaseUrl } from '../support/test-database.js';

describe('PostgreSQL admin persistence', () => {
  let database: Database;
  let repository: PostgresTaskRepository;
  let unitOfWork: PostgresUnitOfWork;
  let admin: PostgresTaskAdminReadModel;
  let reads: PostgresTaskReadModel;

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    repository = new PostgresTaskRepository(database.session, new TaskChangeNotifier(database.session));
    unitOfWork = new PostgresUnitOfWork(database.session);
    admin = new PostgresTaskAdminReadModel(database.session);
    reads = new PostgresTaskReadModel(database.session);
  });
  after(async () => {
    await database.close();
  });

  const newOwner = (label: string) => UserId.from(`${label}-${randomUUID()}`);
  /** Creates a task as a command handler would: inside the unit of work, so a retried attempt starts afresh. */
  const store = (owner: UserId, options: { completed?: boolean; createdAt?: Date } = {}) =>
    unitOfWork.run(async () => {
      const now = options.createdAt ?? new Date();
      const task = Task.create({ id: TaskId.from(randomUUID()), owner, title: TaskTitle.from('Stored'), description: TaskDescription.from('d'), now });
      if (options.completed) task.complete(owner, now);
      await repository.persist(task);
      return task;
    });
  const count = async (table: string, owner: UserId) =>
    ((await database.orm.em.getConnection().execute(`select count(*)::int as n from ${table} where user_id = ?`, [owner.value])) as { n: number }[])[0]!.n;

  it('counts tasks per user, and for one user only when asked', async () => {
    const alice = newOwner('alice');
    const bob = newOwner('bob');
    await store(alice, { completed: true });
    await store(alice);
    await store(bob);

    expect(await admin.statsByUser(alice.value)).to.deep.equal([{ user_id: alice.value, total: 2, pending: 1, completed: 1 }]);
    const everyone = await admin.statsByUser();
    expect(everyone).to.deep.include({ user_id: bob.value, total: 1, pending: 1, completed: 0 });
    expect(everyone.map((row) => row.user_id)).to.include(alice.value);
  });

  it('reads all of one user’s tasks oldest first, in the shape the HTTP reads give', async () => {
    const owner = newOwner('export');
    const newer = await store(owner, { createdAt: new Date('2026-11-25T11:00:00.000Z') });
    const older = await store(owner, { createdAt: new Date('2026-11-25T10:00:00.000Z') });
    await store(newOwner('other'));

    const tasks = await admin.allTasksOf(owner.value);

    expect(tasks).to.deep.equal([await reads.findOne(owner.value, older.id.value), await reads.findOne(owner.value, newer.id.value)]);
  });

  it('measures a user’s tasks and events', async () => {
    const owner = newOwner('footprint');
    await store(owner, { completed: true });

    expect(await admin.footprint(owner.value)).to.deep.equal({ tasks: 1, events: 2 });
    expect(await admin.footprint(newOwner('nobody').value)).to.deep.equal({ tasks: 0, events: 0 });
  });

  it('finds which ids are taken, by any owner', async () => {
    const lookup = new PostgresTaskIdLookup(database.session);
    const mine = await store(newOwner('mine'));
    const theirs = await store(newOwner('theirs'));
    const free = randomUUID();

    const taken = await unitOfWork.run(() => lookup.taken([mine.id.value, free, theirs.id.value]));

    expect([...taken].sort()).to.deep.equal([mine.id.value, theirs.id.value].sort());
    expect(await unitOfWork.run(() => lookup.taken([]))).to.deep.equal(new Set());
  });

  it('erases one user’s tasks, events and idempotency keys, and nobody else’s; the change count goes on', async () => {
    const erasure = new PostgresUserTaskErasure(database.session);
    const owner = newOwner('erased');
    const other = newOwner('kept');
    await store(owner, { completed: true });
    await store(owner);
    await store(other);
    for (const user of [owner, other]) {
      await database.orm.em.getConnection().execute(
        `insert into idempotency_keys (user_id, key, fingerprint, attempt, created_at, completed_at, response)
         values (?, 'k', 'f', ?, now(), now(), '{"title":"Stored"}')`,
        [user.value, randomUUID()],
      );
    }

    expect(await unitOfWork.run(() => erasure.erase(owner.value))).to.deep.equal({ tasks: 2, events: 3 });

    for (const table of ['tasks', 'task_events', 'idempotency_keys']) {
      expect(await count(table, owner), table).to.equal(0);
      expect(await count(table, other), table).to.equal(1);
    }
    const streams = await database.orm.em
      .getConnection()
      .execute('select user_id, last_seq::int, erased_through::int, task_count from task_event_streams where user_id in (?, ?) order by user_id', [
        owner.value,
        other.value,
      ]);
    expect(streams).to.deep.equal([
      { user_id: owner.value, last_seq: 3, erased_through: 3, task_count: 0 },
      { user_id: other.value, last_seq: 1, erased_through: 0, task_count: 1 },
    ]);
  });

  it('erases nothing when the unit of work fails afterwards', async () => {
    const erasure = new PostgresUserTaskErasure(database.session);
    const owner = newOwner('rolled-back');
    await store(owner);

    const outcome = await unitOfWork
      .run(async () => {
        await erasure.erase(owner.value);
        throw new Error('after the erasure');
      })
      .catch((error: Error) => error.message);

    expect(outcome).to.equal('after the erasure');
    expect(await count('tasks', owner)).to.equal(1);
    expect(await count('task_events', owner)).to.equal(1);
  });

  it('leaves tasks and events consistent when the owner creates tasks while being erased', async () => {
    const erasure = new PostgresUserTaskErasure(database.session);
    const owner = newOwner('racing');
    const connection = database.orm.em.getConnection();
    for (let round = 0; round < 10; round++) {
      await Promise.all([
        ...Array.from({ length: 4 }, () => store(owner)),
        unitOfWork.run(() => erasure.erase(owner.value)),
        ...Array.from({ length: 4 }, () => store(owner)),
      ]);

      // Whatever survived, survived whole: each task with its event, numbered without gaps after the erased part.
      const tasks = (await connection.execute('select id from tasks where user_id = ? order by id', [owner.value])) as { id: string }[];
      const events = (await connection.execute('select seq::int, task_id from task_events where user_id = ? order by seq', [owner.value])) as {
        seq: number;
        task_id: string;
      }[];
      expect(events.map((event) => event.task_id).sort(), `round ${round}`).to.deep.equal(tasks.map((task) => task.id));
      const [stream] = (await connection.execute('select last_seq::int, erased_through::int, task_count from task_event_streams where user_id = ?', [
        owner.value,
      ])) as { last_seq: number; erased_through: number; task_count: number }[];
      expect(events.map((event) => event.seq)).to.deep.equal(events.map((_, index) => stream!.erased_through + index + 1));
      expect(stream!.last_seq).to.equal(stream!.erased_through + events.length);
      expect(stream!.task_count, 'the task count').to.equal(tasks.length);
      await unitOfWork.run(() => erasure.erase(owner.value));
    }
  });

  it('reports every migration as executed once migrated', async () => {
    const status = await database.migrationStatus();

    expect(status.map((migration) => migration.name)).to.deep.equal(MIGRATIONS.map((migration) => migration.name));
    for (const { executedAt } of status) {
      expect(executedAt).to.be.instanceOf(Date);
      expect(Number.isNaN(executedAt!.getTime())).to.equal(false);
    }
  });
});
