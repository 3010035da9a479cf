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

  describe('deleting a task with subtasks', () => {
    it('deletes its subtasks at every depth, each with its own task.deleted in the change log, the deepest first', async () => {
      const [root, child, grandchild] = await chain(alice, 3);
      const sibling = await create(alice, 'Second child', root.id);
      const kept = await create(alice, 'Kept');
      const since = (await alice.request('GET', '/api/tasks/changes')).body.next_cursor;

      const response = await alice.request('DELETE', `/api/tasks/${root.id}`);

      expect(response.status, response.text).to.equal(204);
      const changes = (await alice.request('GET', `/api/tasks/changes?since=${since}`)).body.changes;
      expect(changes.map((change: any) => [change.type, change.task_id])).to.deep.equal([
        ['task.deleted', grandchild.id],
        ['task.deleted', sibling.id],
        ['task.deleted', child.id],
        ['task.deleted', root.id],
      ]);
      expect((await alice.request('GET', '/api/tasks')).body.items.map((task: any) => task.id)).to.deep.equal([kept.id]);
      for (const gone of [root, child, grandchild, sibling]) expect((await alice.request('GET', `/api/tasks/${gone.id}`)).status).to.equal(404);
    });

    it('deletes a subtask alone, and honours If-Match on the task named', async () => {
      const parent = await create(alice, 'Parent');
      const child = await create(alice, 'Child', parent.id);

      expect((await alice.request('DELETE', `/api/tasks/${parent.id}`, { headers: { 'If-Match': '"7"' } })).status).to.equal(412);
      expect((await alice.request('DELETE', `/api/tasks/${child.id}`, { headers: { 'If-Match': '"1"' } })).status).to.equal(204);

      expect((await alice.request('GET', `/api/tasks/${parent.id}`)).status).to.equal(200);
    });

    it('answers 404 to another user deleting a parent, and deletes nothing', async () => {
      const [root, child] = await chain(alice, 2);

      expect((await bob.request('DELETE', `/api/tasks/${root.id}`)).status).to.equal(404);

      expect((await alice.request('GET', `/api/tasks/${child.id}`)).status).to.equal(200);
    });

    it('never fails with a 500 when subtasks are created under a task while it is deleted', async () => {
      const parent = await create(alice, 'Parent');
      const results = await Promise.all([
        ...Array.from({ length: 8 }, (_, index) => alice.request('POST', '/api/tasks', { body: { title: `Sub ${index}`, parent_id: parent.id } })),
        alice.request('DELETE', `/api/tasks/${parent.id}`),
      ]);

      const statuses = results.map((result) => result.status);
      expect(statuses.at(-1)).to.equal(204);
      for (const status of statuses.slice(0, -1)) expect([201, 404]).to.include(status);
      expect((await alice.request('GET', '/api/tasks')).body.items).to.deep.equal([]);
    });
  });
});
