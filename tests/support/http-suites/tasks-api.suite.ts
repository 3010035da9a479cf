/**
 * The seed's user stories over a real socket: create & view, update & complete, delete, filter by status and
 * page. Run by tests/http/tasks-api.test.ts, and behind a transaction pooler by tests/http/transaction-pooler.test.ts.
 */
import { expect } from 'chai';
import { TestService, useServiceStartedBy, type UserClient } from '../test-service.js';

export function tasksApiSuite(start: () => Promise<TestService>): void {
  const service = useServiceStartedBy(start);
  let alice: UserClient;
  beforeEach(async () => {
    alice = await service.as(TestService.newUserId('alice'));
  });

  describe('story 1: create and view tasks', () => {
    it('creates a task with 201, Location, ETag and the full resource', async () => {
      const response = await alice.request('POST', '/api/tasks', { body: { title: '  Buy milk  ', description: '2 litres' } });
      expect(response.status).to.equal(201);
      const task = response.body;
      expect(task).to.include({ user_id: alice.userId, title: 'Buy milk', description: '2 litres', completed: false, completed_at: null, version: 1 });
      expect(task.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(task.created_at).to.equal(task.updated_at);
      expect(new Date(task.created_at).toISOString()).to.equal(task.created_at);
      expect(response.headers.get('location')).to.equal(`/api/tasks/${task.id}`);
      expect(response.headers.get('etag')).to.equal('"1"');
      expect(response.headers.get('cache-control')).to.equal('private, no-cache');
    });

    it('defaults a missing description to null and ignores read-only and unknown fields', async () => {
      const response = await alice.request('POST', '/api/tasks', {
        body: { title: 'Mine', user_id: 'mallory', id: '00000000-0000-7000-8000-000000000000', version: 9, completed: true, admin: true },
      });
      expect(response.status).to.equal(201);
      expect(response.body).to.include({ user_id: alice.userId, description: null, version: 1, completed: false });
      expect(response.body.id).to.not.equal('00000000-0000-7000-8000-000000000000');
      expect(response.body).to.not.have.property('admin');
    });

    it('lists the caller’s tasks newest first and reads one by id', async () => {
      const first = await alice.createTask('First');
      const second = await alice.createTask('Second');
      const list = await alice.request('GET', '/api/tasks');
      expect(list.status).to.equal(200);
      expect(list.body.items.map((task: any) => task.id)).to.deep.equal([second.id, first.id]);
      expect(list.body.next_cursor).to.equal(null);

      const one = await alice.request('GET', `/api/tasks/${first.id}`);
      expect(one.status).to.equal(200);
      expect(one.body).to.deep.equal(first);
      expect(one.headers.get('etag')).to.equal('"1"');
    });

    it('rejects invalid titles and descriptions with 422 and an entry per field', async () => {
      const response = await alice.request('POST', '/api/tasks', { body: { title: '   ', description: 'x'.repeat(1001) } });
      expect(response.status).to.equal(422);
      expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(response.body.errors.map((error: any) => error.path).sort()).to.deep.equal(['description', 'title']);

      const tooLong = await alice.request('POST', '/api/tasks', { body: { title: 'x'.repeat(201) } });
      expect(tooLong.status).to.equal(422);
      const exact = await alice.request('POST', '/api/tasks', { body: { title: 'x'.repeat(200), description: 'd'.repeat(1000) } });
      expect(exact.status).to.equal(201);
      const missing = await alice.request('POST', '/api/tasks', { body: {} });
      expect(missing.status).to.equal(422);
      expect(missing.body.errors[0].path).to.equal('title');
      const wrongType = await alice.request('POST', '/api/tasks', { body: { title: 42 } });
      expect(wrongType.status).to.equal(422);
    });
  });

  describe('story 2: update and complete tasks', () => {
    it('PUT changes only the fields sent, bumps the version and updated_at', async () => {
      const task = await alice.createTask('Draft', 'notes');
      const response = await alice.request('PUT', `/api/tasks/${task.id}`, { body: { title: 'Final' } });
      expect(response.status).to.equal(200);
      expect(response.body).to.include({ title: 'Final', description: 'notes', version: 2 });
      expect(response.body.updated_at >= task.updated_at).to.equal(true);
      expect(response.headers.get('etag')).to.equal('"2"');
    });

    it('PATCH clears a description with null and can complete in the same change', async () => {
      const task = await alice.createTask('Draft', 'notes');
      const response = await alice.request('PATCH', `/api/tasks/${task.id}`, { body: { description: null, completed: true } });
      expect(response.status).to.equal(200);
      expect(response.body).to.include({ description: null, completed: true, version: 2 });
      expect(response.body.completed_at).to.be.a('string');
    });

    it('refuses an update with no known field', async () => {
      const task = await alice.createTask();
      const response = await alice.request('PUT', `/api/tasks/${task.id}`, { body: { colour: 'red' } });
      expect(response.status).to.equal(422);
      const stored = await alice.request('GET', `/api/tasks/${task.id}`);
      expect(stored.body.version).to.equal(1);
    });

    it('PATCH /complete with no body toggles, and with {completed} sets idempotently', async () => {
      const task = await alice.createTask();
      const toggled = await alice.request('PATCH', `/api/tasks/${task.id}/complete`);
      expect(toggled.status).to.equal(200);
      expect(toggled.body).to.include({ completed: true, version: 2 });
      expect(toggled.body.completed_at).to.be.a('string');

      const back = await alice.request('PATCH', `/api/tasks/${task.id}/complete`, { body: {} });
      expect(back.body).to.include({ completed: false, completed_at: null, version: 3 });

      const set = await alice.request('PATCH', `/api/tasks/${task.id}/complete`, { body: { completed: true } });
      const again = await alice.request('PATCH', `/api/tasks/${task.id}/complete`, { body: { completed: true } });
      expect(set.body).to.include({ completed: true, version: 4 });
      expect(again.body).to.include({ completed: true, version: 4 });
      expect(again.body.completed_at).to.equal(set.body.completed_at);
    });
  });

  describe('story 3: delete tasks', () => {
    it('deletes with 204; afterwards the task is 404 for every method', async () => {
      const task = await alice.createTask();
      const deleted = await alice.request('DELETE', `/api/tasks/${task.id}`);
      expect(deleted.status).to.equal(204);
      expect(deleted.text).to.equal('');
      for (const [method, path] of [
        ['GET', `/api/tasks/${task.id}`],
        ['PUT', `/api/tasks/${task.id}`],
        ['PATCH', `/api/tasks/${task.id}/complete`],
        ['DELETE', `/api/tasks/${task.id}`],
      ] as const) {
        const response = await alice.request(method, path, method === 'PUT' ? { body: { title: 'x' } } : {});
        expect(response.status, `${method} ${path}`).to.equal(404);
      }
      const list = await alice.request('GET', '/api/tasks');
      expect(list.body.items).to.deep.equal([]);
    });
  });

  describe('story 5: filter by status, and stats', () => {
    it('filters pending and completed, counts both, and rejects unknown filters with the seed’s wording', async () => {
      const done = await alice.createTask('Done');
      const open = await alice.createTask('Open');
      await alice.request('PATCH', `/api/tasks/${done.id}/complete`);

      const completed = await alice.request('GET', '/api/tasks?status=completed');
      expect(completed.body.items.map((task: any) => task.id)).to.deep.equal([done.id]);
      const pending = await alice.request('GET', '/api/tasks?status=pending');
      expect(pending.body.items.map((task: any) => task.id)).to.deep.equal([open.id]);
      const all = await alice.request('GET', '/api/tasks?status=all');
      expect(all.body.items).to.have.length(2);

      const stats = await alice.request('GET', '/api/tasks/stats');
      expect(stats.status).to.equal(200);
      expect(stats.body).to.deep.equal({ total: 2, pending: 1, completed: 1, overdue: 0, due_today: 0 });

      const bad = await alice.request('GET', '/api/tasks?status=done');
      expect(bad.status).to.equal(400);
      expect(bad.body.detail).to.equal("Invalid status filter: must be 'pending', 'completed', or 'all'");
    });

    it('pages a filtered list with limit and next_cursor, to the last page', async () => {
      const tasks = [];
      for (const title of ['one', 'two', 'three', 'four', 'five']) tasks.push(await alice.createTask(title));
      await alice.request('PATCH', `/api/tasks/${tasks[2].id}/complete`);

      const pages: string[][] = [];
      let path: string | null = '/api/tasks?status=pending&limit=2';
      while (path) {
        const page: any = await alice.request('GET', path);
        expect(page.status).to.equal(200);
        pages.push(page.body.items.map((task: any) => task.title));
        path = page.body.next_cursor ? `/api/tasks?status=pending&limit=2&cursor=${page.body.next_cursor}` : null;
      }
      expect(pages).to.deep.equal([
        ['five', 'four'],
        ['two', 'one'],
      ]);
    });
  });
}
