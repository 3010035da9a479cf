/** Story 4: no user can see, change or even detect another user's tasks. */
import { expect } from 'chai';
import { TestService, useTestService, type UserClient } from '../support/test-service.js';

describe('HTTP: multi-user isolation', () => {
  const service = useTestService();
  let alice: UserClient;
  let bob: UserClient;
  beforeEach(async () => {
    alice = await service.as(TestService.newUserId('alice'));
    bob = await service.as(TestService.newUserId('bob'));
  });

  it('answers every method on a foreign task exactly like a missing one, and changes nothing', async () => {
    const task = await alice.createTask('Private', 'secret notes');
    const missingId = '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11';
    const attempts = (id: string) =>
      [
        ['GET', `/api/tasks/${id}`, undefined],
        ['PUT', `/api/tasks/${id}`, { title: 'pwned' }],
        ['PATCH', `/api/tasks/${id}`, { completed: true }],
        ['PATCH', `/api/tasks/${id}/complete`, undefined],
        ['PATCH', `/api/tasks/${id}/complete`, { completed: true }],
        ['DELETE', `/api/tasks/${id}`, undefined],
      ] as const;

    for (const [method, path, body] of attempts(task.id)) {
      const foreign = await bob.request(method, path, body ? { body } : {});
      const [, missingPath] = attempts(missingId).find(([m, p]) => m === method && p.endsWith(path.slice(path.indexOf(task.id) + task.id.length)))!;
      const missing = await bob.request(method, missingPath, body ? { body } : {});
      expect(foreign.status, `${method} ${path}`).to.equal(404);
      expect(foreign.body, `${method} ${path}`).to.deep.equal(missing.body);
      expect(foreign.text).to.not.include('secret');
    }
    // With If-Match too: the precondition must not reveal the task's version.
    const conditional = await bob.request('DELETE', `/api/tasks/${task.id}`, { headers: { 'If-Match': '"1"' } });
    expect(conditional.status).to.equal(404);

    const unchanged = await alice.request('GET', `/api/tasks/${task.id}`);
    expect(unchanged.body).to.deep.equal(task);
  });

  it('never lists or counts another user’s tasks, whatever the filters', async () => {
    await alice.createTask('Alice one', 'needle');
    await alice.createTask('Alice two');
    const mine = await bob.createTask('Bob one', 'needle');

    for (const query of ['', '?status=all', '?status=pending', '?q=needle', '?sort=title&order=asc', '?limit=500']) {
      const list = await bob.request('GET', `/api/tasks${query}`);
      expect(list.body.items.map((task: any) => task.id), query).to.deep.equal([mine.id]);
    }
    const stats = await bob.request('GET', '/api/tasks/stats');
    expect(stats.body).to.deep.equal({ total: 1, pending: 1, completed: 0, overdue: 0, due_today: 0 });
  });

  it('cannot move a task to another owner by sending user_id', async () => {
    const task = await alice.createTask('Mine');
    const response = await alice.request('PUT', `/api/tasks/${task.id}`, { body: { title: 'Still mine', user_id: bob.userId } });
    expect(response.status).to.equal(200);
    expect(response.body.user_id).to.equal(alice.userId);
    const bobs = await bob.request('GET', '/api/tasks');
    expect(bobs.body.items).to.deep.equal([]);
  });

  it('treats a malformed id as not found', async () => {
    for (const id of ['not-a-uuid', '1', "1' or '1'='1", '%00']) {
      const response = await alice.request('GET', `/api/tasks/${encodeURIComponent(id)}`);
      expect(response.status, id).to.equal(404);
    }
  });
});
