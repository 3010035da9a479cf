/**
 * The typed client against the real service over a socket: calls through the generated types, a token asked
 * for on every request, the API's problems as `TasksApiError`, and listing pages as an async iterator.
 */
import { expect } from 'chai';
import { createTasksClient, ifMatch, TasksApiError, unwrap, type Label, type MoveTask, type TasksClient } from '../../client/src/index.js';
import { expectRejection } from '../support/expect-rejection.js';
import { TestService, useTestService } from '../support/test-service.js';

describe('client: typed calls against the service', () => {
  const service = useTestService();

  /** A client whose getToken mints a fresh token for `userId` each time it is called, and counts the calls. */
  const clientFor = (userId: string | null, fetch?: (request: Request) => Promise<Response>) => {
    const calls = { getToken: 0 };
    const client = createTasksClient({
      baseUrl: `${service.url}/`,
      getToken: async () => {
        calls.getToken += 1;
        return userId === null ? null : service.tokenFor(userId);
      },
      ...(fetch ? { fetch } : {}),
    });
    return { client, calls };
  };

  let alice: TasksClient;
  let aliceId: string;
  beforeEach(() => {
    aliceId = TestService.newUserId('alice');
    alice = clientFor(aliceId).client;
  });

  it('creates, reads, lists, changes, completes and deletes a task through the generated types', async () => {
    const created = unwrap(
      await alice.api.POST('/api/tasks', {
        params: { header: { 'Idempotency-Key': `create-${aliceId}` } },
        body: { title: '  Buy milk ', description: '2 litres' },
      }),
    );
    expect(created).to.include({ user_id: aliceId, title: 'Buy milk', description: '2 litres', completed: false, version: 1 });

    const read = unwrap(await alice.api.GET('/api/tasks/{id}', { params: { path: { id: created.id } } }));
    expect(read).to.deep.equal(created);
    const page = unwrap(await alice.api.GET('/api/tasks', { params: { query: { status: 'pending' } } }));
    expect(page).to.deep.equal({ items: [created], next_cursor: null });

    const renamed = unwrap(
      await alice.api.PATCH('/api/tasks/{id}', {
        params: { path: { id: created.id }, header: { 'If-Match': ifMatch(created) } },
        body: { title: 'Buy oat milk', description: null },
      }),
    );
    expect(renamed).to.include({ title: 'Buy oat milk', description: null, version: 2 });

    const completed = unwrap(
      await alice.api.PATCH('/api/tasks/{id}/complete', { params: { path: { id: created.id } }, body: { completed: true } }),
    );
    expect(completed).to.include({ completed: true, version: 3 });
    expect(completed.completed_at).to.be.a('string');
    const toggled = unwrap(await alice.api.PATCH('/api/tasks/{id}/complete', { params: { path: { id: created.id } } }));
    expect(toggled).to.include({ completed: false, completed_at: null, version: 4 });

    expect(unwrap(await alice.api.GET('/api/tasks/stats'))).to.deep.equal({ total: 1, pending: 1, completed: 0, overdue: 0, due_today: 0 });
    const deleted = unwrap(await alice.api.DELETE('/api/tasks/{id}', { params: { path: { id: created.id } } }));
    expect(deleted).to.equal(undefined);
    expect(unwrap(await alice.api.GET('/api/tasks')).items).to.deep.equal([]);
  });

  it('labels tasks, filters by label, and lists, renames and removes labels through the generated types', async () => {
    const task = unwrap(await alice.api.POST('/api/tasks', { body: { title: 'Plan', labels: ['Deep work', 'home'] } }));
    expect(task.labels).to.deep.equal(['Deep work', 'home']);
    const filtered = unwrap(await alice.api.GET('/api/tasks', { params: { query: { label: 'deep work' } } }));
    expect(filtered.items.map((each) => each.id)).to.deep.equal([task.id]);

    const renamed: Label = unwrap(
      await alice.api.PATCH('/api/labels/{name}', { params: { path: { name: 'DEEP WORK' } }, body: { name: 'Focus' } }),
    );
    expect(renamed).to.deep.equal({ name: 'Focus', task_count: 1 });
    expect(unwrap(await alice.api.DELETE('/api/labels/{name}', { params: { path: { name: 'home' } } }))).to.equal(undefined);
    expect(unwrap(await alice.api.GET('/api/labels')).items).to.deep.equal([{ name: 'Focus', task_count: 1 }]);
    const missing = await expectRejection(
      alice.api.DELETE('/api/labels/{name}', { params: { path: { name: 'home' } } }).then(unwrap),
      TasksApiError,
    );
    expect(missing.status).to.equal(404);
  });

  it('creates subtasks, moves them in manual order and under another parent, and lists them by level', async () => {
    const create = async (title: string, parent_id?: string) => unwrap(await alice.api.POST('/api/tasks', { body: { title, parent_id } }));
    const trip = await create('Plan the trip');
    const [flights, hotel, train] = [await create('Book flights', trip.id), await create('Book a hotel', trip.id), await create('Train', trip.id)];
    expect(flights).to.include({ parent_id: trip.id });

    const move = (task: { id: string; version: number }, body: MoveTask) =>
      alice.api.POST('/api/tasks/{id}/move', { params: { path: { id: task.id }, header: { 'If-Match': ifMatch(task) } }, body });
    const movedHotel = unwrap(await move(hotel, { after_id: null }));
    expect(movedHotel).to.include({ id: hotel.id, parent_id: trip.id, version: 2 });
    const order = async () => {
      const titles: string[] = [];
      for await (const task of alice.tasks({ parent_id: trip.id, sort: 'position', limit: 2 })) titles.push(task.title);
      return titles;
    };
    expect(await order()).to.deep.equal(['Book a hotel', 'Book flights', 'Train']);
    unwrap(await move(train, { before_id: flights.id }));
    expect(await order()).to.deep.equal(['Book a hotel', 'Train', 'Book flights']);

    const stale = await expectRejection(Promise.resolve().then(async () => unwrap(await move(hotel, { before_id: null }))), TasksApiError);
    expect(stale.status).to.equal(412);
    const cycle = await expectRejection(
      Promise.resolve().then(async () => unwrap(await move(trip, { parent_id: flights.id, after_id: null }))),
      TasksApiError,
    );
    expect(cycle.status).to.equal(422);
    expect(cycle.fieldErrors.map((field) => field.path)).to.deep.equal(['parent_id']);

    unwrap(await move(movedHotel, { parent_id: null, before_id: null }));
    const topLevel = unwrap(await alice.api.GET('/api/tasks', { params: { query: { top_level: 'true', sort: 'position' } } }));
    expect(topLevel.items.map((task) => task.title)).to.deep.equal(['Plan the trip', 'Book a hotel']);
  });

  it('repeats a task: repeat and repeat_from on create and update, tz on completion, and the repeating filter', async () => {
    const weekly = unwrap(
      await alice.api.POST('/api/tasks', { body: { title: 'Water the plants', due_date: '2099-03-02', repeat: 'RRULE:FREQ=WEEKLY;BYDAY=MO' } }),
    );
    expect(weekly).to.include({ repeat: 'FREQ=WEEKLY;BYDAY=MO', repeat_from: 'due' });
    const once = unwrap(await alice.api.POST('/api/tasks', { body: { title: 'Buy a lamp', due_date: '2099-03-02' } }));
    expect(once).to.include({ repeat: null, repeat_from: 'due' });

    const completed = unwrap(
      await alice.api.PATCH('/api/tasks/{id}/complete', {
        params: { path: { id: weekly.id }, query: { tz: 'America/New_York' } },
        body: { completed: true },
      }),
    );
    expect(completed).to.include({ completed: false, completed_at: null, due_date: '2099-03-09', version: 2 });
    const edited = unwrap(
      await alice.api.PATCH('/api/tasks/{id}', {
        params: { path: { id: weekly.id }, header: { 'If-Match': ifMatch(completed) }, query: { tz: 'America/New_York' } },
        body: { repeat_from: 'completion', completed: true },
      }),
    );
    expect(edited).to.include({ repeat_from: 'completion', completed: false, version: 3 });

    const repeating = [];
    for await (const task of alice.tasks({ repeating: 'true' })) repeating.push(task.id);
    expect(repeating).to.deep.equal([weekly.id]);
    const others = unwrap(await alice.api.GET('/api/tasks', { params: { query: { repeating: 'false' } } }));
    expect(others.items.map((task) => task.id)).to.deep.equal([once.id]);

    const refused = await expectRejection(
      (async () => unwrap(await alice.api.POST('/api/tasks', { body: { title: 'Undated', repeat: 'FREQ=DAILY' } })))(),
      TasksApiError,
    );
    expect(refused.status).to.equal(422);
    expect(refused.fieldErrors.map((field) => field.path)).to.deep.equal(['repeat']);
  });

  it('asks getToken before every request, so each request carries the token of that moment', async () => {
    const bobId = TestService.newUserId('bob');
    let current = aliceId;
    let calls = 0;
    const client = createTasksClient({
      baseUrl: service.url,
      getToken: () => {
        calls += 1;
        return service.tokenFor(current);
      },
    });
    const alicesTask = unwrap(await client.api.POST('/api/tasks', { body: { title: 'Alice’s' } }));
    current = bobId; // e.g. another user signed in on this device
    const bobsTask = unwrap(await client.api.POST('/api/tasks', { body: { title: 'Bob’s' } }));
    expect([alicesTask.user_id, bobsTask.user_id]).to.deep.equal([aliceId, bobId]);
    expect(unwrap(await client.api.GET('/api/tasks')).items.map((task) => task.id)).to.deep.equal([bobsTask.id]);
    expect(calls).to.equal(3);
  });

  describe('errors', () => {
    it('throws the API’s validation problem as a TasksApiError with its words and fields', async () => {
      const result = await alice.api.POST('/api/tasks', { body: { title: '   ', description: 'x'.repeat(1001) } });
      const error = await expectRejection(Promise.resolve().then(() => unwrap(result)), TasksApiError);
      expect(error.status).to.equal(422);
      expect(error.problem.status).to.equal(422);
      expect(error.message).to.equal(error.problem.detail);
      expect(error.fieldErrors.map((field) => field.path).sort()).to.deep.equal(['description', 'title']);
      expect(error.fieldErrors.find((field) => field.path === 'title')?.message).to.match(/title/i);
      expect(error.requestId).to.be.a('string').and.not.equal('');
    });

    it('words a bad filter as the API does', async () => {
      const result = await alice.api.GET('/api/tasks', { params: { query: { status: 'done' as 'all' } } });
      const error = await expectRejection(Promise.resolve().then(() => unwrap(result)), TasksApiError);
      expect(error.status).to.equal(400);
      expect(error.message).to.equal("Invalid status filter: must be 'pending', 'completed', or 'all'");
    });

    it('is 401 when getToken has no token, and 404 for someone else’s task', async () => {
      const anonymous = clientFor(null).client;
      const unauthenticated = await expectRejection(
        anonymous.api.GET('/api/tasks').then((result) => unwrap(result)),
        TasksApiError,
      );
      expect(unauthenticated.status).to.equal(401);
      expect(unauthenticated.problem.title).to.be.a('string');

      const bob = clientFor(TestService.newUserId('bob')).client;
      const bobsTask = unwrap(await bob.api.POST('/api/tasks', { body: { title: 'Bob’s secret' } }));
      const foreign = await expectRejection(
        alice.api.DELETE('/api/tasks/{id}', { params: { path: { id: bobsTask.id } } }).then((result) => unwrap(result)),
        TasksApiError,
      );
      expect(foreign.status).to.equal(404);
      expect(JSON.stringify(foreign.problem)).to.not.include('Bob’s secret');
      expect(unwrap(await bob.api.GET('/api/tasks/{id}', { params: { path: { id: bobsTask.id } } }))).to.deep.equal(bobsTask);
    });

    it('is 412 when the task moved on since the version in If-Match, and nothing changes', async () => {
      const task = unwrap(await alice.api.POST('/api/tasks', { body: { title: 'Shared list' } }));
      unwrap(await alice.api.PATCH('/api/tasks/{id}/complete', { params: { path: { id: task.id } } }));
      const stale = await alice.api.PUT('/api/tasks/{id}', {
        params: { path: { id: task.id }, header: { 'If-Match': ifMatch(task) } },
        body: { title: 'Edited from a stale copy' },
      });
      const error = await expectRejection(Promise.resolve().then(() => unwrap(stale)), TasksApiError);
      expect(error.status).to.equal(412);
      expect(unwrap(await alice.api.GET('/api/tasks/{id}', { params: { path: { id: task.id } } }))).to.include({
        title: 'Shared list',
        version: 2,
      });
    });

    it('gives a problem built from the status when the answer is not problem+json (a proxy page)', async () => {
      const proxied = clientFor(aliceId, async () => new Response('<html>Bad gateway</html>', {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'content-type': 'text/html', 'retry-after': '5' },
      })).client;
      const error = await expectRejection(proxied.api.GET('/api/tasks').then((result) => unwrap(result)), TasksApiError);
      expect(error.problem).to.deep.equal({
        type: 'about:blank',
        title: 'Bad Gateway',
        status: 502,
        detail: 'The tasks API answered with HTTP 502 (Bad Gateway)',
      });
      expect(error.retryAfterSeconds).to.equal(5);
    });

    it('passes on what getToken throws, without sending the request', async () => {
      let sent = 0;
      const failing = createTasksClient({
        baseUrl: service.url,
        getToken: () => Promise.reject(new RangeError('signed out')),
        fetch: (request) => {
          sent += 1;
          return fetch(request);
        },
      });
      const error = await expectRejection(failing.api.GET('/api/tasks'), RangeError);
      expect(error.message).to.equal('signed out');
      expect(sent).to.equal(0);
    });
  });

  describe('paging', () => {
    it('follows next_cursor page by page, and tasks() yields every task once, newest first', async () => {
      const created = [];
      for (let index = 0; index < 7; index++) {
        created.push(unwrap(await alice.api.POST('/api/tasks', { body: { title: `Task ${index}` } })));
      }
      const pages = [];
      for await (const page of alice.pages({ limit: 3 })) pages.push(page);
      expect(pages.map((page) => page.items.length)).to.deep.equal([3, 3, 1]);
      expect(pages.map((page) => page.next_cursor === null)).to.deep.equal([false, false, true]);

      const all = [];
      for await (const task of alice.tasks({ limit: 2 })) all.push(task.id);
      expect(all).to.deep.equal(created.map((task) => task.id).reverse());
    });

    it('keeps the query on every page, and asks for no page it is not iterated to', async () => {
      let listings = 0;
      const { client } = clientFor(aliceId, (request) => {
        if (new URL(request.url).pathname === '/api/tasks' && request.method === 'GET') listings += 1;
        return fetch(request);
      });
      const titles = ['milk', 'bread', 'milk chocolate', 'oat milk', 'eggs'];
      for (const title of titles) unwrap(await client.api.POST('/api/tasks', { body: { title } }));

      const found = [];
      for await (const task of client.tasks({ q: 'MILK', sort: 'title', order: 'asc', limit: 1 })) found.push(task.title);
      expect(found).to.deep.equal(['milk', 'milk chocolate', 'oat milk']);

      listings = 0;
      for await (const page of client.pages({ limit: 2 })) {
        expect(page.items).to.have.length(2);
        break;
      }
      expect(listings).to.equal(1);
    });

    it('throws a refused cursor as a TasksApiError from the iterator', async () => {
      const pages = alice.pages({ cursor: 'not-a-cursor' });
      const error = await expectRejection(pages.next(), TasksApiError);
      expect(error.status).to.equal(400);
    });
  });
});
