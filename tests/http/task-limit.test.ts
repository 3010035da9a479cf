/** MAX_TASKS_PER_USER over HTTP: one clear 409 problem for every create beyond it, exact under concurrency. */
import { expect } from 'chai';
import { TestService, useTestService } from '../support/test-service.js';

const LIMIT = 5;

describe('HTTP: the per-user task limit', () => {
  const service = useTestService({ MAX_TASKS_PER_USER: String(LIMIT) });

  it('lets exactly one of ten concurrent creates through at one below the limit; the others get 409 naming it', async () => {
    const user = await service.as(TestService.newUserId('limited'));
    for (let index = 0; index < LIMIT - 1; index++) await user.createTask(`Task ${index}`);

    const responses = await Promise.all(Array.from({ length: 10 }, (_, index) => user.request('POST', '/api/tasks', { body: { title: `Racer ${index}` } })));

    expect(responses.map((response) => response.status).sort()).to.deep.equal([201, ...Array(9).fill(409)]);
    for (const refused of responses.filter((response) => response.status === 409)) {
      expect(refused.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(refused.headers.get('retry-after')).to.equal(null);
      expect(refused.body).to.include({ type: 'about:blank', title: 'Conflict', status: 409, limit: LIMIT });
      expect(refused.body.detail).to.equal(`You have ${LIMIT} tasks, the most one user may have: delete some before adding more`);
    }
    const stats = await user.request('GET', '/api/tasks/stats');
    expect(stats.body.total).to.equal(LIMIT);
    // Each task created once, after the user's inbox was.
    const changes = (await user.request('GET', '/api/tasks/changes')).body.changes as { type: string }[];
    expect(changes.map((change) => change.type)).to.deep.equal(['list.created', ...Array(LIMIT).fill('task.created')]);
  });

  it('makes room when a task is deleted, and keeps each user’s limit their own', async () => {
    const user = await service.as(TestService.newUserId('full'));
    const tasks = [];
    for (let index = 0; index < LIMIT; index++) tasks.push(await user.createTask(`Task ${index}`));
    expect((await user.request('POST', '/api/tasks', { body: { title: 'One too many' } })).status).to.equal(409);
    expect((await (await service.as(TestService.newUserId('other'))).request('POST', '/api/tasks', { body: { title: 'Mine' } })).status).to.equal(201);

    expect((await user.request('DELETE', `/api/tasks/${tasks[0].id}`)).status).to.equal(204);
    expect((await user.request('POST', '/api/tasks', { body: { title: 'Fits again' } })).status).to.equal(201);
  });

  it('frees an Idempotency-Key whose create was refused, so the same request succeeds once there is room', async () => {
    const user = await service.as(TestService.newUserId('keyed'));
    const tasks = [];
    for (let index = 0; index < LIMIT; index++) tasks.push(await user.createTask(`Task ${index}`));
    const keyed = { body: { title: 'Keyed' }, headers: { 'Idempotency-Key': 'limit-key-1' } };

    const refused = await user.request('POST', '/api/tasks', keyed);
    expect(refused.status).to.equal(409);
    expect(refused.body.limit).to.equal(LIMIT);

    await user.request('DELETE', `/api/tasks/${tasks[0].id}`);
    const created = await user.request('POST', '/api/tasks', keyed);
    expect(created.status).to.equal(201);
    expect(created.headers.get('idempotent-replayed')).to.equal(null);
  });
});
