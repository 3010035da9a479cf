/** The migration that adds each user's task count fills it in from the tasks already stored. */
import { expect } from 'chai';
import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { createMigrationOrmConfig } from '../../../../../../src/infrastructure/persistence/postgres/orm-config.js';
import { createScratchDatabase, testDatabaseUrl } from '../../../../../support/test-database.js';

describe('Migration: count tasks per user', function () {
  this.timeout(60_000);
  let scratch: { url: string; drop(): Promise<void> };
  let url: string;

  before(async () => {
    scratch = await createScratchDatabase(await testDatabaseUrl(), 'migration');
    url = scratch.url;
  });
  after(async () => {
    await scratch?.drop();
  });

  it('backfills task_count from the tasks table for every owner, with or without a stream row', async () => {
    const orm = await MikroORM.init(await createMigrationOrmConfig(url, { poolMax: 1 }));
    try {
      await orm.getMigrator().up({ to: 'Migration20261127000000_track_erased_change_logs' });
      const connection = orm.em.getConnection();
      const insertTask = (owner: string) =>
        connection.execute(`insert into tasks (id, user_id, title, created_at, updated_at) values (?, ?, 'Old', now(), now())`, [randomUUID(), owner]);
      for (let index = 0; index < 3; index++) await insertTask('three');
      await insertTask('one-without-stream');
      await connection.execute(`insert into task_event_streams (user_id, last_seq, erased_through) values ('three', 7, 2), ('none', 4, 4)`);

      await orm.getMigrator().up({ to: 'Migration20261128000000_count_tasks_per_user' });

      const rows = await connection.execute('select user_id, last_seq::int, erased_through::int, task_count from task_event_streams order by user_id');
      expect(rows).to.deep.equal([
        { user_id: 'none', last_seq: 4, erased_through: 4, task_count: 0 },
        { user_id: 'one-without-stream', last_seq: 0, erased_through: 0, task_count: 1 },
        { user_id: 'three', last_seq: 7, erased_through: 2, task_count: 3 },
      ]);
    } finally {
      await orm.close(true);
    }
  });
});
