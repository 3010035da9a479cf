/** The migration that adds lists gives every owner of a task an inbox and moves their tasks into it. */
import { expect } from 'chai';
import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Migration20261205100000_add_task_lists } from '../../../../../../src/infrastructure/persistence/postgres/migrations/Migration20261205100000_add_task_lists.js';
import { createOrmConfig } from '../../../../../../src/infrastructure/persistence/postgres/orm-config.js';
import { createScratchDatabase, testDatabaseUrl } from '../../../../../support/test-database.js';

async function apply(orm: MikroORM, direction: 'up' | 'down'): Promise<void> {
  const migration = new Migration20261205100000_add_task_lists(orm.em.getDriver(), orm.config);
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

  it('gives each owner of tasks one inbox holding their tasks, counts it, and keeps the change log readable', async () => {
    const orm = await MikroORM.init(createOrmConfig(scratch.url, { poolMax: 1 }));
    try {
      await orm.getMigrator().up();
      const connection = orm.em.getConnection();
      const insertTask = (owner: string) =>
        connection.execute(`insert into tasks (id, user_id, title, created_at, updated_at) values (?, ?, 'Old', now(), now())`, [randomUUID(), owner]);
      for (let index = 0; index < 3; index++) await insertTask('alice');
      await insertTask('bob');
      await connection.execute(`insert into task_event_streams (user_id, last_seq) values ('carol', 4)`);
      await connection.execute(
        `insert into task_events (user_id, seq, type, task_id, occurred_at, task) values ('carol', 4, 'task.deleted', ?, now(), null)`,
        [randomUUID()],
      );

      await apply(orm, 'up');

      const lists = await connection.execute(
        `select user_id, name, is_inbox, position, version from task_lists order by user_id`,
      );
      expect(lists).to.deep.equal([
        { user_id: 'alice', name: 'Inbox', is_inbox: true, position: 'a0', version: 1 },
        { user_id: 'bob', name: 'Inbox', is_inbox: true, position: 'a0', version: 1 },
      ]);
      const placed = await connection.execute(`
        select t.user_id, count(*)::int as tasks from tasks t join task_lists l on l.id = t.list_id and l.user_id = t.user_id
        where l.is_inbox group by t.user_id order by t.user_id`);
      expect(placed).to.deep.equal([
        { user_id: 'alice', tasks: 3 },
        { user_id: 'bob', tasks: 1 },
      ]);
      const counts = await connection.execute('select user_id, list_count from task_event_streams order by user_id');
      expect(counts).to.deep.equal([
        { user_id: 'alice', list_count: 1 },
        { user_id: 'bob', list_count: 1 },
        { user_id: 'carol', list_count: 0 },
      ]);
      expect(await connection.execute(`select type, list_id from task_events`)).to.deep.equal([{ type: 'task.deleted', list_id: null }]);
    } finally {
      await orm.close(true);
    }
  });

  it('refuses a second inbox, a name taken in another case, a task in another owner\'s list, and an event naming both or neither', async () => {
    const orm = await MikroORM.init(createOrmConfig(scratch.url, { poolMax: 1 }));
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
          connection.execute(`insert into tasks (id, user_id, title, created_at, updated_at, list_id) values (?, 'bob', 'Sneaky', now(), now(), ?)`, [
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
    const orm = await MikroORM.init(createOrmConfig(scratch.url, { poolMax: 1 }));
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
