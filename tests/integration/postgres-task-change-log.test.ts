/** The change log read straight from `task_events`: per owner, after a position, served by the primary key. */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Task, TaskDescription, TaskId, TaskTitle, UserId } from '../../src/domain/index.js';
import { TaskChangeNotifier } from '../../src/infrastructure/events/task-change-notifier.js';
import { Database } from '../../src/infrastructure/persistence/postgres/database.js';
import { PostgresTaskRepository } from '../../src/infrastructure/persistence/postgres/write-path/postgres-task-repository.js';
import { PostgresUnitOfWork } from '../../src/infrastructure/persistence/postgres/write-path/postgres-unit-of-work.js';
import { PostgresTaskChangeLog } from '../../src/infrastructure/persistence/postgres/postgres-task-change-log.js';
import { testDatabaseUrl } from '../support/test-database.js';

describe('PostgresTaskChangeLog', () => {
  let database: Database;
  let repository: PostgresTaskRepository;
  let unitOfWork: PostgresUnitOfWork;
  let log: PostgresTaskChangeLog;

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    repository = new PostgresTaskRepository(database.session, new TaskChangeNotifier(database.session));
    unitOfWork = new PostgresUnitOfWork(database.session);
    log = new PostgresTaskChangeLog(database.session);
  });
  after(async () => {
    await database.close();
  });

  const create = (owner: UserId, title: string) => {
    const task = Task.create({ id: TaskId.from(randomUUID()), owner, title: TaskTitle.from(title), description: TaskDescription.fromNullable(null), now: new Date() });
    return unitOfWork.run(() => repository.persist(task)).then(() => task);
  };

  it('reads one owner’s changes after a position, oldest first, with the task in its wire shape', async () => {
    const owner = UserId.from(`owner-${randomUUID()}`);
    const other = UserId.from(`other-${randomUUID()}`);
    const first = await create(owner, 'first');
    await create(other, 'not yours');
    const second = await create(owner, 'second');

    const all = await log.readAfter(owner.value, 0, 10);
    expect(all.map((change) => [change.seq, change.type, change.task_id])).to.deep.equal([
      [1, 'task.created', first.id.value],
      [2, 'task.created', second.id.value],
    ]);
    expect(Object.keys(all[0]!.task!)).to.deep.equal([
      'id', 'user_id', 'title', 'description', 'due_date', 'priority', 'completed', 'completed_at', 'created_at', 'updated_at', 'version',
    ]);
    expect(all[0]!.occurred_at).to.equal(first.createdAt.toISOString());
    expect((await log.readAfter(owner.value, 1, 10)).map((change) => change.seq)).to.deep.equal([2]);
    expect(await log.readAfter(owner.value, 0, 1)).to.have.length(1);
    expect(await log.position(owner.value)).to.deep.equal({ lastSeq: 2, erasedThrough: 0, compactedThrough: 0 });
    expect(await log.position(`nobody-${randomUUID()}`)).to.deep.equal({ lastSeq: 0, erasedThrough: 0, compactedThrough: 0 });
  });

  it('reads a task recorded before due dates and priorities existed as having neither', async () => {
    const owner = `owner-${randomUUID()}`;
    const taskId = randomUUID();
    const stored = {
      id: taskId, user_id: owner, title: 'Old', description: null, completed: false, completed_at: null,
      created_at: '2026-11-25T10:00:00.000Z', updated_at: '2026-11-25T10:00:00.000Z', version: 1,
    };
    await database.orm.em.getConnection().execute(
      `insert into task_events (user_id, seq, type, task_id, occurred_at, task) values (?, 1, 'task.created', ?, now(), ?::jsonb)`,
      [owner, taskId, JSON.stringify(stored)],
    );

    const [change] = await log.readAfter(owner, 0, 10);

    expect(change!.task).to.deep.equal({ ...stored, due_date: null, priority: 'none' });
    expect(Object.keys(change!.task!)).to.deep.equal([
      'id', 'user_id', 'title', 'description', 'due_date', 'priority', 'completed', 'completed_at', 'created_at', 'updated_at', 'version',
    ]);
  });

  it('reads after a position with a range scan of the primary key, without sorting', async () => {
    // `set local` in one transaction: a plain `set` could land on another pooled connection than the explain.
    const rows = await database.orm.em.fork().transactional(async (em) => {
      // Small test tables tempt the planner to scan and sort; forbid that to see the ordered path exists.
      await em.execute('set local enable_seqscan = off');
      await em.execute('set local enable_bitmapscan = off');
      return em.execute(`explain select * from task_events where user_id = 'x' and seq > 5 order by seq limit 100`);
    });
    const plan = rows.map((row: any) => row['QUERY PLAN']).join('\n');
    expect(plan).to.match(/Index Scan using task_events_pkey/);
    expect(plan).to.not.match(/Sort/);
  });
});
