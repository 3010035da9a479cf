/** The migration that adds due dates and priorities, run over a database holding tasks from before it. */
import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { Database } from '../../../../../../src/infrastructure/persistence/postgres/database.js';
import { createPostgresAdapters } from '../../../../../support/postgres-adapters.js';
import { testDatabaseUrl } from '../../../../../support/test-database.js';

const BEFORE_DUE_DATES = 'Migration20261127000000_track_erased_change_logs';

describe('Migration: due dates and priorities', function () {
  this.timeout(60_000);
  let admin: pg.Client;
  let database: Database;
  const databaseName = `tasks_due_${randomBytes(4).toString('hex')}`;

  before(async () => {
    const url = await testDatabaseUrl();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create database ${databaseName}`);
    } catch (error) {
      await admin.end();
      if ((error as { code?: string }).code === '42501') {
        throw new Error('These tests need a DATABASE_URL whose role may create databases (CREATEDB)', { cause: error });
      }
      throw error;
    }
    const fresh = new URL(url);
    fresh.pathname = `/${databaseName}`;
    database = await Database.connect(fresh.toString());
  });
  after(async () => {
    await database?.close();
    await admin.query(`drop database if exists ${databaseName} with (force)`);
    await admin.end();
  });

  it('gives existing tasks no due date and priority none, and reads their old events the same way', async () => {
    await database.orm.getMigrator().up({ to: BEFORE_DUE_DATES });
    const sql = database.orm.em.getConnection();
    const owner = `owner-${randomUUID()}`;
    const taskId = randomUUID();
    await sql.execute(
      `insert into tasks (id, user_id, title, description, completed, completed_at, created_at, updated_at, version)
       values (?, ?, 'From before', null, false, null, '2026-11-25T10:00:00Z', '2026-11-25T10:00:00Z', 1)`,
      [taskId, owner],
    );
    const oldTask = {
      id: taskId, user_id: owner, title: 'From before', description: null, completed: false, completed_at: null,
      created_at: '2026-11-25T10:00:00.000Z', updated_at: '2026-11-25T10:00:00.000Z', version: 1,
    };
    await sql.execute(
      `insert into task_events (user_id, seq, type, task_id, occurred_at, task) values (?, 1, 'task.created', ?, now(), ?::jsonb)`,
      [owner, taskId, JSON.stringify(oldTask)],
    );

    // What `npm run migrate` and the service's start-up both run.
    expect(await database.migrate()).to.include('Migration20261128000000_add_due_dates_and_priorities');

    const [row] = await sql.execute('select due_date, priority from tasks where id = ?', [taskId]);
    expect(row).to.deep.equal({ due_date: null, priority: 0 });
    const expected = { ...oldTask, due_date: null, priority: 'none' };
    const { readModel, changeLog } = createPostgresAdapters(database.session);
    expect(await readModel.findOne(owner, taskId)).to.deep.equal(expected);
    expect((await changeLog.readAfter(owner, 0, 10)).map((change) => change.task)).to.deep.equal([expected]);
  });

  it('refuses priorities and due dates out of range at the database too', async () => {
    const sql = database.orm.em.getConnection();
    const insert = (dueDate: string | null, priority: number) =>
      sql.execute(
        `insert into tasks (id, user_id, title, completed, created_at, updated_at, due_date, priority)
         values (?, 'someone', 'x', false, now(), now(), ?, ?)`,
        [randomUUID(), dueDate, priority],
      );
    for (const [dueDate, priority] of [[null, 4], [null, -1], ['1899-12-31', 0], ['infinity', 0]] as const) {
      let failure: unknown;
      await insert(dueDate, priority).catch((error: unknown) => (failure = error));
      expect((failure as { code?: string } | undefined)?.code, `${dueDate} ${priority}`).to.equal('23514');
    }
  });
});
