/**
 * The service behind a real PgBouncer in transaction mode, set up as docs/operate/deploy-and-scale.md tells an
 * operator (tests/support/pgbouncer.ts): `DATABASE_URL` through the pooler, `DATABASE_LISTEN_URL` direct, prepared
 * statements off, the statement timeout on the database. Two instances migrate an empty database through it, the
 * HTTP suites run through it, and a change reaches an event stream on the other instance. Then the failures the
 * page warns of, as it describes them: should a later PgBouncer or driver make them go away, these tests fail and
 * the page's advice is due for a second look.
 */
import { expect } from 'chai';
import pg from 'pg';
import { ServiceUnavailableError } from '../../src/application/errors.js';
import { changeFeedSuite } from '../support/http-suites/change-feed.suite.js';
import { concurrencySuite } from '../support/http-suites/concurrency.suite.js';
import { idempotentCreationSuite } from '../support/http-suites/idempotent-creation.suite.js';
import { tasksApiSuite } from '../support/http-suites/tasks-api.suite.js';
import { DATABASE_STATEMENT_TIMEOUT_SETTING, pgBouncerVersion, usePooledDatabase } from '../support/pgbouncer.js';
import type { SseClient } from '../support/sse-client.js';
import { TestService } from '../support/test-service.js';

describe('HTTP: behind a transaction pooler (PgBouncer, transaction mode)', () => {
  describe('set up as the docs say', () => {
    const pooler = usePooledDatabase('pooled');
    const start = () => TestService.start(pooler.serviceEnv());

    it('migrates an empty database through the pooler, two instances starting at once, each migration once', async () => {
      const instances = await Promise.all([start(), start()]);
      try {
        const status = await instances[0]!.service.runtime.database.migrationStatus();
        expect(status.length).to.be.greaterThan(0);
        expect(status.filter((migration) => migration.executedAt === null)).to.deep.equal([]);
        const direct = new pg.Client({ connectionString: pooler.directUrl });
        await direct.connect();
        try {
          const { rows } = await direct.query('select name from mikro_orm_migrations group by name having count(*) > 1');
          expect(rows).to.deep.equal([]);
        } finally {
          await direct.end();
        }
      } finally {
        await Promise.all(instances.map((instance) => instance.stop()));
      }
    });

    it('runs its statements under the timeout set on the database, and leaves nothing prepared', async () => {
      const service = await start();
      try {
        const session = service.service.runtime.database.session;
        const [timeout] = await session.autocommit<{ statement_timeout: string }>({ text: 'show statement_timeout', values: [] });
        expect(timeout!.statement_timeout).to.equal(DATABASE_STATEMENT_TIMEOUT_SETTING);
        const prepared = await session.autocommit<{ count: string }>({ text: 'select count(*) from pg_prepared_statements', values: [] });
        expect(prepared[0]!.count).to.equal('0');
      } finally {
        await service.stop();
      }
    });

    describe('tasks API', () => tasksApiSuite(start));
    describe('concurrency and conditional requests', () => concurrencySuite(start));
    describe('change feed', () => changeFeedSuite(start));
    describe('idempotent task creation', () => idempotentCreationSuite(start));

    describe('live events across two instances', () => {
      let first: TestService;
      let second: TestService;
      let events: SseClient | undefined;
      before(async () => {
        [first, second] = await Promise.all([start(), start()]);
      });
      after(async () => {
        await events?.close();
        await Promise.all([first?.stop(), second?.stop()]);
      });

      it('shows a change made through one instance on a stream opened on the other within 2 s', async () => {
        const alice = TestService.newUserId('alice');
        events = await (await second.as(alice)).events();
        expect(events.status).to.equal(200);
        const began = Date.now();
        const task = await (await first.as(alice)).createTask('Through the pooler');
        // The user's inbox, made for the task, comes first.
        await events.untilMessages(2, 2000);
        expect(Date.now() - began).to.be.below(2000);
        expect(events.changes.map((change) => change.type)).to.deep.equal(['list.created', 'task.created']);
        expect(events.changes[1]).to.deep.include({ type: 'task.created', task_id: task.id, task });
      });
    });
  });

  describe('the failures the docs warn of', () => {
    const pooler = usePooledDatabase('pooled_failures');

    it('will not start with the statement timeout sent when connecting: PgBouncer refuses the parameter', async () => {
      const { DATABASE_STATEMENT_TIMEOUT: _unset, ...withTimeout } = pooler.serviceEnv();
      const failure = await TestService.start(withTimeout).then(
        async (service) => {
          await service.stop();
          return 'it started';
        },
        (error: unknown) => error,
      );
      expect(failure, `the start fails behind ${pgBouncerVersion()}, as deploy-and-scale.md says`).to.be.instanceOf(ServiceUnavailableError);
      expect((failure as Error).message).to.equal('Database unavailable: unsupported startup parameter: statement_timeout');
    });

    it('with prepared statements left on, answers 500 on a second instance: prepared statement … already exists', async () => {
      const { DATABASE_PREPARED_STATEMENTS: _unset, ...prepared } = pooler.serviceEnv();
      const logs: string[] = [];
      const first = await TestService.start(prepared);
      let second: TestService | undefined;
      try {
        second = await TestService.start(prepared, { logs: { write: (line) => logs.push(line) } });
        const user = TestService.newUserId('prepared');
        // The first instance prepares the statement on the server connection PgBouncer lends it (the most
        // recently used one); the second, preparing it for the first time, is lent the same connection.
        const onFirst = await (await first.as(user)).request('GET', '/api/tasks/stats');
        expect(onFirst.status).to.equal(200);
        const revisit = `behind ${pgBouncerVersion()}, as deploy-and-scale.md says; if this now works, revisit its advice`;
        for (let attempt = 1; attempt <= 2; attempt++) {
          const onSecond = await (await second.as(user)).request('GET', '/api/tasks/stats');
          expect(onSecond.status, `attempt ${attempt} fails ${revisit}`).to.equal(500);
        }
        const errors = logs.map((line) => JSON.parse(line) as { err?: { code?: string; message?: string } }).map((entry) => entry.err);
        expect(errors).to.have.length(2);
        for (const error of errors) {
          expect(error).to.include({ code: '42P05' });
          expect(error!.message).to.match(/^prepared statement "tasks_api_[0-9a-f]{20}" already exists$/);
        }
      } finally {
        await Promise.all([first.stop(), second?.stop()]);
      }
    });
  });
});
