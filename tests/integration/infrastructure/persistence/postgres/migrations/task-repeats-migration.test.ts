/** The migration that adds repeats, run over a database holding tasks and events from before it. */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Database } from '../../../../../../src/infrastructure/persistence/postgres/database.js';
import { MIGRATION_NAMES } from '../../../../../../src/infrastructure/persistence/postgres/migration-names.js';
import { createPostgresAdapters } from '../../../../../support/postgres-adapters.js';
import { createScratchDatabase, testDatabaseUrl } from '../../../../../support/test-database.js';

// Data is written at this schema; the repeats migration then runs, as on a database upgraded from it.
const BEFORE_REPEATS = 'Migration20261205500000_add_task_lists';
const REPEATS = 'Migration20261205600000_add_task_repeats';
// What a migration to the newest schema applies from before repeats: repeats, and every migration after it.
const FROM_REPEATS = MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(REPEATS));

describe('Migration: task repeats', function () {
  this.timeout(60_000);
  let scratch: { url: string; drop(): Promise<void> };
  let database: Database;

  before(async () => {
    scratch = await createScratchDatabase(await testDatabaseUrl(), 'repeats');
    database = await Database.connect(scratch.url);
  });
  after(async () => {
    await database?.close();
    await scratch?.drop();
  });

  const sql = () => database.orm.em.getConnection();
  const rejected = async (statement: string, params: unknown[]): Promise<string> => {
    try {
      await sql().execute(statement, params);
    } catch (error) {
      return (error as Error).message;
    }
    return expect.fail(`expected the database to refuse: ${statement}`);
  };

  it('leaves existing tasks not repeating, in their rows and their events, and keeps a repeat with its due date', async () => {
    await database.withMigrator((migrator) => migrator.up({ to: BEFORE_REPEATS }));
    const owner = `owner-${randomUUID()}`;
    const listId = randomUUID();
    const id = randomUUID();
    await sql().execute(`insert into task_lists (id, user_id, name, is_inbox, position, created_at, updated_at) values (?, ?, 'Inbox', true, 'a0', now(), now())`, [listId, owner]);
    await sql().execute(
      `insert into tasks (id, user_id, title, completed, created_at, updated_at, version, position, list_id, due_date)
       values (?, ?, 'Old', false, now(), now(), 1, 'a0', ?, '2026-12-07')`,
      [id, owner, listId],
    );
    const oldTask = { id, user_id: owner, title: 'Old', description: null, completed: false, completed_at: null, list_id: listId, labels: [] };
    await sql().execute(
      `insert into task_events (user_id, seq, type, task_id, occurred_at, task) values (?, 1, 'task.created', ?, now(), ?::jsonb)`,
      [owner, id, JSON.stringify(oldTask)],
    );

    expect(await database.migrate()).to.deep.equal(FROM_REPEATS);

    const { readModel, changeLog } = createPostgresAdapters(database.session);
    expect(await readModel.findOne(owner, id)).to.deep.include({ repeat: null, repeat_from: 'due' });
    const [change] = await changeLog.readAfter(owner, 0, 10);
    expect(change?.task).to.deep.include({ repeat: null, repeat_from: 'due' });

    await sql().execute(`update tasks set repeat = 'FREQ=DAILY', repeat_from = 'completion' where id = ?`, [id]);
    expect(await readModel.findOne(owner, id)).to.deep.include({ repeat: 'FREQ=DAILY', repeat_from: 'completion' });
    expect(await rejected(`update tasks set due_date = null where id = ?`, [id])).to.match(/tasks_repeat_needs_due_date/);
    expect(await rejected(`update tasks set repeat_from = 'later' where id = ?`, [id])).to.match(/tasks_repeat_from_check/);
  });

  it('goes down again, leaving the tasks as they were', async () => {
    // Down to before repeats: the migrations after it first, then repeats.
    await database.withMigrator((migrator) => migrator.down({ to: REPEATS }));
    const columns = (await sql().execute(
      `select column_name from information_schema.columns where table_name = 'tasks' and column_name in ('repeat', 'repeat_from')`,
    )) as unknown[];
    expect(columns).to.deep.equal([]);
    expect(await database.migrate()).to.deep.equal(FROM_REPEATS);
  });
});
