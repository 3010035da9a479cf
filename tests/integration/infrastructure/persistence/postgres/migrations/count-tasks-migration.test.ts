/** The migration that adds each user's task count fills it in from the tasks already stored. */
import { expect } from 'chai';
import { MikroORM } from '@mikro-orm/postgresql';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createOrmConfig } from '../../../../../../src/infrastructure/persistence/postgres/orm-config.js';
import { testDatabaseUrl } from '../../../../../support/test-database.js';

describe('Migration: count tasks per user', function () {
  this.timeout(60_000);
  const databaseName = `tasks_migration_${randomBytes(4).toString('hex')}`;
  let admin: pg.Client;
  let url: string;

  before(async () => {
    const base = await testDatabaseUrl();
    admin = new pg.Client({ connectionString: base });
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
    const fresh = new URL(base);
    fresh.pathname = `/${databaseName}`;
    url = fresh.toString();
  });
  after(async () => {
    await admin.query(`drop database if exists ${databaseName} with (force)`);
    await admin.end();
  });

  it('backfills task_count from the tasks table for every owner, with or without a stream row', async () => {
    const orm = await MikroORM.init(createOrmConfig(url, { poolMax: 1 }));
    try {
      await orm.getMigrator().up({ to: 'Migration20261127000000_track_erased_change_logs' });
      const connection = orm.em.getConnection();
      const insertTask = (owner: string) =>
        connection.execute(`insert into tasks (id, user_id, title, created_at, updated_at) values (?, ?, 'Old', now(), now())`, [randomUUID(), owner]);
      for (let index = 0; index < 3; index++) await insertTask('three');
      await insertTask('one-without-stream');
      await connection.execute(`insert into task_event_streams (user_id, last_seq, erased_through) values ('three', 7, 2), ('none', 4, 4)`);

      await orm.getMigrator().up();

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
