/**
 * Named or unnamed statements (`DATABASE_PREPARED_STATEMENTS`), on PostgreSQL itself: what each leaves prepared
 * on a connection, and that the write path works the same either way. The same setting behind a real transaction
 * pooler: tests/http/transaction-pooler.test.ts.
 */
import { TaskMother } from '../../../../support/task-mother.js';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Task, TaskDescription, TaskId, TaskTitle, UserId } from '../../../../../src/domain/index.js';
import { Database } from '../../../../../src/infrastructure/persistence/postgres/database.js';
import { createPostgresAdapters } from '../../../../support/postgres-adapters.js';
import { testDatabaseUrl } from '../../../../support/test-database.js';

const PREPARED = { text: 'select name from pg_prepared_statements where not from_sql order by name', values: [] };

/**
 * Creates a task and renames it through the adapters, then — in one transaction, so on one connection — reads it
 * twice and lists the statements prepared on that connection.
 */
async function changeAndInspect(database: Database): Promise<{ title: string; version: number; prepared: string[] }> {
  const { unitOfWork, notifier } = createPostgresAdapters(database.session);
  const owner = UserId.from(`statements-${randomUUID()}`);
  const id = TaskId.from(randomUUID());
  await unitOfWork.run(async (stores) => {
    await stores.tasks.persist(Task.create({ placement: TaskMother.placement(), listId: TaskMother.listOf(owner), id, owner, title: TaskTitle.from('Named?'), description: TaskDescription.fromNullable(null), now: new Date() }));
  });
  await unitOfWork.run(async (stores) => {
    const task = (await stores.tasks.findOwned(owner, id))!;
    task.rename(owner, TaskTitle.from('Unnamed'), new Date());
    await stores.tasks.persist(task);
  });
  await notifier.flush();

  const session = database.session;
  return session.work(
    async (unit) => {
      await unit.transaction();
      const read = { text: 'select title, version from tasks where id = $1 and user_id = $2', values: [id.value, owner.value] };
      await unit.query(read);
      const [task] = await unit.query<{ title: string; version: number }>(read);
      const prepared = await unit.query<{ name: string }>(PREPARED);
      return { title: task!.title, version: task!.version, prepared: prepared.map((row) => row.name) };
    },
    { locking: false },
  );
}

describe('Named and unnamed statements on PostgreSQL', () => {
  let named: Database;
  let unnamed: Database;

  before(async () => {
    const url = await testDatabaseUrl();
    [named, unnamed] = await Promise.all([Database.connect(url), Database.connect(url, { preparedStatements: false })]);
  });
  after(async () => {
    await Promise.all([named?.close(), unnamed?.close()]);
  });

  it('by default prepares each statement on the connection that runs it, by a name made from its text', async () => {
    const { title, version, prepared } = await changeAndInspect(named);
    expect({ title, version }).to.deep.equal({ title: 'Unnamed', version: 2 });
    // At least the read, sent twice but prepared once, and the inspection itself.
    expect(prepared.length).to.be.at.least(2);
    expect(prepared.every((name) => /^tasks_api_[0-9a-f]{20}$/.test(name)), prepared.join()).to.equal(true);
  });

  it('with prepared statements off, leaves nothing prepared on the connection, and the write path works the same', async () => {
    const { title, version, prepared } = await changeAndInspect(unnamed);
    expect({ title, version }).to.deep.equal({ title: 'Unnamed', version: 2 });
    expect(prepared).to.deep.equal([]);
  });
});
