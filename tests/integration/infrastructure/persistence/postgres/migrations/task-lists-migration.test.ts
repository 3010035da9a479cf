/**
 * The migration that adds lists, run over the schema the subtasks migration left, with data: every owner of a task
 * gets an inbox holding their tasks, in their order, and the change log learns of it.
 */
import { expect } from 'chai';
import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Migration20261205500000_add_task_lists } from '../../../../../../src/infrastructure/persistence/postgres/migrations/Migration20261205500000_add_task_lists.js';
import { createMigrationOrmConfig } from '../../../../../../src/infrastructure/persistence/postgres/orm-config.js';
import { createScratchDatabase, testDatabaseUrl } from '../../../../../support/test-database.js';

const AFTER_SUBTASKS = 'Migration20261205200000_add_subtasks_and_order';

async function apply(orm: MikroORM, direction: 'up' | 'down'): Promise<void> {
  const migration = new Migration20261205500000_add_task_lists(orm.em.getDriver(), orm.config);
  migration[direction]();
  const connection = orm.em.getConnection();
  await connection.transactional(async (trx) => {
    for (const query of migration.getQueries()) await connection.execute(query as string, [], 'run', trx);
  });
}

describe('Migration: add task lists', function () {
  this.timeout(60_000);
  let scratch: { url: string; drop(): Promise<void> };

  before(async () => {
    scratch = await createScratchDatabase(await testDatabaseUrl(), 'migration');
  });
  after(async () => {
    await scratch?.drop();
  });

  it('gives each owner of tasks one inbox holding their tasks in their order, counts it, and logs it', async () => {
    const orm = await MikroORM.init(await createMigrationOrmConfig(scratch.url, { poolMax: 1 }));
    try {
      await orm.getMigrator().up({ to: AFTER_SUBTASKS });
      const connection = orm.em.getConnection();
      const insertTask = (owner: string, position: string, parent: string | null = null) => {
        const id = randomUUID();
        return connection
          .execute(`insert into tasks (id, user_id, title, created_at, updated_at, parent_id, position) values (?, ?, 'Old', now(), now(), ?, ?)`, [
            id,
            owner,
            parent,
            position,
          ])
          .then(() => id);
      };
      const parent = await insertTask('alice', 'c000');
      await insertTask('alice', 'c001');
      await insertTask('alice', 'a0', parent);
      await insertTask('bob', 'c000');
      await connection.execute(`insert into task_event_streams (user_id, last_seq) values ('alice', 1), ('carol', 4)`);
      await connection.execute(`insert into task_events (user_id, seq, type, task_id, occurred_at, task) values ('alice', 1, 'task.created', ?, now(), ?)`, [
        parent,
        JSON.stringify({ id: parent, title: 'Old', parent_id: null, position: 'c000' }),
      ]);
      await connection.execute(
        `insert into task_events (user_id, seq, type, task_id, occurred_at, task) values ('carol', 4, 'task.deleted', ?, now(), null)`,
        [randomUUID()],
      );

      await apply(orm, 'up');

      const lists = await connection.execute<{ id: string }[]>(
        `select id, user_id, name, is_inbox, position, version from task_lists order by user_id`,
      );
      expect(lists.map(({ id: _id, ...list }) => list)).to.deep.equal([
        { user_id: 'alice', name: 'Inbox', is_inbox: true, position: 'a0', version: 1 },
        { user_id: 'bob', name: 'Inbox', is_inbox: true, position: 'a0', version: 1 },
      ]);
      const placed = await connection.execute(`
        select t.user_id, t.parent_id is null as top_level, t.position from tasks t
        join task_lists l on l.id = t.list_id and l.user_id = t.user_id
        where l.is_inbox order by t.user_id, t.parent_id nulls first, t.position`);
      expect(placed).to.deep.equal([
        { user_id: 'alice', top_level: true, position: 'c000' },
        { user_id: 'alice', top_level: true, position: 'c001' },
        { user_id: 'alice', top_level: false, position: 'a0' },
        { user_id: 'bob', top_level: true, position: 'c000' },
      ]);
      const counts = await connection.execute('select user_id, list_count, last_seq::int from task_event_streams order by user_id');
      expect(counts).to.deep.equal([
        { user_id: 'alice', list_count: 1, last_seq: 2 },
        { user_id: 'bob', list_count: 1, last_seq: 1 },
        { user_id: 'carol', list_count: 0, last_seq: 4 },
      ]);
      const events = await connection.execute<{ user_id: string; seq: string; type: string; task: { list_id?: string } | null; list: object | null }[]>(
        `select user_id, seq::int, type, task, list from task_events order by user_id, seq`,
      );
      const inboxOf = (owner: string) => lists.find((list) => (list as { user_id?: string }).user_id === owner)!;
      expect(events.map((event) => [event.user_id, event.seq, event.type])).to.deep.equal([
        ['alice', 1, 'task.created'],
        ['alice', 2, 'list.created'],
        ['bob', 1, 'list.created'],
        ['carol', 4, 'task.deleted'],
      ]);
      expect(events[0]!.task?.list_id).to.equal(inboxOf('alice').id);
      expect(events[1]!.list).to.include({ id: inboxOf('alice').id, name: 'Inbox', is_inbox: true, position: 'a0', version: 1 });
      expect((events[1]!.list as { created_at: string }).created_at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    } finally {
      await orm.close(true);
    }
  });

  it('orders top-level tasks per list: two lists may hold a task at one position, one list may not', async () => {
    const orm = await MikroORM.init(await createMigrationOrmConfig(scratch.url, { poolMax: 1 }));
    try {
      const connection = orm.em.getConnection();
      const [inbox] = await connection.execute<{ id: string }[]>(`select id from task_lists where user_id = 'alice'`);
      const work = randomUUID();
      await connection.execute(
        `insert into task_lists (id, user_id, name, position, created_at, updated_at) values (?, 'alice', 'Work', 'a1', now(), now())`,
        [work],
      );
      const insert = (list: string) =>
        connection.execute(`insert into tasks (id, user_id, title, created_at, updated_at, list_id, position) values (?, 'alice', 'x', now(), now(), ?, 'c000')`, [
          randomUUID(),
          list,
        ]);

      await insert(work);
      let code: string | undefined;
      await insert(inbox!.id).catch((error: { code?: string }) => (code = error.code));

      expect(code).to.equal('23505');
      await connection.execute(`delete from tasks where list_id = ?`, [work]);
      await connection.execute(`delete from task_lists where id = ?`, [work]);
    } finally {
      await orm.close(true);
    }
  });

  it('refuses a second inbox, a name taken in another case, a task in another owner\'s list, and an event naming both or neither', async () => {
    const orm = await MikroORM.init(await createMigrationOrmConfig(scratch.url, { poolMax: 1 }));
    try {
      const connection = orm.em.getConnection();
      const [inbox] = await connection.execute<{ id: string }[]>(`select id from task_lists where user_id = 'alice'`);
      const insertList = (owner: string, name: string, isInbox: boolean) =>
        connection.execute(
          `insert into task_lists (id, user_id, name, is_inbox, position, created_at, updated_at) values (?, ?, ?, ?, 'a1', now(), now())`,
          [randomUUID(), owner, name, isInbox],
        );
      const refusal = async (statement: () => Promise<unknown>) => {
        try {
          await statement();
        } catch (error) {
          return (error as { code?: string }).code;
        }
        return 'accepted';
      };

      expect(await refusal(() => insertList('alice', 'Second inbox', true))).to.equal('23505');
      expect(await refusal(() => insertList('alice', 'INBOX', false))).to.equal('23505');
      expect(await refusal(() => insertList('bob', 'Work', false))).to.equal('accepted');
      expect(
        await refusal(() =>
          connection.execute(`insert into tasks (id, user_id, title, created_at, updated_at, list_id, position) values (?, 'bob', 'Sneaky', now(), now(), ?, 'a0')`, [
            randomUUID(),
            inbox!.id,
          ]),
        ),
      ).to.equal('23503');
      for (const [taskId, listId] of [[randomUUID(), inbox!.id], [null, null]]) {
        expect(
          await refusal(() =>
            connection.execute(`insert into task_events (user_id, seq, type, task_id, list_id, occurred_at) values ('alice', 99, 'list.created', ?, ?, now())`, [
              taskId,
              listId,
            ]),
          ),
        ).to.equal('23514');
      }
    } finally {
      await orm.close(true);
    }
  });

  it('goes down again to the previous schema', async () => {
    const orm = await MikroORM.init(await createMigrationOrmConfig(scratch.url, { poolMax: 1 }));
    try {
      await apply(orm, 'down');

      const columns = await orm.em.getConnection().execute(`
        select table_name, column_name from information_schema.columns
        where column_name in ('list_id', 'list', 'list_count') or table_name = 'task_lists'`);
      expect(columns).to.deep.equal([]);
    } finally {
      await orm.close(true);
    }
  });
});
