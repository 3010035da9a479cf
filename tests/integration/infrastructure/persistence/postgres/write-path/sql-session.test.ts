/**
 * The write path on PostgreSQL: how many statements a change costs, and that the optimistic first attempt
 * never loses a concurrent change — it runs again, locking, when its row moved on.
 */
import { postgresStores, storeTestList } from '../../../../../support/postgres-adapters.js';
import { TaskMother } from '../../../../../support/task-mother.js';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { ServiceUnavailableError } from '../../../../../../src/application/errors.js';
import { Position, Task, TaskDescription, TaskId, TaskTitle, TaskVersionMismatchError, UserId } from '../../../../../../src/domain/index.js';
import { createLogger } from '../../../../../../src/infrastructure/logging/logger.js';
import { TaskChangeNotifier } from '../../../../../../src/infrastructure/events/task-change-notifier.js';
import { Database } from '../../../../../../src/infrastructure/persistence/postgres/database.js';
import { PostgresTaskRepository } from '../../../../../../src/infrastructure/persistence/postgres/write-path/postgres-task-repository.js';
import { PostgresUnitOfWork } from '../../../../../../src/infrastructure/persistence/postgres/write-path/postgres-unit-of-work.js';
import { SqlConnections, type Sql } from '../../../../../../src/infrastructure/persistence/postgres/sql-connections.js';
import { SqlSession } from '../../../../../../src/infrastructure/persistence/postgres/write-path/sql-session.js';
import { PostgresTaskChangeLog } from '../../../../../../src/infrastructure/persistence/postgres/postgres-task-change-log.js';
import { expectRejection } from '../../../../../support/expect-rejection.js';
import { testDatabaseUrl } from '../../../../../support/test-database.js';

/** A repository and unit of work on a session of their own, recording the statements they send. */
function writer(database: Database) {
  const sent: string[] = [];
  const session = new SqlSession(new SqlConnections(database.orm, { observe: (sql: Sql) => sent.push(kindOf(sql.text)) }));
  const notifier = new TaskChangeNotifier(session);
  const repository = new PostgresTaskRepository(session, notifier);
  return { sent, notifier, repository, unitOfWork: new PostgresUnitOfWork(session, postgresStores(session, notifier, repository)) };
}

/** `select`, `select … for update`, `insert`, `update`, `delete`, `begin`, `commit`, `rollback`, `notify`. */
function kindOf(text: string): string {
  const trimmed = text.trim().toLowerCase();
  if (trimmed.startsWith('select pg_notify')) return 'notify';
  // A change is one statement of CTEs: its kind is what it does to `tasks`.
  if (trimmed.startsWith('with ')) return /\b(insert|update|delete)( into| from)? tasks\b/.exec(trimmed)![1]!;
  const first = trimmed.split(/\s/)[0]!;
  return first === 'select' && trimmed.endsWith('for update') ? 'select for update' : first;
}

describe('SqlSession: round trips and write conflicts', () => {
  let database: Database;
  let log: PostgresTaskChangeLog;

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    log = new PostgresTaskChangeLog(database.session);
  });
  after(async () => {
    await database.close();
  });

  /** A new owner, with the list their tasks go in (`TaskMother.listOf`). */
  const owner = async () => {
    const user = UserId.from(`owner-${randomUUID()}`);
    await storeTestList(database.session, user);
    return user;
  };
  const newTask = (user: UserId, title = 'Write path') =>
    Task.create({ placement: TaskMother.placement(), listId: TaskMother.listOf(user), id: TaskId.from(randomUUID()), owner: user, title: TaskTitle.from(title), description: TaskDescription.fromNullable(null), now: new Date() });

  it('creates a task and its event in one statement, with no BEGIN or COMMIT, and announces it after', async () => {
    const { sent, notifier, unitOfWork } = writer(database);
    const user = await owner();
    const task = newTask(user);
    await unitOfWork.run((stores) => stores.tasks.persist(task));
    expect(sent).to.deep.equal(['insert']);
    await notifier.flush();
    expect(sent).to.deep.equal(['insert', 'notify']);
    const [event] = await log.readAfter(user.value, 0, 10);
    expect(event).to.include({ seq: 1, type: 'task.created', task_id: task.id.value });
  });

  it('changes a task this instance has not seen in two statements: the read, then the change with its events', async () => {
    const creator = writer(database);
    const { sent, unitOfWork } = writer(database);
    const user = await owner();
    const task = newTask(user);
    await creator.unitOfWork.run((stores) => stores.tasks.persist(task));
    await unitOfWork.run(async (stores) => {
      const loaded = (await stores.tasks.findOwned(user, task.id))!;
      loaded.toggle(user, new Date());
      await stores.tasks.persist(loaded);
    });
    expect(sent.filter((kind) => kind !== 'notify')).to.deep.equal(['select', 'update']);
    expect((await log.readAfter(user.value, 0, 10)).map((change) => change.type)).to.deep.equal(['task.created', 'task.completed']);
  });

  it('changes a task it created, read or changed in one statement, from the state it remembers', async () => {
    const { sent, repository, unitOfWork } = writer(database);
    const user = await owner();
    const task = newTask(user);
    await unitOfWork.run((stores) => stores.tasks.persist(task));
    for (let change = 0; change < 3; change++) {
      await unitOfWork.run(async (stores) => {
        const loaded = (await stores.tasks.findOwned(user, task.id))!;
        loaded.toggle(user, new Date());
        await stores.tasks.persist(loaded);
      });
    }
    expect(sent.filter((kind) => kind !== 'notify')).to.deep.equal(['insert', 'update', 'update', 'update']);
    expect((await repository.findOwned(user, task.id))!.version).to.equal(4);
  });

  /** Appends a task to the end of the owner's list, as a create does: the group's last position, then the write. */
  const append = (w: ReturnType<typeof writer>, user: UserId) =>
    w.unitOfWork.run(async (stores) => {
      const id = TaskId.from(randomUUID());
      const last = await stores.tasks.lastPositionUnder(user, null, TaskMother.listOf(user));
      const task = Task.create({
        id,
        owner: user,
        title: TaskTitle.from('Appended'),
        description: null,
        listId: TaskMother.listOf(user),
        placement: { parentId: null, position: Position.endAfter(last, id.value) },
        now: new Date(),
      });
      await stores.tasks.persist(task);
      return task;
    });

  it('appends to a group it has read or written in one statement, from the end it remembers', async () => {
    const user = await owner();
    const here = writer(database);
    for (let task = 0; task < 3; task++) await append(here, user);
    expect(here.sent.filter((kind) => kind !== 'notify')).to.deep.equal(['select', 'insert', 'insert', 'insert']);
  });

  it('still appends at the very end when another instance appended after the end it remembers', async () => {
    const here = writer(database);
    const elsewhere = writer(database);
    const user = await owner();
    const first = await append(here, user);
    // Two, so that the last key there is past any this instance could make after the end it remembers.
    await append(elsewhere, user);
    const second = await append(elsewhere, user);
    here.sent.length = 0;
    const third = await append(here, user);

    // The write from the remembered end found the other task at or after its key, wrote nothing, and ran again locking.
    expect(here.sent.filter((kind) => kind !== 'notify')).to.deep.equal(['insert', 'begin', 'select', 'select', 'insert', 'commit']);
    const order = [first, second, third].map((task) => task.position.value);
    expect(order).to.deep.equal([...order].sort());
    expect(Position.compare(third.position, second.position)).to.equal(1);
    expect((await log.readAfter(user.value, 0, 10)).map((change) => change.type)).to.deep.equal(['task.created', 'task.created', 'task.created', 'task.created']);
  });

  it('never overwrites a change made elsewhere from a stale remembered state, and confirms a failed If-Match', async () => {
    const here = writer(database);
    const elsewhere = writer(database); // another instance: a cache of its own
    const user = await owner();
    const task = newTask(user, 'Original');
    await here.unitOfWork.run((stores) => stores.tasks.persist(task)); // remembered here at version 1
    await elsewhere.unitOfWork.run(async (stores) => {
      const other = (await stores.tasks.findOwned(user, task.id))!;
      other.change(user, { title: TaskTitle.from('Renamed elsewhere') }, new Date());
      await stores.tasks.persist(other);
    });
    await here.notifier.flush();
    here.sent.length = 0;

    // If-Match "2": false by the remembered state (1), true in the database — so it is not refused.
    await here.unitOfWork.run(async (stores) => {
      const loaded = (await stores.tasks.findOwned(user, task.id))!;
      loaded.assertVersion(2);
      loaded.toggle(user, new Date());
      await stores.tasks.persist(loaded);
    });
    expect(here.sent.filter((kind) => kind !== 'notify')).to.deep.equal(['begin', 'select for update', 'update', 'commit']);
    const stored = (await writer(database).repository.findOwned(user, task.id))!;
    expect(stored.title.value).to.equal('Renamed elsewhere');
    expect(stored.completed).to.equal(true);
    expect(stored.version).to.equal(3);

    // A plain toggle from the (now current) remembered state; then a stale one after a change elsewhere.
    await elsewhere.unitOfWork.run(async (stores) => {
      const other = (await stores.tasks.findOwned(user, task.id))!;
      other.change(user, { title: TaskTitle.from('Renamed again') }, new Date());
      await stores.tasks.persist(other);
    });
    here.sent.length = 0;
    await here.unitOfWork.run(async (stores) => {
      const loaded = (await stores.tasks.findOwned(user, task.id))!;
      loaded.toggle(user, new Date());
      await stores.tasks.persist(loaded);
    });
    expect(here.sent.filter((kind) => kind !== 'notify')).to.deep.equal(['update', 'begin', 'select for update', 'update', 'commit']);
    const last = (await writer(database).repository.findOwned(user, task.id))!;
    expect(last.title.value).to.equal('Renamed again');
    expect(last.completed).to.equal(false);
    expect(last.version).to.equal(5);
  });

  it('runs again, locking the row, when another change got in between — both changes are kept', async () => {
    const first = writer(database);
    const second = writer(database);
    const user = await owner();
    const task = newTask(user, 'Original');
    await first.unitOfWork.run((stores) => stores.tasks.persist(task));
    await first.notifier.flush();
    first.sent.length = 0;

    let attempts = 0;
    await first.unitOfWork.run(async (stores) => {
      attempts += 1;
      const loaded = (await stores.tasks.findOwned(user, task.id))!;
      if (attempts === 1) {
        // Another command changes the task after this one read it (its own session: not a nested unit).
        await second.unitOfWork.run(async (meanwhile) => {
          const other = (await meanwhile.tasks.findOwned(user, task.id))!;
          other.change(user, { title: TaskTitle.from('Renamed meanwhile') }, new Date());
          await meanwhile.tasks.persist(other);
        });
      }
      loaded.toggle(user, new Date());
      await stores.tasks.persist(loaded);
    });

    expect(attempts).to.equal(2);
    expect(first.sent.filter((kind) => kind !== 'notify')).to.deep.equal(['update', 'begin', 'select for update', 'update', 'commit']);
    const stored = (await writer(database).repository.findOwned(user, task.id))!;
    expect(stored.title.value).to.equal('Renamed meanwhile');
    expect(stored.completed).to.equal(true);
    expect(stored.version).to.equal(3);
    expect((await log.readAfter(user.value, 0, 10)).map((change) => change.seq)).to.deep.equal([1, 2, 3]);
  });

  it('treats a task deleted in between as gone, not as a conflict that fails', async () => {
    const first = writer(database);
    const second = writer(database);
    const user = await owner();
    const task = newTask(user);
    await first.unitOfWork.run((stores) => stores.tasks.persist(task));
    const found: boolean[] = [];
    await first.unitOfWork.run(async (stores) => {
      const loaded = await stores.tasks.findOwned(user, task.id);
      found.push(loaded !== null);
      if (found.length === 1) {
        await second.unitOfWork.run(async (meanwhile) => {
          const other = (await meanwhile.tasks.findOwned(user, task.id))!;
          other.delete(user, new Date());
          await meanwhile.tasks.persist(other);
        });
      }
      if (!loaded) return;
      loaded.toggle(user, new Date());
      await stores.tasks.persist(loaded);
    });
    expect(found).to.deep.equal([true, false]);
    expect((await log.readAfter(user.value, 0, 10)).map((change) => change.type)).to.deep.equal(['task.created', 'task.deleted']);
  });

  it('puts several writes in one transaction: all of them commit, or none', async () => {
    const { sent, unitOfWork } = writer(database);
    const user = await owner();
    const [a, b] = [newTask(user), newTask(user)];
    await unitOfWork.run(async (stores) => {
      await stores.tasks.persist(a);
      await stores.tasks.persist(b);
    });
    expect(sent.filter((kind) => kind !== 'notify')).to.deep.equal(['begin', 'insert', 'insert', 'commit']);

    const c = newTask(user);
    // The same id again: the second insert fails, and the first is rolled back with it.
    const clash = Task.create({ placement: TaskMother.placement(), listId: TaskMother.listOf(user), id: b.id, owner: user, title: TaskTitle.from('Clash'), description: null, now: new Date() });
    await expectRejection(
      unitOfWork.run(async (stores) => {
        await stores.tasks.persist(c);
        await stores.tasks.persist(clash);
      }),
      Error,
    );
    expect(await writer(database).repository.findOwned(user, c.id)).to.equal(null);
    expect((await log.readAfter(user.value, 0, 10)).map((change) => change.task_id)).to.deep.equal([a.id.value, b.id.value]);
  });

  it('answers a committed change even when a step after the commit fails, and logs that step', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const session = new SqlSession(new SqlConnections(database.orm), logger);
    const failingNotifier = new TaskChangeNotifier(session);
    failingNotifier.changed = () => {
      throw new Error('notifier broke');
    };
    const stores = postgresStores(session, failingNotifier);
    const user = await owner();
    const task = newTask(user, 'Committed anyway');

    expect(await new PostgresUnitOfWork(session, stores).run(async (stores) => {
      await stores.tasks.persist(task);
      return 'answered';
    })).to.equal('answered');

    expect((await writer(database).repository.findOwned(user, task.id))?.title.value).to.equal('Committed anyway');
    expect((await log.readAfter(user.value, 0, 10)).map((change) => change.type)).to.deep.equal(['task.created']);
    const [line] = lines.map((text) => JSON.parse(text) as { level: number; msg: string; err: { message: string } });
    expect(line).to.include({ level: 50 });
    expect(line!.msg).to.match(/after-commit/);
    expect(line!.err.message).to.equal('notifier broke');
  });

  it('gives a refusal at once when the task was read from the database, and confirms one based on remembered state', async () => {
    const { sent, unitOfWork } = writer(database);
    const user = await owner();
    const task = newTask(user);
    const creator = writer(database);
    await creator.unitOfWork.run((stores) => stores.tasks.persist(task));
    const refuse = () =>
      unitOfWork.run(async (stores) => {
        const loaded = (await stores.tasks.findOwned(user, task.id))!;
        loaded.assertVersion(7);
      });

    await expectRejection(refuse(), TaskVersionMismatchError); // read from the database: refused as read
    expect(sent).to.deep.equal(['select']);
    sent.length = 0;
    await expectRejection(refuse(), TaskVersionMismatchError); // now remembered: confirmed by a locking read
    expect(sent).to.deep.equal(['begin', 'select for update']);
  });

  it('cancels a statement that runs past DATABASE_STATEMENT_TIMEOUT', async () => {
    const limited = await Database.connect(database.url, { statementTimeoutMs: 100 });
    try {
      // Answered as "unavailable, retry" (HTTP 503), not as a bug.
      await expectRejection(limited.session.query({ text: 'select pg_sleep(2)', values: [] }), ServiceUnavailableError);
      expect(await limited.session.query({ text: 'select 1 as one', values: [] })).to.deep.equal([{ one: 1 }]);
    } finally {
      await limited.close();
    }
  });
});
