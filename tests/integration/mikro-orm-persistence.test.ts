/** The PostgreSQL adapters: owner-scoped storage, the event log written in the same transaction, rollback. */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Task, TaskDescription, TaskDueDate, TaskId, TaskPriority, TaskTitle, UserId } from '../../src/domain/index.js';
import { Database } from '../../src/infrastructure/persistence/mikro-orm/database.js';
import { MikroOrmTaskRepository } from '../../src/infrastructure/persistence/mikro-orm/mikro-orm-task-repository.js';
import { MikroOrmUnitOfWork } from '../../src/infrastructure/persistence/mikro-orm/mikro-orm-unit-of-work.js';
import { listTasksStatement, SqlTaskReadModel } from '../../src/infrastructure/persistence/mikro-orm/sql-task-read-model.js';
import type { TaskListCriteria } from '../../src/application/ports/task-read-model.js';
import { expectRejection } from '../support/expect-rejection.js';
import { testDatabaseUrl } from '../support/test-database.js';

describe('PostgreSQL persistence', () => {
  let database: Database;
  let repository: MikroOrmTaskRepository;
  let unitOfWork: MikroOrmUnitOfWork;
  let readModel: SqlTaskReadModel;

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    repository = new MikroOrmTaskRepository(database.orm.em);
    unitOfWork = new MikroOrmUnitOfWork(database.orm);
    readModel = new SqlTaskReadModel(database.orm);
  });
  after(async () => {
    await database.close();
  });

  const newTask = (owner: UserId, title = 'Persisted') =>
    Task.create({ id: TaskId.from(randomUUID()), owner, title: TaskTitle.from(title), description: TaskDescription.from('d'), now: new Date() });
  const eventsOf = (owner: UserId) =>
    database.orm.em.getConnection().execute(`select seq::int, type, task_id, task from task_events where user_id = ? order by seq`, [owner.value]);

  it('stores a task and its creation event together, and finds it only for its owner', async () => {
    const owner = UserId.from(`owner-${randomUUID()}`);
    const stranger = UserId.from(`stranger-${randomUUID()}`);
    const task = newTask(owner);
    await unitOfWork.run(() => repository.save(task));

    const found = await unitOfWork.run(() => repository.findOwned(owner, task.id));
    expect(found?.snapshot()).to.deep.equal(task.snapshot());
    expect(await unitOfWork.run(() => repository.findOwned(stranger, task.id))).to.equal(null);
    expect(await readModel.findOne(stranger.value, task.id.value)).to.equal(null);

    const events = await eventsOf(owner);
    expect(events).to.have.length(1);
    expect(events[0]!).to.include({ seq: 1, type: 'task.created', task_id: task.id.value });
    expect(events[0]!.task).to.include({ id: task.id.value, title: 'Persisted', version: 1 });
  });

  it('updates and deletes through the owner, numbering the owner’s events without gaps', async () => {
    const owner = UserId.from(`owner-${randomUUID()}`);
    const task = newTask(owner);
    await unitOfWork.run(() => repository.save(task));
    await unitOfWork.run(async () => {
      const loaded = (await repository.findOwned(owner, task.id))!;
      loaded.change(owner, { title: TaskTitle.from('Renamed'), completed: true }, new Date());
      await repository.save(loaded);
    });
    expect(await readModel.findOne(owner.value, task.id.value)).to.include({ title: 'Renamed', completed: true, version: 2 });

    await unitOfWork.run(async () => {
      const loaded = (await repository.findOwned(owner, task.id))!;
      loaded.delete(owner, new Date());
      await repository.save(loaded);
    });
    expect(await readModel.findOne(owner.value, task.id.value)).to.equal(null);
    const events = await eventsOf(owner);
    expect(events.map((event: any) => [event.seq, event.type])).to.deep.equal([
      [1, 'task.created'],
      [2, 'task.updated'],
      [3, 'task.completed'],
      [4, 'task.deleted'],
    ]);
    expect(events[3]!.task).to.equal(null);
  });

  it('keeps due dates and priorities, in every read and in the events', async () => {
    const owner = UserId.from(`owner-${randomUUID()}`);
    const task = Task.create({
      id: TaskId.from(randomUUID()),
      owner,
      title: TaskTitle.from('Dated'),
      description: null,
      dueDate: TaskDueDate.from('9999-12-31'),
      priority: TaskPriority.from('high'),
      now: new Date(),
    });
    await unitOfWork.run(() => repository.save(task));
    expect(await readModel.findOne(owner.value, task.id.value)).to.include({ due_date: '9999-12-31', priority: 'high' });

    await unitOfWork.run(async () => {
      const loaded = (await repository.findOwned(owner, task.id))!;
      expect(loaded.snapshot()).to.deep.equal(task.snapshot());
      loaded.change(owner, { dueDate: TaskDueDate.from('1900-01-01'), priority: TaskPriority.from('low') }, new Date());
      await repository.save(loaded);
    });
    expect(await readModel.findOne(owner.value, task.id.value)).to.include({ due_date: '1900-01-01', priority: 'low', version: 2 });

    await unitOfWork.run(async () => {
      const loaded = (await repository.findOwned(owner, task.id))!;
      loaded.change(owner, { dueDate: null, priority: TaskPriority.NONE }, new Date());
      await repository.save(loaded);
    });
    expect(await readModel.findOne(owner.value, task.id.value)).to.include({ due_date: null, priority: 'none', version: 3 });
    const events = await eventsOf(owner);
    expect(events.map((event: any) => [event.task.due_date, event.task.priority])).to.deep.equal([
      ['9999-12-31', 'high'],
      ['1900-01-01', 'low'],
      [null, 'none'],
    ]);
  });

  it('a unit of work that fails leaves neither the change nor its events behind', async () => {
    const owner = UserId.from(`owner-${randomUUID()}`);
    const task = newTask(owner);
    await expectRejection(
      unitOfWork.run(async () => {
        await repository.save(task);
        throw new Error('failure after the write');
      }),
      Error,
    );
    expect(await readModel.findOne(owner.value, task.id.value)).to.equal(null);
    expect(await eventsOf(owner)).to.deep.equal([]);
    expect(await readModel.stats(owner.value)).to.deep.equal({ total: 0, pending: 0, completed: 0 });
  });

  it('a run started inside a run joins it: the outer failure undoes the inner run’s writes too', async () => {
    const owner = UserId.from(`owner-${randomUUID()}`);
    const task = newTask(owner);
    await expectRejection(
      unitOfWork.run(async () => {
        await unitOfWork.run(() => repository.save(task));
        throw new Error('failure after the inner run ended');
      }),
      Error,
    );
    expect(await readModel.findOne(owner.value, task.id.value)).to.equal(null);
    expect(await eventsOf(owner)).to.deep.equal([]);
  });

  it('walks an index for every listing: each sort, order and status filter, first page and after a cursor', async () => {
    const criteria: TaskListCriteria[] = [];
    for (const sort of ['created_at', 'updated_at', 'title'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        for (const status of ['all', 'pending', 'completed'] as const) {
          for (const after of [null, { value: sort === 'title' ? 'm' : '2026-11-25T10:00:00.000Z', id: randomUUID() }]) {
            criteria.push({ ownerId: 'x', status, sort, order, search: null, after, limit: 101 });
          }
        }
      }
    }
    // `set local` in one transaction, so the setting applies to the very connection that explains. On tables
    // this small, scanning any index and sorting a row or two costs what walking the right index does: forbid
    // sorting too, so that the plan shows whether an index serves the order (a Sort then remains only if none does).
    const plans = await database.orm.em.fork().transactional(async (em) => {
      await em.execute('set local enable_seqscan = off');
      await em.execute('set local enable_sort = off');
      const explained: [string, string][] = [];
      for (const criterion of criteria) {
        const { sql, params } = listTasksStatement(criterion);
        const rows = await em.execute(`explain ${sql}`, params);
        explained.push([JSON.stringify(criterion), rows.map((row: any) => row['QUERY PLAN']).join('\n')]);
      }
      return explained;
    });
    for (const [label, plan] of plans) {
      expect(plan, label).to.match(/Index (Only )?Scan/);
      expect(plan, label).to.not.match(/Sort/);
    }
  });
});
