/** Applying migrations at start-up: once each however many instances start together, and nothing to load when none is pending. */
import { expect } from 'chai';
import pg from 'pg';
import { Database, MIGRATION_LOCK_KEY } from '../../../../../../src/infrastructure/persistence/postgres/database.js';
import { MIGRATIONS } from '../../../../../../src/infrastructure/persistence/postgres/migration-list.js';
import { MIGRATION_NAMES } from '../../../../../../src/infrastructure/persistence/postgres/migration-names.js';
import { createScratchDatabase, testDatabaseUrl } from '../../../../../support/test-database.js';

/** What `promise` settled to within `ms`, or `pending`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('Migrations at start-up', function () {
  this.timeout(60_000);
  let scratch: { url: string; drop(): Promise<void> };
  const databases: Database[] = [];
  let lockHolder: pg.Client | undefined;

  const connect = async () => {
    const database = await Database.connect(scratch.url);
    databases.push(database);
    return database;
  };
  /** Another session holding the migration lock, as an instance in the middle of migrating does. */
  const holdTheLock = async () => {
    lockHolder = new pg.Client({ connectionString: scratch.url });
    await lockHolder.connect();
    await lockHolder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return async () => {
      await lockHolder!.end();
      lockHolder = undefined;
    };
  };

  beforeEach(async () => {
    scratch = await createScratchDatabase(await testDatabaseUrl(), 'migrate');
  });
  afterEach(async () => {
    await lockHolder?.end();
    lockHolder = undefined;
    await Promise.all(databases.splice(0).map((database) => database.close()));
    await scratch.drop();
  });

  it('lists the same migrations by name as with their classes, in the same order', () => {
    expect(MIGRATION_NAMES).to.deep.equal(MIGRATIONS.map((migration) => migration.name));
  });

  it('applies each pending migration exactly once when three instances start together', async () => {
    const instances = await Promise.all([connect(), connect(), connect()]);

    const applied = await Promise.all(instances.map((database) => database.migrate()));

    expect(applied.flat().sort()).to.deep.equal([...MIGRATION_NAMES].sort());
    const status = await instances[0]!.migrationStatus();
    expect(status.filter((migration) => migration.executedAt === null)).to.deep.equal([]);
  });

  it('with nothing pending, answers at once, without waiting for the lock another instance holds', async () => {
    const database = await connect();
    await database.migrate();
    await holdTheLock();

    expect(await within(database.migrate(), 2_000)).to.deep.equal([]);
  });

  it('with a migration pending, waits for the instance holding the lock, then applies it', async () => {
    const database = await connect();
    await database.migrate();
    const last = MIGRATION_NAMES.at(-1)!;
    await database.withMigrator((migrator) => migrator.down({ to: last }));
    const release = await holdTheLock();

    const migrating = database.migrate();
    expect(await within(migrating, 500)).to.equal('pending');
    await release();

    expect(await migrating).to.deep.equal([last]);
  });
});
