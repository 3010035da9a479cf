/** The migration that keeps each task in one index per listing order (pending or done), run over a database holding tasks. */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { TaskListCriteria } from '../../../../../../src/application/ports/task-read-model.js';
import { Database } from '../../../../../../src/infrastructure/persistence/postgres/database.js';
import { MIGRATION_NAMES } from '../../../../../../src/infrastructure/persistence/postgres/migration-names.js';
import { listTasksStatement } from '../../../../../../src/infrastructure/persistence/postgres/postgres-task-read-model.js';
import { createPostgresAdapters } from '../../../../../support/postgres-adapters.js';
import { createScratchDatabase, testDatabaseUrl } from '../../../../../support/test-database.js';
import { SORT_NODE } from '../../../../../support/query-plans.js';

const BEFORE = 'Migration20261206000000_index_pending_tasks_only';
const APART = 'Migration20261206100000_index_each_status_apart';
const FROM_APART = MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(APART));
const ORDERS = ['created_at', 'updated_at', 'title', 'priority', 'due_asc', 'due_desc'];

describe('Migration: each task in one index per listing order, pending or done', function () {
  this.timeout(60_000);
  let scratch: { url: string; drop(): Promise<void> };
  let database: Database;
  const owner = `owner-${randomUUID()}`;

  before(async () => {
    scratch = await createScratchDatabase(await testDatabaseUrl(), 'apart');
    database = await Database.connect(scratch.url);
  });
  after(async () => {
    await database?.close();
    await scratch?.drop();
  });

  const sql = () => database.orm.em.getConnection();
  const orderIndexes = async () =>
    (await sql().execute<{ name: string }[]>(
      `select indexname as name from pg_indexes where tablename = 'tasks'
         and indexname ~ '^tasks_user_(pending_|done_)?(created_at|updated_at|title|priority|due_asc|due_desc)_idx$'
       order by indexname`,
    )).map((row) => row.name);
  const statistics = async () =>
    (await sql().execute<{ name: string }[]>(`select stxname as name from pg_statistic_ext where stxrelid = 'tasks'::regclass order by stxname`)).map(
      (row) => row.name,
    );
  const criteria = (status: TaskListCriteria['status'], sort: TaskListCriteria['sort']): TaskListCriteria => ({
    ownerId: owner,
    status,
    sort,
    order: 'asc',
    search: null,
    priorities: null,
    due: null,
    after: null,
    limit: 10,
  });
  /** The titles listed in each status and order the migration touches. */
  const listings = async () => {
    const { readModel } = createPostgresAdapters(database.session);
    const listed: Record<string, string[]> = {};
    for (const status of ['all', 'pending', 'completed'] as const) {
      for (const sort of ['created_at', 'title', 'priority', 'due_date'] as const) {
        listed[`${status} by ${sort}`] = (await readModel.list(criteria(status, sort))).map((task) => task.title);
      }
    }
    return listed;
  };

  let listedBefore: Record<string, string[]>;

  it('keeps every listing as it was, the tasks of each status in their own index', async () => {
    await database.withMigrator((migrator) => migrator.up({ to: BEFORE }));
    const listId = randomUUID();
    await sql().execute(`insert into task_lists (id, user_id, name, is_inbox, position, created_at, updated_at) values (?, ?, 'Inbox', true, 'a0', now(), now())`, [listId, owner]);
    // Titles against creation order, priorities and due dates spread, every third task completed.
    await sql().execute(
      `insert into tasks (id, user_id, title, completed, completed_at, created_at, updated_at, version, position, list_id, priority, due_date)
       select gen_random_uuid(), ?, 'Task ' || (20 - n), n % 3 = 0, case when n % 3 = 0 then now() end,
              now() - n * interval '1 minute', now(), 1, 'a' || lpad(n::text, 2, '0'), ?, n % 4, case when n % 2 = 0 then date '2026-12-01' + n end
       from generate_series(1, 14) n`,
      [owner, listId],
    );
    listedBefore = await listings();
    expect(listedBefore['all by title']).to.have.length(10);
    expect(listedBefore['completed by title']).to.deep.equal(['Task 11', 'Task 14', 'Task 17', 'Task 8']);

    expect(await database.migrate()).to.deep.equal(FROM_APART);

    expect(await orderIndexes()).to.deep.equal(ORDERS.flatMap((name) => [`tasks_user_done_${name}_idx`, `tasks_user_pending_${name}_idx`]).sort());
    expect(await statistics()).to.deep.equal(['tasks_due_asc_stats', 'tasks_due_desc_stats']);
    expect(await listings()).to.deep.equal(listedBefore);
    // Every status: the two indexes merged in order, no sort of the owner's tasks.
    const { text, values } = listTasksStatement(criteria('all', 'title'));
    const plan = await database.session.work(
      async (unit) => {
        await unit.transaction();
        await unit.query({ text: 'set local enable_seqscan = off', values: [] });
        await unit.query({ text: 'set local enable_sort = off', values: [] });
        return (await unit.query<{ 'QUERY PLAN': string }>({ text: `explain ${text}`, values })).map((row) => row['QUERY PLAN']).join('\n');
      },
      { locking: false },
    );
    expect(plan).to.include('Merge Append').and.include('tasks_user_pending_title_idx').and.include('tasks_user_done_title_idx');
    expect(plan).to.not.match(SORT_NODE);
  });

  it('goes down again to one index of all tasks per order, the listings unchanged', async () => {
    await database.withMigrator((migrator) => migrator.down({ to: APART }));

    expect(await orderIndexes()).to.deep.equal(ORDERS.flatMap((name) => [`tasks_user_${name}_idx`, `tasks_user_pending_${name}_idx`]).sort());
    expect(await statistics()).to.deep.equal([]);
    expect(await listings()).to.deep.equal(listedBefore);
    expect(await database.migrate()).to.deep.equal(FROM_APART);
  });
});
