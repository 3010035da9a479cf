/** The migration that adds due dates and priorities, run over a database holding tasks from before it. */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Database } from '../../../../../../src/infrastructure/persistence/postgres/database.js';
import { createPostgresAdapters } from '../../../../../support/postgres-adapters.js';
import { createScratchDatabase, testDatabaseUrl } from '../../../../../support/test-database.js';

const BEFORE_DUE_DATES = 'Migration20261127000000_track_erased_change_logs';

describe('Migration: due dates and priorities', function () {
  this.timeout(60_000);
  let scratch: { url: string; drop(): Promise<void> };
  let database: Database;

  before(async () => {
    scratch = await createScratchDatabase(await testDatabaseUrl(), 'due');
    database = await Database.connect(scratch.url);
  });
  after(async () => {
    await database?.close();
    await scratch?.drop();
  });

  it('gives existing tasks no due date and priority none, and reads their old events the same way', async () => {
    await database.withMigrator((migrator) => migrator.up({ to: BEFORE_DUE_DATES }));
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
    // Later migrations put it on the top level of its owner's inbox, first in its owner's order, without labels, not repeating.
    const [inbox] = await sql.execute<{ id: string }[]>('select id from task_lists where user_id = ? and is_inbox', [owner]);
    const expected = {
      ...oldTask, due_date: null, priority: 'none', list_id: inbox!.id, parent_id: null, position: 'c000', labels: [], repeat: null, repeat_from: 'due',
    };
    const { readModel, changeLog } = createPostgresAdapters(database.session);
    expect(await readModel.findOne(owner, taskId)).to.deep.equal(expected);
    const taskChanges = (await changeLog.readAfter(owner, 0, 10)).filter((change) => change.type.startsWith('task.'));
    expect(taskChanges.map((change) => change.task)).to.deep.equal([expected]);
  });

  it('refuses priorities and due dates out of range at the database too', async () => {
    const sql = database.orm.em.getConnection();
    const someonesList = randomUUID();
    await sql.execute(
      `insert into task_lists (id, user_id, name, is_inbox, position, created_at, updated_at) values (?, 'someone', 'Inbox', true, 'a0', now(), now())`,
      [someonesList],
    );
    const insert = (dueDate: string | null, priority: number) =>
      sql.execute(
        `insert into tasks (id, user_id, title, completed, created_at, updated_at, due_date, priority, position, list_id)
         values (?, 'someone', 'x', false, now(), now(), ?, ?, ?, ?)`,
        [randomUUID(), dueDate, priority, randomUUID().replace(/-/g, ''), someonesList],
      );
    for (const [dueDate, priority] of [[null, 4], [null, -1], ['1899-12-31', 0], ['infinity', 0]] as const) {
      let failure: unknown;
      await insert(dueDate, priority).catch((error: unknown) => (failure = error));
      expect((failure as { code?: string } | undefined)?.code, `${dueDate} ${priority}`).to.equal('23514');
    }
  });
});
