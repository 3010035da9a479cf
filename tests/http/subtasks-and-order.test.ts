/** Subtasks and manual order over a real socket on PostgreSQL: nesting, moves, cascading deletes, isolation, sync. */
import { expect } from 'chai';
import { TestService, useTestService, type UserClient } from '../support/test-service.js';

const MISSING_ID = '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11';

describe('HTTP: subtasks and manual order', () => {
  const service = useTestService();
  let alice: UserClient;
  let bob: UserClient;
  beforeEach(async () => {
    alice = await service.as(TestService.newUserId('alice'));
    bob = await service.as(TestService.newUserId('bob'));
  });

  const create = async (user: UserClient, title: string, parentId?: string | null) => {
    const response = await user.request('POST', '/api/tasks', { body: { title, ...(parentId !== undefined && { parent_id: parentId }) } });
    expect(response.status, response.text).to.equal(201);
    return response.body;
  };

  /** A chain of `levels` tasks, each the subtask of the one before: the first is top-level. */
  const chain = async (user: UserClient, levels: number) => {
    const tasks = [await create(user, 'Level 1')];
    for (let level = 2; level <= levels; level++) tasks.push(await create(user, `Level ${level}`, tasks.at(-1).id));
    return tasks;
  };

  describe('creating subtasks', () => {
    it('puts a subtask under its parent, at the end of the parent\'s subtasks, everywhere the task is shown', async () => {
      const parent = await create(alice, 'Plan the trip');
      const first = await create(alice, 'Book flights', parent.id);
      const second = await create(alice, 'Book a hotel', parent.id);

      expect(first).to.include({ parent_id: parent.id });
      expect(second).to.include({ parent_id: parent.id });
      expect(first.position < second.position).to.equal(true);
      expect(parent).to.include({ parent_id: null });
      expect((await alice.request('GET', `/api/tasks/${second.id}`)).body).to.deep.equal(second);
    });

    it('takes an explicit null parent as the top level', async () => {
      const task = await create(alice, 'Top', null);

      expect(task).to.include({ parent_id: null });
    });

    it('nests four levels deep and refuses a fifth with 422 naming parent_id, creating nothing', async () => {
      const levels = await chain(alice, 4);

      const response = await alice.request('POST', '/api/tasks', { body: { title: 'Level 5', parent_id: levels[3].id } });

      expect(response.status, response.text).to.equal(422);
      expect(response.headers.get('content-type')).to.match(/application\/problem\+json/);
      expect(response.body.errors).to.deep.equal([{ path: 'parent_id', message: 'Tasks nest at most 4 levels deep' }]);
      expect((await alice.request('GET', '/api/tasks?limit=100')).body.items).to.have.length(4);
    });

    it('answers 404 for a parent that is missing, malformed or another user\'s, creating nothing', async () => {
      const bobs = await create(bob, 'Bob\'s task');
      for (const parentId of [MISSING_ID, 'not-a-task-id', bobs.id]) {
        const response = await alice.request('POST', '/api/tasks', { body: { title: 'Sub', parent_id: parentId } });
        expect(response.status, `${parentId}: ${response.text}`).to.equal(404);
        expect(response.body.detail).to.equal('Task not found');
      }
      expect((await alice.request('GET', '/api/tasks')).body.items).to.deep.equal([]);
    });

    it('refuses a parent id that is not a string with 422 naming parent_id', async () => {
      const response = await alice.request('POST', '/api/tasks', { body: { title: 'Sub', parent_id: 42 } });

      expect(response.status).to.equal(422);
      expect(response.body.errors).to.deep.equal([{ path: 'parent_id', message: 'Parent id must be a task id or null' }]);
    });
  });
});
