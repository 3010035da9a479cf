/**
 * `Idempotency-Key` on `POST /api/tasks`, with two instances on one database: a retry anywhere replays the
 * first answer and creates nothing; a key cannot be reused for another body; a repeat in flight is 409. Run by
 * tests/http/idempotency.test.ts, and behind a transaction pooler by tests/http/transaction-pooler.test.ts.
 */
import { expect } from 'chai';
import { TestService, type TestResponse, type UserClient } from '../test-service.js';

/** `start` starts one instance; the suite starts two. */
export function idempotentCreationSuite(start: () => Promise<TestService>): void {
  let first: TestService;
  let second: TestService;
  let onFirst: UserClient;
  let onSecond: UserClient;

  before(async () => {
    [first, second] = await Promise.all([start(), start()]);
  });
  after(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });
  beforeEach(async () => {
    const userId = TestService.newUserId('retrier');
    onFirst = await first.as(userId);
    onSecond = await second.as(userId);
  });

  const post = (client: UserClient, key: string | null, body: unknown = { title: 'Buy milk' }) =>
    client.request('POST', '/api/tasks', { body, headers: key === null ? {} : { 'Idempotency-Key': key } });
  const taskCount = async (client: UserClient) => (await client.request('GET', '/api/tasks')).body.items.length;
  const database = () => first.service.runtime.database.orm.em.getConnection();
  const answerOf = (response: TestResponse) => ({
    status: response.status,
    text: response.text,
    location: response.headers.get('location'),
    etag: response.headers.get('etag'),
  });

  it('replays the first answer on a retry — from any instance, even after the task changed — and creates nothing', async () => {
    const original = await post(onFirst, 'create-milk-1');
    expect(original.status).to.equal(201);
    expect(original.headers.get('idempotent-replayed')).to.equal(null);
    await onFirst.request('PATCH', `/api/tasks/${original.body.id}/complete`);

    for (const client of [onFirst, onSecond]) {
      const retry = await post(client, 'create-milk-1');
      expect(answerOf(retry)).to.deep.equal(answerOf(original));
      expect(retry.headers.get('idempotent-replayed')).to.equal('true');
    }
    expect(await taskCount(onFirst)).to.equal(1);
    const { body: feed } = await onFirst.request('GET', '/api/tasks/changes');
    // The inbox, made by the first answer's create, then the task's changes: nothing from the retries.
    expect(feed.changes.map((change: any) => change.type)).to.deep.equal(['list.created', 'task.created', 'task.completed']);
  });

  it('treats bodies that mean the same as the same: key order, spacing and ignored fields do not matter', async () => {
    const original = await onFirst.request('POST', '/api/tasks', {
      rawBody: '{"title":"Same","description":"d"}',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'same-meaning' },
    });
    const retry = await onSecond.request('POST', '/api/tasks', {
      rawBody: '{ "description": "d",\n  "title": "Same", "id": "ignored", "completed": true }',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'same-meaning' },
    });
    expect(retry.status).to.equal(201);
    expect(retry.text).to.equal(original.text);
    expect(await taskCount(onFirst)).to.equal(1);
  });

  it('creates exactly one task from ten concurrent requests with one key; the others replay it or get 409', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) => post(index % 2 === 0 ? onFirst : onSecond, 'concurrent-key', { title: 'Only once' })),
    );
    const created = responses.filter((response) => response.status === 201);
    const busy = responses.filter((response) => response.status === 409);
    expect(created.length + busy.length, responses.map((response) => response.status).join()).to.equal(10);
    expect(created.length).to.be.at.least(1);
    expect(new Set(created.map((response) => response.text)).size).to.equal(1);
    expect(created.filter((response) => response.headers.get('idempotent-replayed') === null)).to.have.length(1);
    for (const response of busy) {
      expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(response.headers.get('retry-after')).to.equal('1');
    }
    expect(await taskCount(onFirst)).to.equal(1);
    // Once the first is done, every retry gets its answer.
    const late = await post(onSecond, 'concurrent-key', { title: 'Only once' });
    expect(late.text).to.equal(created[0]!.text);
  });

  it('refuses the same key with a different body (422) and creates nothing', async () => {
    await post(onFirst, 'reused-key', { title: 'First' });
    for (const body of [{ title: 'Second' }, { title: 'First', description: 'now with a description' }]) {
      const reused = await post(onSecond, 'reused-key', body);
      expect(reused.status).to.equal(422);
      expect(reused.body.detail).to.match(/Idempotency-Key/);
    }
    expect(await taskCount(onFirst)).to.equal(1);
  });

  it('keeps keys per user: another user’s identical key is independent', async () => {
    const mine = await post(onFirst, 'shared-key', { title: 'Mine' });
    const other = await second.as(TestService.newUserId('other'));
    const theirs = await post(other, 'shared-key', { title: 'Theirs' });
    expect([mine.status, theirs.status]).to.deep.equal([201, 201]);
    expect(theirs.body.id).to.not.equal(mine.body.id);
    expect(theirs.body.user_id).to.equal(other.userId);
  });

  it('refuses a malformed key with 400 before looking at the body, and creates nothing', async () => {
    for (const key of ['', 'x'.repeat(256), 'tab\there', 'naïve']) {
      const response = await post(onFirst, key, { title: 'Never' });
      expect(response.status, JSON.stringify(key)).to.equal(400);
      expect(response.body.detail).to.match(/Idempotency-Key/);
    }
    const blankTitle = await post(onFirst, '', { title: '   ' });
    expect(blankTitle.status).to.equal(400);
    expect((await post(onFirst, 'k'.repeat(255))).status).to.equal(201);
    expect((await post(onFirst, 'with spaces and ~!@#')).status).to.equal(201);
    expect(await taskCount(onFirst)).to.equal(2);
  });

  it('does not keep the key of a request that failed: a corrected retry with the same key goes through', async () => {
    const refused = await post(onFirst, 'fix-and-retry', { title: '   ' });
    expect(refused.status).to.equal(422);
    const fixed = await post(onSecond, 'fix-and-retry', { title: 'Fixed' });
    expect(fixed.status).to.equal(201);
    expect(fixed.headers.get('idempotent-replayed')).to.equal(null);
  });

  it('answers 409 while an attempt holds the key, and lets a retry take over once that attempt is stale', async () => {
    const original = await post(onFirst, 'crashed', { title: 'Crash me' });
    // As if the attempt had claimed the key and then its process died before committing.
    const holdKey = (ageSeconds: number) =>
      database().execute(
        `update idempotency_keys set completed_at = null, response = null, created_at = now() - ? * interval '1 second'
         where user_id = ? and key = 'crashed'`,
        [ageSeconds, onFirst.userId],
      );
    await holdKey(5);
    const busy = await post(onSecond, 'crashed', { title: 'Crash me' });
    expect(busy.status).to.equal(409);
    expect(busy.headers.get('retry-after')).to.equal('1');
    expect((await post(onSecond, 'crashed', { title: 'Other body' })).status).to.equal(422);

    await holdKey(61);
    const takeover = await post(onSecond, 'crashed', { title: 'Crash me' });
    expect(takeover.status).to.equal(201);
    expect(takeover.headers.get('idempotent-replayed')).to.equal(null);
    expect(takeover.body.id).to.not.equal(original.body.id);
    const replay = await post(onFirst, 'crashed', { title: 'Crash me' });
    expect(replay.text).to.equal(takeover.text);
  });

  it('forgets a key after 24 hours: the same key then creates again, whatever the body', async () => {
    const old = await post(onFirst, 'yesterday', { title: 'Old' });
    await database().execute(
      `update idempotency_keys set created_at = now() - interval '24 hours 1 second' where user_id = ? and key = 'yesterday'`,
      [onFirst.userId],
    );
    const fresh = await post(onSecond, 'yesterday', { title: 'New' });
    expect(fresh.status).to.equal(201);
    expect(fresh.body.id).to.not.equal(old.body.id);
    expect(fresh.headers.get('idempotent-replayed')).to.equal(null);
    expect(await taskCount(onFirst)).to.equal(2);
  });

  it('without a key, every POST creates a task', async () => {
    await post(onFirst, null);
    await post(onFirst, null);
    expect(await taskCount(onFirst)).to.equal(2);
  });
}
