/** The migration that indexes pending tasks alone for the status filter, run over a database holding tasks. */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Database } from '../../../../../../src/infrastructure/persistence/postgres/database.js';
import { MIGRATION_NAMES } from '../../../../../../src/infrastructure/persistence/postgres/migration-names.js';
import { listTasksStatement } from '../../../../../../src/infrastructure/persistence/postgres/postgres-task-read-model.js';
import { createPostgresAdapters } from '../../../../../support/postgres-adapters.js';
import { createScratchDatabase, testDatabaseUrl } from '../../../../../support/test-database.js';

const BEFORE = 'Migration20261205600000_add_task_repeats';
const PENDING_ONLY = 'Migration20261206000000_index_pending_tasks_only';
/** This migration and every later one: what a migration to the latest applies once the database is at BEFORE. */
const FROM_PENDING_ONLY = MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(PENDING_ONLY));
const ORDERS = ['created_at', 'updated_at', 'title', 'priority', 'due_asc', 'due_desc'];

describe('Migration: pending tasks alone in the status filter’s indexes', function () {
  this.timeout(60_000);
  let scratch: { url: string; drop(): Promise<void> };
  let database: Database;
  const owner = `owner-${randomUUID()}`;

  before(async () => {
    scratch = await createScratchDatabase(await testDatabaseUrl(), 'pending');
    database = await Database.connect(scratch.url);
  });
  after(async () => {
    await database?.close();
    await scratch?.drop();
  });

  const sql = () => database.orm.em.getConnection();
  const indexes = async () =>
    (await sql().execute<{ name: string }[]>(
      `select indexname as name from pg_indexes where tablename = 'tasks' and indexname ~ '^tasks_user_(pending|completed)_'
       order by indexname`,
    )).map((row) => row.name);
  const listed = async (status: 'pending' | 'completed') => {
    const { readModel } = createPostgresAdapters(database.session);
    const page = await readModel.list({ ownerId: owner, status, sort: 'title', order: 'asc', search: null, priorities: null, due: null, after: null, limit: 10 });
    return page.map((task) => task.title);
  };

  it('keeps every task listed by its status, the pending ones now through their own indexes', async () => {
    await database.withMigrator((migrator) => migrator.up({ to: BEFORE }));
    const listId = randomUUID();
    await sql().execute(`insert into task_lists (id, user_id, name, is_inbox, position, created_at, updated_at) values (?, ?, 'Inbox', true, 'a0', now(), now())`, [listId, owner]);
    await sql().execute(
      `insert into tasks (id, user_id, title, completed, completed_at, created_at, updated_at, version, position, list_id)
       select gen_random_uuid(), ?, 'Task ' || n, n % 2 = 0, case when n % 2 = 0 then now() end, now(), now(), 1, 'a' || n, ?
       from generate_series(1, 6) n`,
      [owner, listId],
    );
    expect(await indexes()).to.deep.equal(ORDERS.map((name) => `tasks_user_completed_${name}_idx`).sort());

    await database.withMigrator((migrator) => migrator.up({ to: PENDING_ONLY }));

    expect(await indexes()).to.deep.equal(ORDERS.map((name) => `tasks_user_pending_${name}_idx`).sort());
    expect(await listed('pending')).to.deep.equal(['Task 1', 'Task 3', 'Task 5']);
    expect(await listed('completed')).to.deep.equal(['Task 2', 'Task 4', 'Task 6']);
    const { text, values } = listTasksStatement({ ownerId: owner, status: 'pending', sort: 'title', order: 'asc', search: null, priorities: null, due: null, after: null, limit: 10 });
    const plan = await database.session.work(
      async (unit) => {
        await unit.transaction();
        await unit.query({ text: 'set local enable_seqscan = off', values: [] });
        return (await unit.query<{ 'QUERY PLAN': string }>({ text: `explain ${text}`, values })).map((row) => row['QUERY PLAN']).join('\n');
      },
      { locking: false },
    );
    expect(plan).to.include('tasks_user_pending_title_idx');
  });

  it('goes down again to the indexes it replaced, the tasks listed as before', async () => {
    await database.withMigrator((migrator) => migrator.down({ to: PENDING_ONLY }));

    expect(await indexes()).to.deep.equal(ORDERS.map((name) => `tasks_user_completed_${name}_idx`).sort());
    expect(await listed('pending')).to.deep.equal(['Task 1', 'Task 3', 'Task 5']);
    expect(await listed('completed')).to.deep.equal(['Task 2', 'Task 4', 'Task 6']);
    expect(await database.migrate()).to.deep.equal(FROM_PENDING_ONLY);
  });
});
