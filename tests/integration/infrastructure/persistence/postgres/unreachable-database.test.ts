/**
 * A database that stops answering without closing anything (a network partition, a frozen host): statements
 * fail as "unavailable" within bounds the service sets itself, instead of whenever TCP gives up.
 */
import { expect } from 'chai';
import { ServiceUnavailableError } from '../../../../../src/application/errors.js';
import { Database } from '../../../../../src/infrastructure/persistence/postgres/database.js';
import { expectRejection } from '../../../../support/expect-rejection.js';
import { DatabaseLink } from '../../../../support/database-link.js';
import { testDatabaseUrl } from '../../../../support/test-database.js';

const SELECT_ONE = { text: 'select 1 as one', values: [] };

async function within<T>(limitMs: number, what: string, operation: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await operation();
  expect(Date.now() - started, `${what} took ${Date.now() - started} ms`).to.be.below(limitMs);
  return result;
}

describe('Database: a server that stops answering', () => {
  let link: DatabaseLink;
  let database: Database;

  beforeEach(async () => {
    link = await DatabaseLink.start(await testDatabaseUrl());
    // A short statement timeout, so that the driver's own deadline (that timeout plus a second) is short too.
    database = await Database.connect(link.url, { statementTimeoutMs: 300 });
    expect(await database.session.query(SELECT_ONE)).to.deep.equal([{ one: 1 }]);
  });
  afterEach(async function () {
    this.timeout(15_000);
    await link.close();
    await database.close();
  });

  it('gives up on a statement sent to a silent server after the statement timeout and a second', async () => {
    link.silence();
    // The pooled connection looks alive; the statement goes out and nothing comes back.
    await within(2_000, 'the statement', () => expectRejection(database.session.query(SELECT_ONE), ServiceUnavailableError));
    // That connection is not handed out again: the next statement needs a new one, which cannot be had.
    await within(2_000, 'the next statement', () => expectRejection(database.session.query(SELECT_ONE), ServiceUnavailableError));
  });

  it('stops waiting for a connection well within two seconds when none can be made', async () => {
    link.silence();
    const started = Date.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => database.session.autocommit(SELECT_ONE)));
    expect(Date.now() - started, 'twenty statements at once').to.be.below(2_000);
    for (const outcome of outcomes) {
      expect(outcome.status).to.equal('rejected');
      expect((outcome as PromiseRejectedResult).reason).to.be.instanceOf(ServiceUnavailableError);
    }
  });

  it('reports itself unreachable to the readiness probe within a second', async () => {
    expect(await database.isReachable()).to.equal(true);
    link.silence();
    expect(await within(1_500, 'the probe', () => database.isReachable())).to.equal(false);
  });
});
