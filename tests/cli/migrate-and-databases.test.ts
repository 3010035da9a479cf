/** `tasks-admin migrate`, the schema check every other command makes, and the embedded database. */
import { expect } from 'chai';
import pg from 'pg';
import { startService } from '../../src/http-service.js';
import { loadConfig } from '../../src/infrastructure/config/config.js';
import { createLogger } from '../../src/infrastructure/logging/logger.js';
import { MIGRATION_NAMES } from '../../src/infrastructure/persistence/postgres/migration-names.js';
import { AdminCli } from '../support/built-cli.js';
import { createScratchDatabase, testDatabaseUrl } from '../support/test-database.js';
import { TEST_SECRET } from '../support/test-service.js';


describe('CLI: migrations and databases', function () {
  this.timeout(180_000);

  describe('on a database never migrated', () => {
    let cli: AdminCli;
    let scratch: { url: string; drop(): Promise<void> };
    let freshUrl: string;

    before(async () => {
      scratch = await createScratchDatabase(await testDatabaseUrl(), 'cli');
      freshUrl = scratch.url;
      cli = await AdminCli.start({ DATABASE_URL: freshUrl });
    });
    after(async () => {
      await cli?.stop();
      await scratch?.drop();
    });

    const tablesOf = async () => {
      const client = new pg.Client({ connectionString: freshUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ table_name: string }>(
          `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
        );
        return rows.map((row) => row.table_name);
      } finally {
        await client.end();
      }
    };

    it('refuses other commands with exit 5, saying to run migrate, and --status changes nothing', async () => {
      const listed = await cli.run('tasks', 'list', '--user', 'someone');
      expect(listed).to.deep.equal({
        code: 5,
        stdout: '',
        stderr: `error: The database schema is not up to date (${MIGRATION_NAMES.length} migrations are pending): run 'tasks-admin migrate' first\n`,
      });

      expect(await cli.json('migrate', '--status', '--json')).to.deep.equal(MIGRATION_NAMES.map((name) => ({ name, executed_at: null })));
      expect(await tablesOf()).to.deep.equal([]);
    });

    it('applies the migrations once, logging to stderr only, after which the other commands work', async () => {
      const applied = await cli.withEnv({ LOG_LEVEL: 'info' }).run('migrate', '--json');
      expect(applied.code).to.equal(0);
      expect(JSON.parse(applied.stdout)).to.deep.equal({ applied: MIGRATION_NAMES });
      expect(applied.stderr).to.include('"msg":"migration applied"');
      expect(await tablesOf()).to.include.members(['idempotency_keys', 'mikro_orm_migrations', 'task_event_streams', 'task_events', 'tasks']);

      expect(await cli.run('migrate')).to.deep.include({ code: 0, stdout: 'The database schema is up to date; nothing to apply.\n' });
      const status = await cli.run('migrate', '--status');
      for (const name of MIGRATION_NAMES) {
        expect(status.stdout).to.match(new RegExp(`^${name}\\s+\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z$`, 'm'));
      }
      expect(await cli.run('tasks', 'list', '--user', 'someone')).to.deep.equal({ code: 0, stdout: 'No tasks.\n', stderr: '' });
    });
  });

  describe('with no DATABASE_URL', () => {
    let cli: AdminCli;

    before(async () => {
      // The work directory is DATA_DIR: a cluster of its own, started by whoever needs it first.
      cli = (await AdminCli.start()).withEnv({ DATABASE_URL: '' });
    });
    after(async () => {
      await cli.stop();
    });

    it('starts the embedded PostgreSQL itself, or joins the one the server runs and leaves it running', async () => {
      expect(await cli.run('migrate')).to.deep.include({ code: 0, stderr: '' });

      const config = loadConfig({ DATA_DIR: cli.workDir, PORT: '0', BETTER_AUTH_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' });
      const service = await startService(config, createLogger('silent'));
      try {
        const task = await cli.json('tasks', 'create', '--user', 'embedded-user', '--title', 'Made by the CLI', '--json');

        const headers = { Authorization: `Bearer ${await cli.run('token', '--user', 'embedded-user').then((result) => result.stdout.trim())}` };
        const read = await fetch(`${service.url}/api/tasks/${task.id}`, { headers });
        expect(read.status).to.equal(200);
        expect(await read.json()).to.deep.equal(task);
        expect((await fetch(`${service.url}/readyz`)).status).to.equal(200);
      } finally {
        await service.stop();
      }
    });
  });
});
