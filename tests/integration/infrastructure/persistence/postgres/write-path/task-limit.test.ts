/**
 * MAX_TASKS_PER_USER on PostgreSQL: the count kept on each owner's `task_event_streams` row, checked by the
 * create statement itself — exact under concurrent creates, kept by deletes, reset by a purge. What a user
 * sees of the limit is the `TaskRepository` contract's (tests/support/contracts); this is the count behind it.
 */
import { TaskMother } from '../../../../../support/task-mother.js';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { UnitOfWork } from '../../../../../../src/application/ports/unit-of-work.js';
import { Task, TaskDescription, TaskId, TaskLimitReachedError, TaskTitle, UserId } from '../../../../../../src/domain/index.js';
import { Database } from '../../../../../../src/infrastructure/persistence/postgres/database.js';
import { expectRejection } from '../../../../../support/expect-rejection.js';
import { createPostgresAdapters } from '../../../../../support/postgres-adapters.js';
import { testDatabaseUrl } from '../../../../../support/test-database.js';

const LIMIT = 5;

describe('PostgreSQL: the per-user task count', () => {
  let database: Database;
  let unitOfWork: UnitOfWork;

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    ({ unitOfWork } = createPostgresAdapters(database.session, { maxTasksPerUser: LIMIT }));
  });
  after(async () => {
    await database.close();
  });

  const newOwner = () => UserId.from(`limited-${randomUUID()}`);
  const newTask = (owner: UserId) =>
    Task.create({ placement: TaskMother.placement(), listId: TaskMother.listOf(owner), id: TaskId.from(randomUUID()), owner, title: TaskTitle.from('Counted'), description: TaskDescription.fromNullable(null), now: new Date() });
  const create = (owner: UserId) => unitOfWork.run((stores) => stores.tasks.persist(newTask(owner)));
  const remove = (owner: UserId, id: TaskId) =>
    unitOfWork.run(async (stores) => {
      const task = (await stores.tasks.findOwned(owner, id))!;
      task.delete(owner, new Date());
      await stores.tasks.persist(task);
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

  it('keeps the count equal to the tasks stored through concurrent creates, refusals, deletes, imports and a purge', async () => {
    const owner = newOwner();
    const other = newOwner();
    await create(other);
    const first = newTask(owner);
    await unitOfWork.run((stores) => stores.tasks.persist(first));
    for (let index = 1; index < LIMIT - 1; index++) await create(owner);

    // Ten concurrent creates at one below the limit: one goes in, and the count says so.
    await Promise.allSettled(Array.from({ length: 10 }, () => create(owner)));
    expect(await state(owner)).to.deep.equal({ counted: LIMIT, tasks: LIMIT, events: LIMIT });

    await remove(owner, first.id);
    expect(await state(owner)).to.deep.equal({ counted: LIMIT - 1, tasks: LIMIT - 1, events: LIMIT + 1 });
    await create(owner);
    expect((await state(owner)).counted).to.equal(LIMIT);

    // An import that would cross the limit counts nothing, not even the create before the one refused.
    await remove(owner, await anyTaskOf(owner));
    await expectRejection(
      unitOfWork.run(async (stores) => {
        for (let index = 0; index < 2; index++) await stores.tasks.persist(newTask(owner));
      }),
      TaskLimitReachedError,
    );
    expect(await state(owner)).to.deep.include({ counted: LIMIT - 1, tasks: LIMIT - 1 });

    await unitOfWork.run((stores) => stores.erasure.erase(owner.value));
    expect(await state(owner)).to.deep.equal({ counted: 0, tasks: 0, events: 0 });
    expect(await state(other), 'another owner’s count').to.deep.equal({ counted: 1, tasks: 1, events: 1 });
  });

  it('keeps the count exact while creates, deletes and a purge race', async () => {
    const owner = newOwner();
    for (let round = 0; round < 5; round++) {
      const existing = Array.from({ length: 3 }, () => newTask(owner));
      for (const task of existing) await unitOfWork.run((stores) => stores.tasks.persist(task)).catch(ignoreLimit);
      await Promise.all([
        ...Array.from({ length: 4 }, () => create(owner).catch(ignoreLimit)),
        ...existing.map((task) => remove(owner, task.id).catch(() => undefined)),
        round % 2 === 0 ? unitOfWork.run((stores) => stores.erasure.erase(owner.value)) : Promise.resolve(),
      ]);
      const { counted, tasks } = await state(owner);
      expect(counted, `round ${round}`).to.equal(tasks);
      expect(tasks).to.be.at.most(LIMIT);
    }
  });

  async function anyTaskOf(owner: UserId): Promise<TaskId> {
    const [row] = (await database.orm.em.getConnection().execute('select id from tasks where user_id = ? limit 1', [owner.value])) as { id: string }[];
    return TaskId.from(row!.id);
  }
});

function ignoreLimit(error: unknown): void {
  if (!(error instanceof TaskLimitReachedError)) throw error;
}
