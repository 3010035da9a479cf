/**
 * MAX_TASKS_PER_USER on PostgreSQL: the count kept on each owner's `task_event_streams` row, checked by the
 * create statement itself — exact under concurrent creates, kept by deletes, reset by a purge.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Task, TaskDescription, TaskId, TaskLimitReachedError, TaskTitle, UserId } from '../../src/domain/index.js';
import { TaskChangeNotifier } from '../../src/infrastructure/events/task-change-notifier.js';
import { Database } from '../../src/infrastructure/persistence/postgres/database.js';
import { PostgresTaskRepository } from '../../src/infrastructure/persistence/postgres/write-path/postgres-task-repository.js';
import { PostgresUnitOfWork } from '../../src/infrastructure/persistence/postgres/write-path/postgres-unit-of-work.js';
import { PostgresUserTaskErasure } from '../../src/infrastructure/persistence/postgres/postgres-user-task-erasure.js';
import { expectRejection } from '../support/expect-rejection.js';
import { testDatabaseUrl } from '../support/test-database.js';

const LIMIT = 5;

describe('PostgreSQL: the per-user task limit', () => {
  let database: Database;
  let repository: PostgresTaskRepository;
  let unitOfWork: PostgresUnitOfWork;

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    repository = new PostgresTaskRepository(database.session, new TaskChangeNotifier(database.session), { maxTasksPerUser: LIMIT });
    unitOfWork = new PostgresUnitOfWork(database.session);
  });
  after(async () => {
    await database.close();
  });

  const newOwner = () => UserId.from(`limited-${randomUUID()}`);
  const newTask = (owner: UserId) =>
    Task.create({ id: TaskId.from(randomUUID()), owner, title: TaskTitle.from('Counted'), description: TaskDescription.fromNullable(null), now: new Date() });
  const create = (owner: UserId) => unitOfWork.run(() => repository.persist(newTask(owner)));
  const remove = (owner: UserId, id: TaskId) =>
    unitOfWork.run(async () => {
      const task = (await repository.findOwned(owner, id))!;
      task.delete(owner, new Date());
      await repository.persist(task);
    });
  const state = async (owner: UserId) => {
    const connection = database.orm.em.getConnection();
    const [row] = (await connection.execute(
      `select (select task_count from task_event_streams where user_id = ?) as counted,
              (select count(*)::int from tasks where user_id = ?) as tasks,
              (select count(*)::int from task_events where user_id = ?) as events`,
      [owner.value, owner.value, owner.value],
    )) as { counted: number | null; tasks: number; events: number }[];
    return row!;
  };

  it('lets exactly one of ten concurrent creates through at one below the limit', async () => {
    const owner = newOwner();
    for (let index = 0; index < LIMIT - 1; index++) await create(owner);

    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => create(owner)));

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).to.have.length(1);
    for (const outcome of outcomes.filter((outcome) => outcome.status === 'rejected')) {
      expect((outcome as PromiseRejectedResult).reason).to.be.instanceOf(TaskLimitReachedError);
    }
    // Nothing of a refused create was written: no task, no event.
    expect(await state(owner)).to.deep.equal({ counted: LIMIT, tasks: LIMIT, events: LIMIT });
  });

  it('counts a delete, so a create fits again', async () => {
    const owner = newOwner();
    const first = newTask(owner);
    await unitOfWork.run(() => repository.persist(first));
    for (let index = 1; index < LIMIT; index++) await create(owner);
    await expectRejection(create(owner), TaskLimitReachedError);

    await remove(owner, first.id);
    expect(await state(owner)).to.deep.equal({ counted: LIMIT - 1, tasks: LIMIT - 1, events: LIMIT + 1 });
    await create(owner);
    expect((await state(owner)).counted).to.equal(LIMIT);
  });

  it('refuses a transaction of creates that would cross the limit as a whole (an import)', async () => {
    const owner = newOwner();
    await create(owner);
    const tasks = Array.from({ length: LIMIT }, () => newTask(owner));

    await expectRejection(
      unitOfWork.run(async () => {
        for (const task of tasks) await repository.persist(task);
      }),
      TaskLimitReachedError,
    );

    expect(await state(owner)).to.deep.equal({ counted: 1, tasks: 1, events: 1 });
    await unitOfWork.run(async () => {
      for (let index = 1; index < LIMIT; index++) await repository.persist(newTask(owner));
    });
    expect(await state(owner)).to.deep.equal({ counted: LIMIT, tasks: LIMIT, events: LIMIT });
  });

  it('starts the count again from 0 after a purge', async () => {
    const owner = newOwner();
    for (let index = 0; index < LIMIT; index++) await create(owner);

    await unitOfWork.run(() => new PostgresUserTaskErasure(database.session).erase(owner.value));

    expect(await state(owner)).to.deep.equal({ counted: 0, tasks: 0, events: 0 });
    for (let index = 0; index < LIMIT; index++) await create(owner);
    await expectRejection(create(owner), TaskLimitReachedError);
  });

  it('keeps the count exact while creates, deletes and a purge race', async () => {
    const owner = newOwner();
    const erasure = new PostgresUserTaskErasure(database.session);
    for (let round = 0; round < 5; round++) {
      const existing = Array.from({ length: 3 }, () => newTask(owner));
      for (const task of existing) await unitOfWork.run(() => repository.persist(task)).catch(ignoreLimit);
      await Promise.all([
        ...Array.from({ length: 4 }, () => create(owner).catch(ignoreLimit)),
        ...existing.map((task) => remove(owner, task.id).catch(() => undefined)),
        round % 2 === 0 ? unitOfWork.run(() => erasure.erase(owner.value)) : Promise.resolve(),
      ]);
      const { counted, tasks } = await state(owner);
      expect(counted, `round ${round}`).to.equal(tasks);
      expect(tasks).to.be.at.most(LIMIT);
    }
  });
});

function ignoreLimit(error: unknown): void {
  if (!(error instanceof TaskLimitReachedError)) throw error;
}
