/** The migration that adds subtasks and manual order, run over a database holding tasks from before it. */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Position } from '../../../../../../src/domain/index.js';
import { Database } from '../../../../../../src/infrastructure/persistence/postgres/database.js';
import { createPostgresAdapters } from '../../../../../support/postgres-adapters.js';
import { createScratchDatabase, testDatabaseUrl } from '../../../../../support/test-database.js';

const BEFORE_SUBTASKS = 'Migration20261129000000_track_compacted_change_logs';

describe('Migration: subtasks and manual order', function () {
  this.timeout(60_000);
  let scratch: { url: string; drop(): Promise<void> };
  let database: Database;

  before(async () => {
    scratch = await createScratchDatabase(await testDatabaseUrl(), 'order');
    database = await Database.connect(scratch.url);
  });
  after(async () => {
    await database?.close();
    await scratch?.drop();
  });

  it('puts existing tasks on the top level in their default listing order, in the tasks and in their events', async () => {
    await database.withMigrator((migrator) => migrator.up({ to: BEFORE_SUBTASKS }));
    const sql = database.orm.em.getConnection();
    const owners = [`owner-${randomUUID()}`, `owner-${randomUUID()}`];
    const created: Record<string, string[]> = {};
    for (const owner of owners) {
      created[owner] = [];
      // 70 tasks: more than one digit's worth of keys, so the keys carry into the next digit.
      for (let minute = 0; minute < 70; minute++) {
        const id = randomUUID();
        const at = new Date(Date.UTC(2026, 10, 25, 10, minute)).toISOString();
        await sql.execute(
          `insert into tasks (id, user_id, title, completed, created_at, updated_at, version) values (?, ?, ?, false, ?, ?, 1)`,
          [id, owner, `Task ${minute}`, at, at],
        );
        created[owner].push(id);
      }
    }
    const [owner] = owners as [string];
    const firstId = created[owner]![0]!;
    const oldTask = { id: firstId, user_id: owner, title: 'Task 0', description: null, completed: false, completed_at: null };
    await sql.execute(
      `insert into task_events (user_id, seq, type, task_id, occurred_at, task) values (?, 1, 'task.created', ?, now(), ?::jsonb)`,
      [owner, firstId, JSON.stringify(oldTask)],
    );

    expect(await database.migrate()).to.include('Migration20261205200000_add_subtasks_and_order');

    for (const each of owners) {
      const rows = (await sql.execute('select id, parent_id, position from tasks where user_id = ? order by position', [each])) as {
        id: string;
        parent_id: string | null;
        position: string;
      }[];
      // Newest first, as the default listing shows them.
      expect(rows.map((row) => row.id)).to.deep.equal([...created[each]!].reverse());
      expect(rows.every((row) => row.parent_id === null)).to.equal(true);
      for (const row of rows) expect(Position.from(row.position).value).to.equal(row.position);
    }
    const { readModel, changeLog } = createPostgresAdapters(database.session);
    const view = await readModel.findOne(owner, firstId);
    expect(view).to.include({ parent_id: null });
    const [change] = await changeLog.readAfter(owner, 0, 10);
    expect(change?.task).to.include({ parent_id: null, position: view!.position });
  });

  it('refuses two siblings at one position, and a parent of another owner, at the database too', async () => {
    const sql = database.orm.em.getConnection();
    const owner = `owner-${randomUUID()}`;
    // Tasks belong to lists since a later migration: each owner's tasks go to a list of theirs.
    const listOf = async (user: string) => {
      await sql.execute(
        `insert into task_lists (id, user_id, name, is_inbox, position, created_at, updated_at)
         values (gen_random_uuid(), ?, 'Inbox', true, 'a0', now(), now()) on conflict do nothing`,
        [user],
      );
      const [list] = await sql.execute<{ id: string }[]>('select id from task_lists where user_id = ? and is_inbox', [user]);
      return list!.id;
    };
    const insert = async (id: string, user: string, position: string, parent: string | null = null) =>
      sql.execute(
        `insert into tasks (id, user_id, title, completed, created_at, updated_at, parent_id, position, list_id)
         values (?, ?, 'x', false, now(), now(), ?, ?, ?)`,
        [id, user, parent, position, await listOf(user)],
      );
    const parent = randomUUID();
    await insert(parent, owner, 'a0');
    const failure = async (operation: Promise<unknown>) => {
      let error: unknown;
      await operation.catch((caught: unknown) => (error = caught));
      return (error as { code?: string } | undefined)?.code;
    };

    expect(await failure(insert(randomUUID(), owner, 'a0'))).to.equal('23505');
    await insert(randomUUID(), owner, 'a0', parent);
    expect(await failure(insert(randomUUID(), owner, 'a0', parent))).to.equal('23505');
    expect(await failure(insert(randomUUID(), `other-${randomUUID()}`, 'a0', parent))).to.equal('23503');
  });
});
