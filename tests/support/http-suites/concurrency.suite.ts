/**
 * Concurrent changes never lose each other; conditional requests guard against stale writes. Run by
 * tests/http/concurrency.test.ts, and behind a transaction pooler by tests/http/transaction-pooler.test.ts.
 */
import { expect } from 'chai';
import { TestService, useServiceStartedBy, type UserClient } from '../test-service.js';

export function concurrencySuite(start: () => Promise<TestService>): void {
  const service = useServiceStartedBy(start);
  let user: UserClient;
  beforeEach(async () => {
    user = await service.as(TestService.newUserId('racer'));
  });

  for (const toggles of [50, 51]) {
    it(`${toggles} concurrent toggles of one task end at version ${toggles + 1}, completed exactly when ${toggles} is odd`, async () => {
      const task = await user.createTask('Flip me');
      const responses = await Promise.all(
        Array.from({ length: toggles }, () => user.request('PATCH', `/api/tasks/${task.id}/complete`)),
      );
      expect(responses.map((response) => response.status)).to.deep.equal(Array(toggles).fill(200));
      // Every toggle saw a distinct version: none overwrote another.
      expect(new Set(responses.map((response) => response.body.version)).size).to.equal(toggles);

      const final = await user.request('GET', `/api/tasks/${task.id}`);
      expect(final.body.version).to.equal(toggles + 1);
      expect(final.body.completed).to.equal(toggles % 2 === 1);
    });
  }

  it('concurrent edits of different fields both survive', async () => {
    const task = await user.createTask('Original', 'original');
    await Promise.all([
      user.request('PATCH', `/api/tasks/${task.id}`, { body: { title: 'New title' } }),
      user.request('PATCH', `/api/tasks/${task.id}`, { body: { description: 'New description' } }),
      user.request('PATCH', `/api/tasks/${task.id}/complete`, { body: { completed: true } }),
    ]);
    const final = await user.request('GET', `/api/tasks/${task.id}`);
    expect(final.body).to.include({ title: 'New title', description: 'New description', completed: true, version: 4 });
  });

  it('If-Match with a stale version is 412 and changes nothing; the current version succeeds', async () => {
    const task = await user.createTask('Guarded');
    await user.request('PUT', `/api/tasks/${task.id}`, { body: { title: 'Moved on' } });

    for (const [method, path, body] of [
      ['PUT', `/api/tasks/${task.id}`, { title: 'Stale write' }],
      ['PATCH', `/api/tasks/${task.id}`, { title: 'Stale write' }],
      ['PATCH', `/api/tasks/${task.id}/complete`, undefined],
      ['DELETE', `/api/tasks/${task.id}`, undefined],
    ] as const) {
      const stale = await user.request(method, path, { headers: { 'If-Match': '"1"' }, ...(body ? { body } : {}) });
      expect(stale.status, `${method} ${path}`).to.equal(412);
      expect(stale.headers.get('content-type')).to.match(/problem\+json/);
    }
    const weak = await user.request('PUT', `/api/tasks/${task.id}`, { headers: { 'If-Match': 'W/"2"' }, body: { title: 'Weak' } });
    expect(weak.status).to.equal(412);
    const garbage = await user.request('PUT', `/api/tasks/${task.id}`, { headers: { 'If-Match': 'version-2' }, body: { title: 'Garbage' } });
    expect(garbage.status).to.equal(412);

    const current = await user.request('GET', `/api/tasks/${task.id}`);
    expect(current.body).to.include({ title: 'Moved on', version: 2 });

    // Any one of several listed tags will do (RFC 9110 §13.1.1).
    const fresh = await user.request('PUT', `/api/tasks/${task.id}`, { headers: { 'If-Match': '"5", W/"7", "2"' }, body: { title: 'Fresh' } });
    expect(fresh.status).to.equal(200);
    expect(fresh.body.version).to.equal(3);
    const deleted = await user.request('DELETE', `/api/tasks/${task.id}`, { headers: { 'If-Match': '"3"' } });
    expect(deleted.status).to.equal(204);
  });

  it('If-None-Match with the current ETag is 304 with no body; after a change it is 200', async () => {
    const task = await user.createTask('Cached');
    const notModified = await user.request('GET', `/api/tasks/${task.id}`, { headers: { 'If-None-Match': '"1"' } });
    expect(notModified.status).to.equal(304);
    expect(notModified.text).to.equal('');
    expect(notModified.headers.get('etag')).to.equal('"1"');

    await user.request('PATCH', `/api/tasks/${task.id}/complete`);
    const modified = await user.request('GET', `/api/tasks/${task.id}`, { headers: { 'If-None-Match': '"1"' } });
    expect(modified.status).to.equal(200);
    expect(modified.headers.get('etag')).to.equal('"2"');
  });
}
