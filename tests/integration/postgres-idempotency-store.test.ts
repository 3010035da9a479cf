import { IdempotentRequestInProgressError } from '../../src/application/errors.js';
/** Idempotency keys in PostgreSQL: claims, takeovers, answers recorded in the caller's transaction, purging. */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { IdempotencyReservation } from '../../src/application/ports/idempotency-store.js';
import { Database } from '../../src/infrastructure/persistence/postgres/database.js';
import { PostgresUnitOfWork } from '../../src/infrastructure/persistence/postgres/write-path/postgres-unit-of-work.js';
import { PostgresIdempotencyStore } from '../../src/infrastructure/persistence/postgres/postgres-idempotency-store.js';
import { expectRejection } from '../support/expect-rejection.js';
import { testDatabaseUrl } from '../support/test-database.js';

const policy = { ttlSeconds: 86_400, staleAfterSeconds: 60 };

describe('PostgresIdempotencyStore', () => {
  let database: Database;
  let store: PostgresIdempotencyStore;
  let unitOfWork: PostgresUnitOfWork;

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    store = new PostgresIdempotencyStore(database.session);
    unitOfWork = new PostgresUnitOfWork(database.session);
  });
  after(async () => {
    await database.close();
  });

  const attempt = (ownerId: string, key = 'key', fingerprint = 'f'.repeat(64)): IdempotencyReservation => ({
    ownerId,
    key,
    fingerprint,
    attempt: randomUUID(),
  });
  const age = (ownerId: string, seconds: number) =>
    database.orm.em
      .getConnection()
      .execute(`update idempotency_keys set created_at = now() - ? * interval '1 second' where user_id = ?`, [seconds, ownerId]);

  it('lets one attempt claim a key; others see it in flight, then completed with its answer', async () => {
    const owner = `owner-${randomUUID()}`;
    const first = attempt(owner);
    expect(await store.claim(first, policy)).to.deep.equal({ state: 'acquired' });
    expect(await store.claim(attempt(owner), policy)).to.deep.equal({ state: 'in_flight', fingerprint: first.fingerprint });
    await unitOfWork.run(() => store.complete(first, { id: 'x', title: 'answer' }));
    expect(await store.claim(attempt(owner), policy)).to.deep.equal({
      state: 'completed',
      fingerprint: first.fingerprint,
      response: { id: 'x', title: 'answer' },
    });
  });

  it('records the answer only if the caller’s transaction commits', async () => {
    const owner = `owner-${randomUUID()}`;
    const first = attempt(owner);
    await store.claim(first, policy);
    await expectRejection(
      unitOfWork.run(async () => {
        await store.complete(first, { id: 'lost' });
        throw new Error('rolled back');
      }),
      Error,
    );
    expect((await store.claim(attempt(owner), policy)).state).to.equal('in_flight');
  });

  it('hands a stale unfinished key to a retry of the same request only, and the stale attempt can no longer answer', async () => {
    const owner = `owner-${randomUUID()}`;
    const crashed = attempt(owner);
    await store.claim(crashed, policy);
    await age(owner, 61);
    expect((await store.claim(attempt(owner, 'key', 'e'.repeat(64)), policy)).state).to.equal('in_flight');
    const retry = attempt(owner);
    expect(await store.claim(retry, policy)).to.deep.equal({ state: 'acquired' });
    await expectRejection(unitOfWork.run(() => store.complete(crashed, { id: 'late' })), IdempotentRequestInProgressError);
    await unitOfWork.run(() => store.complete(retry, { id: 'retry' }));
    await store.release(crashed); // not its key any more: changes nothing
    expect(await store.claim(attempt(owner), policy)).to.include({ state: 'completed' });
  });

  it('frees a released key for the next attempt, and treats an expired key as unused', async () => {
    const owner = `owner-${randomUUID()}`;
    const failed = attempt(owner);
    await store.claim(failed, policy);
    await store.release(failed);
    const next = attempt(owner, 'key', 'd'.repeat(64));
    expect(await store.claim(next, policy)).to.deep.equal({ state: 'acquired' });
    await unitOfWork.run(() => store.complete(next, null));
    await age(owner, 86_401);
    expect(await store.claim(attempt(owner, 'key', 'c'.repeat(64)), policy)).to.deep.equal({ state: 'acquired' });
  });

  it('purges expired keys a batch at a time, leaving live ones', async () => {
    const expired = `expired-${randomUUID()}`;
    const live = `live-${randomUUID()}`;
    for (const key of ['a', 'b', 'c']) await store.claim(attempt(expired, key), policy);
    await store.claim(attempt(live), policy);
    await age(expired, 86_401);
    let purged = 0;
    for (let batch = await store.purgeExpired(86_400, 2); batch > 0; batch = await store.purgeExpired(86_400, 2)) purged += batch;
    expect(purged).to.be.at.least(3);
    const rows = await database.orm.em
      .getConnection()
      .execute('select user_id from idempotency_keys where user_id in (?, ?)', [expired, live]);
    expect(rows.map((row: any) => row.user_id)).to.deep.equal([live]);
  });
});
