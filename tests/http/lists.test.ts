/**
 * Lists over a real socket on PostgreSQL: CRUD, names unique ignoring case, the inbox (made once, race-free; renamable,
 * never deleted; `inbox` on every path), deleting a list with its tasks, tasks moving between lists with their
 * subtasks, the list limit, the order of lists, If-Match and Idempotency-Key, and only ever the caller's own lists.
 */
import { expect } from 'chai';
import pg from 'pg';
import { testDatabaseUrl } from '../support/test-database.js';
import { TestService, useTestService, type TestResponse, type UserClient } from '../support/test-service.js';

const MISSING_ID = '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11';

const expectProblem = (response: TestResponse, status: number) => {
  expect(response.status, response.text).to.equal(status);
  expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
  expect(response.body).to.include({ status });
};

describe('HTTP: lists', () => {
  const service = useTestService();
  let sql: pg.Client;
  let alice: UserClient;
  let bob: UserClient;

  before(async () => {
    sql = new pg.Client({ connectionString: await testDatabaseUrl() });
    await sql.connect();
  });
  after(async () => {
    await sql.end();
  });
  beforeEach(async () => {
    alice = await service.as(TestService.newUserId('alice'));
    bob = await service.as(TestService.newUserId('bob'));
  });

  const createList = async (user: UserClient, name: string) => {
    const response = await user.request('POST', '/api/lists', { body: { name } });
    expect(response.status, response.text).to.equal(201);
    return response.body;
  };
  const listsOf = async (user: UserClient) => {
    const response = await user.request('GET', '/api/lists');
    expect(response.status, response.text).to.equal(200);
    return response.body.items as any[];
  };
  const namesOf = async (user: UserClient) => (await listsOf(user)).map((list) => list.name);
  const createTask = async (user: UserClient, body: Record<string, unknown>) => {
    const response = await user.request('POST', '/api/tasks', { body });
    expect(response.status, response.text).to.equal(201);
    return response.body;
  };
  const tasksOf = async (user: UserClient) => {
    const response = await user.request('GET', '/api/tasks?limit=100&sort=title');
    expect(response.status, response.text).to.equal(200);
    return response.body.items as any[];
  };
  /** The owner's change log as stored: each change's type and the task or list it names, oldest first. */
  const storedChanges = async (user: UserClient) =>
    (
      await sql.query<{ type: string; subject: string }>(
        'select type, coalesce(task_id, list_id)::text as subject from task_events where user_id = $1 order by seq',
        [user.userId],
      )
    ).rows.map((row) => `${row.type} ${row.subject}`);

  describe('creating and reading', () => {
    it('creates a list at the end, after the inbox, and reads it by id, with its ETag and Location', async () => {
      const created = await alice.request('POST', '/api/lists', { body: { name: '  Work  ' } });

      expect(created.status, created.text).to.equal(201);
      expect(created.body).to.include({ name: 'Work', is_inbox: false, version: 1 });
      expect(created.body).to.have.keys(['id', 'name', 'is_inbox', 'position', 'created_at', 'updated_at', 'version']);
      expect(created.headers.get('location')).to.equal(`/api/lists/${created.body.id}`);
      expect(created.headers.get('etag')).to.equal('"1"');
      const read = await alice.request('GET', `/api/lists/${created.body.id}`);
      expect(read.status).to.equal(200);
      expect(read.body).to.deep.equal(created.body);
      expect(read.headers.get('etag')).to.equal('"1"');
      expect((await alice.request('GET', `/api/lists/${created.body.id}`, { headers: { 'If-None-Match': '"1"' } })).status).to.equal(304);
      await createList(alice, 'Home');
      expect(await namesOf(alice)).to.deep.equal(['Inbox', 'Work', 'Home']);
    });

    it('refuses a name the user already has in any case with 409, and another user may have it', async () => {
      await createList(alice, 'Work');

      expectProblem(await alice.request('POST', '/api/lists', { body: { name: 'WORK' } }), 409);
      expectProblem(await alice.request('POST', '/api/lists', { body: { name: ' inbox ' } }), 409);
      await createList(bob, 'work');
      expect(await namesOf(alice)).to.deep.equal(['Inbox', 'Work']);
    });

    it('takes 1-100 characters once trimmed, and refuses anything else with 422 naming name', async () => {
      expect((await createList(alice, `  ${'x'.repeat(100)}  `)).name).to.equal('x'.repeat(100));

      for (const name of ['', '   ', 'y'.repeat(101), 42, null]) {
        const response = await alice.request('POST', '/api/lists', { body: { name } });
        expectProblem(response, 422);
        expect(response.body.errors.map((error: any) => error.path), JSON.stringify(name)).to.deep.equal(['name']);
      }
      expectProblem(await alice.request('POST', '/api/lists', { body: {} }), 422);
      expect(await namesOf(alice)).to.deep.equal(['Inbox', 'x'.repeat(100)]);
    });

    it('answers 404 for a missing or malformed list id', async () => {
      for (const id of [MISSING_ID, 'not-a-uuid']) expectProblem(await alice.request('GET', `/api/lists/${id}`), 404);
    });
  });

  describe('the inbox', () => {
    it('is there from the first request, whichever it is, and the alias names it on every path', async () => {
      const first = await listsOf(alice);
      expect(first).to.have.length(1);
      expect(first[0]).to.include({ name: 'Inbox', is_inbox: true, version: 1 });
      const inbox = first[0];

      expect((await alice.request('GET', '/api/lists/inbox')).body).to.deep.equal(inbox);
      const task = await createTask(alice, { title: 'Anywhere' });
      expect(task.list_id).to.equal(inbox.id);
      expect((await createTask(alice, { title: 'Named', list_id: 'inbox' })).list_id).to.equal(inbox.id);
      const renamed = await alice.request('PATCH', '/api/lists/inbox', { body: { name: 'Later' }, headers: { 'If-Match': '"1"' } });
      expect(renamed.status, renamed.text).to.equal(200);
      expect(renamed.body).to.include({ id: inbox.id, name: 'Later', is_inbox: true, version: 2 });
      const work = await createList(alice, 'Work');
      const moved = await alice.request('POST', '/api/lists/inbox/move', { body: { before_id: null } });
      expect(moved.status, moved.text).to.equal(200);
      expect(await namesOf(alice)).to.deep.equal(['Work', 'Later']);
      expect((await alice.request('POST', `/api/lists/${work.id}/move`, { body: { after_id: 'inbox' } })).status).to.equal(200);
      expect(await namesOf(alice)).to.deep.equal(['Later', 'Work']);
      expectProblem(await alice.request('DELETE', '/api/lists/inbox'), 409);
    });

    it('is made once for 20 concurrent first requests of a new user', async () => {
      const carol = await service.as(TestService.newUserId('carol'));

      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          index % 2 === 0 ? carol.request('GET', '/api/lists') : carol.request('POST', '/api/tasks', { body: { title: `Task ${index}` } }),
        ),
      );

      expect(responses.map((response) => response.status)).to.deep.equal(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? 200 : 201)));
      const lists = await listsOf(carol);
      expect(lists).to.have.length(1);
      const inboxIds = new Set([
        ...responses.filter((response) => response.status === 200).flatMap((response) => response.body.items.map((list: any) => list.id)),
        ...responses.filter((response) => response.status === 201).map((response) => response.body.list_id),
      ]);
      expect([...inboxIds]).to.deep.equal([lists[0].id]);
      expect((await storedChanges(carol)).filter((change) => change.startsWith('list.created'))).to.have.length(1);
    });

    it('cannot be deleted (409), keeping its tasks', async () => {
      await createTask(alice, { title: 'Kept' });

      const response = await alice.request('DELETE', '/api/lists/inbox');

      expectProblem(response, 409);
      expect(response.body.detail).to.match(/inbox cannot be deleted/);
      const [inbox] = await listsOf(alice);
      expectProblem(await alice.request('DELETE', `/api/lists/${inbox.id}`), 409);
      expect((await tasksOf(alice)).map((task) => task.title)).to.deep.equal(['Kept']);
    });
  });

  describe('changing', () => {
    it('renames a list, a new version each time, refusing a name taken in any case (409) and a bad name (422)', async () => {
      const work = await createList(alice, 'Work');
      await createList(alice, 'Home');

      const renamed = await alice.request('PATCH', `/api/lists/${work.id}`, { body: { name: ' Office ' } });
      expect(renamed.status, renamed.text).to.equal(200);
      expect(renamed.body).to.include({ name: 'Office', version: 2 });
      expect(renamed.headers.get('etag')).to.equal('"2"');
      expect((await alice.request('PATCH', `/api/lists/${work.id}`, { body: { name: 'OFFICE' } })).body).to.include({ name: 'OFFICE', version: 3 });
      expectProblem(await alice.request('PATCH', `/api/lists/${work.id}`, { body: { name: 'home' } }), 409);
      const blank = await alice.request('PATCH', `/api/lists/${work.id}`, { body: { name: ' ' } });
      expectProblem(blank, 422);
      expect(blank.body.errors.map((error: any) => error.path)).to.deep.equal(['name']);
      expect((await alice.request('GET', `/api/lists/${work.id}`)).body).to.include({ name: 'OFFICE', version: 3 });
    });

    it('applies If-Match on rename, move and delete: 412 for a stale version, changing nothing', async () => {
      const work = await createList(alice, 'Work');
      await alice.request('PATCH', `/api/lists/${work.id}`, { body: { name: 'Office' } });
      const stale = { 'If-Match': '"1"' };

      expectProblem(await alice.request('PATCH', `/api/lists/${work.id}`, { body: { name: 'Desk' }, headers: stale }), 412);
      expectProblem(await alice.request('POST', `/api/lists/${work.id}/move`, { body: { after_id: null }, headers: stale }), 412);
      expectProblem(await alice.request('DELETE', `/api/lists/${work.id}`, { headers: stale }), 412);
      expect((await alice.request('GET', `/api/lists/${work.id}`)).body).to.include({ name: 'Office', version: 2 });
      expect(await namesOf(alice)).to.deep.equal(['Inbox', 'Office']);
      const current = await alice.request('PATCH', `/api/lists/${work.id}`, { body: { name: 'Desk' }, headers: { 'If-Match': '"2"' } });
      expect(current.status, current.text).to.equal(200);
    });

    it('moves lists after or before another, or to the start or the end, writing only the moved list', async () => {
      const a = await createList(alice, 'a');
      const b = await createList(alice, 'b');
      const c = await createList(alice, 'c');
      const move = (list: any, body: Record<string, unknown>) => alice.request('POST', `/api/lists/${list.id}/move`, { body });

      const first = await move(c, { after_id: null });
      expect(first.status, first.text).to.equal(200);
      expect(first.body).to.include({ id: c.id, version: 2 });
      expect(first.headers.get('etag')).to.equal('"2"');
      expect(await namesOf(alice)).to.deep.equal(['c', 'Inbox', 'a', 'b']);
      await move(c, { before_id: null });
      expect(await namesOf(alice)).to.deep.equal(['Inbox', 'a', 'b', 'c']);
      await move(a, { after_id: b.id });
      expect(await namesOf(alice)).to.deep.equal(['Inbox', 'b', 'a', 'c']);
      await move(c, { before_id: b.id });
      expect(await namesOf(alice)).to.deep.equal(['Inbox', 'c', 'b', 'a']);
      const unchanged = await move(c, { before_id: b.id });
      expect(unchanged.body).to.include({ version: 4 });
      expect((await listsOf(alice)).map((list) => list.version)).to.deep.equal([1, 4, 1, 2]);
    });

    it('refuses a move body without exactly one neighbour, or naming no other list of the user, with 422', async () => {
      const a = await createList(alice, 'a');
      const foreign = await createList(bob, 'b');

      for (const body of [{}, { after_id: null, before_id: null }, { after_id: 7 }]) {
        expectProblem(await alice.request('POST', `/api/lists/${a.id}/move`, { body }), 422);
      }
      for (const neighbour of [a.id, foreign.id, MISSING_ID, 'nonsense']) {
        const response = await alice.request('POST', `/api/lists/${a.id}/move`, { body: { before_id: neighbour } });
        expectProblem(response, 422);
        expect(response.body.errors.map((error: any) => error.path)).to.deep.equal(['before_id']);
      }
    });

    it('replays a create with the same Idempotency-Key, creating one list, and refuses the key with another name', async () => {
      const headers = { 'Idempotency-Key': 'create-work-once' };
      const first = await alice.request('POST', '/api/lists', { body: { name: 'Work' }, headers });
      const again = await alice.request('POST', '/api/lists', { body: { name: 'Work' }, headers });

      expect(first.status, first.text).to.equal(201);
      expect(again.status, again.text).to.equal(201);
      expect(again.body).to.deep.equal(first.body);
      expect(again.headers.get('idempotent-replayed')).to.equal('true');
      expect(again.headers.get('location')).to.equal(first.headers.get('location'));
      expect(first.headers.get('idempotent-replayed')).to.equal(null);
      expect(await namesOf(alice)).to.deep.equal(['Inbox', 'Work']);
      expectProblem(await alice.request('POST', '/api/lists', { body: { name: 'Home' }, headers }), 422);
      expectProblem(await alice.request('POST', '/api/lists', { body: { name: 'Home' }, headers: { 'Idempotency-Key': '' } }), 400);
    });
  });

  describe('deleting', () => {
    it('deletes the list with its tasks and their subtasks, a task.deleted each, then list.deleted; 204', async () => {
      const work = await createList(alice, 'Work');
      const parent = await createTask(alice, { title: 'Parent', list_id: work.id });
      const child = await createTask(alice, { title: 'Child', parent_id: parent.id });
      const grandchild = await createTask(alice, { title: 'Grandchild', parent_id: child.id });
      const sibling = await createTask(alice, { title: 'Sibling', list_id: work.id });
      const kept = await createTask(alice, { title: 'Kept' });
      const before = (await storedChanges(alice)).length;

      const response = await alice.request('DELETE', `/api/lists/${work.id}`, { headers: { 'If-Match': '"1"' } });

      expect(response.status, response.text).to.equal(204);
      const changes = (await storedChanges(alice)).slice(before);
      expect(changes.at(-1)).to.equal(`list.deleted ${work.id}`);
      expect(changes.slice(0, -1)).to.have.members([parent, child, grandchild, sibling].map((task) => `task.deleted ${task.id}`));
      expect(changes.indexOf(`task.deleted ${grandchild.id}`)).to.be.lessThan(changes.indexOf(`task.deleted ${child.id}`));
      expect(changes.indexOf(`task.deleted ${child.id}`)).to.be.lessThan(changes.indexOf(`task.deleted ${parent.id}`));
      expect((await tasksOf(alice)).map((task) => task.id)).to.deep.equal([kept.id]);
      expectProblem(await alice.request('GET', `/api/lists/${work.id}`), 404);
      expectProblem(await alice.request('GET', `/api/tasks/${child.id}`), 404);
      expect(await namesOf(alice)).to.deep.equal(['Inbox']);
    });
  });

  describe('tasks between lists', () => {
    it('moves a task with its subtasks to another list by PATCH list_id, to the end of its top level', async () => {
      const work = await createList(alice, 'Work');
      const there = await createTask(alice, { title: 'Already there', list_id: work.id });
      const parent = await createTask(alice, { title: 'Parent' });
      const child = await createTask(alice, { title: 'Child', parent_id: parent.id });

      const moved = await alice.request('PATCH', `/api/tasks/${parent.id}`, { body: { list_id: work.id } });

      expect(moved.status, moved.text).to.equal(200);
      expect(moved.body).to.include({ list_id: work.id, parent_id: null, version: 2 });
      expect(moved.body.position > there.position).to.equal(true);
      expect((await alice.request('GET', `/api/tasks/${child.id}`)).body).to.include({ list_id: work.id, parent_id: parent.id, version: 2 });
      const back = await alice.request('PATCH', `/api/tasks/${parent.id}`, { body: { list_id: 'inbox' } });
      expect(back.body.list_id).to.equal((await alice.request('GET', '/api/lists/inbox')).body.id);
      expect((await alice.request('GET', `/api/tasks/${child.id}`)).body.list_id).to.equal(back.body.list_id);
    });

    it('moves a task with its subtasks to another list by POST move with list_id, beside a task of that list', async () => {
      const work = await createList(alice, 'Work');
      const first = await createTask(alice, { title: 'First', list_id: work.id });
      const second = await createTask(alice, { title: 'Second', list_id: work.id });
      const parent = await createTask(alice, { title: 'Parent' });
      const child = await createTask(alice, { title: 'Child', parent_id: parent.id });

      const moved = await alice.request('POST', `/api/tasks/${parent.id}/move`, { body: { after_id: first.id, list_id: work.id } });

      expect(moved.status, moved.text).to.equal(200);
      expect(moved.body).to.include({ list_id: work.id, parent_id: null });
      expect(first.position < moved.body.position && moved.body.position < second.position).to.equal(true);
      expect((await alice.request('GET', `/api/tasks/${child.id}`)).body).to.include({ list_id: work.id, parent_id: parent.id });
      const notThere = await alice.request('POST', `/api/tasks/${parent.id}/move`, { body: { after_id: first.id, list_id: 'inbox' } });
      expectProblem(notThere, 422);
      expect(notThere.body.errors.map((error: any) => error.path)).to.deep.equal(['after_id']);
    });

    it("refuses a subtask in another list than its parent's with 422 naming list_id", async () => {
      const work = await createList(alice, 'Work');
      const parent = await createTask(alice, { title: 'Parent' });
      const child = await createTask(alice, { title: 'Child', parent_id: parent.id });

      const created = await alice.request('POST', '/api/tasks', { body: { title: 'Stray', parent_id: parent.id, list_id: work.id } });
      const moved = await alice.request('POST', `/api/tasks/${child.id}/move`, { body: { after_id: null, parent_id: parent.id, list_id: work.id } });

      for (const response of [created, moved]) {
        expectProblem(response, 422);
        expect(response.body.errors.map((error: any) => error.path)).to.deep.equal(['list_id']);
      }
      expect((await createTask(alice, { title: 'Fine', parent_id: parent.id, list_id: 'inbox' })).parent_id).to.equal(parent.id);
      expect((await alice.request('GET', `/api/tasks/${child.id}`)).body).to.include({ version: 1 });
    });
  });

  describe('listing tasks by list', () => {
    const titles = async (user: UserClient, query: string) => {
      const response = await user.request('GET', `/api/tasks?${query}`);
      expect(response.status, response.text).to.equal(200);
      return response.body.items.map((task: any) => task.title);
    };

    it('keeps one list’s tasks, by id or as the inbox, with the other filters, levels and manual order', async () => {
      const work = await createList(alice, 'Work');
      const report = await createTask(alice, { title: 'Report', list_id: work.id });
      await createTask(alice, { title: 'Slides', list_id: work.id });
      await createTask(alice, { title: 'Draft', parent_id: report.id });
      await createTask(alice, { title: 'Milk' });
      await createTask(alice, { title: 'Bread', list_id: 'inbox' });
      const first = await createTask(alice, { title: 'Agenda', list_id: work.id });
      await alice.request('POST', `/api/tasks/${first.id}/move`, { body: { after_id: null } });

      expect(await titles(alice, `list_id=${work.id}&sort=title`)).to.deep.equal(['Agenda', 'Draft', 'Report', 'Slides']);
      expect(await titles(alice, `list_id=${work.id.toUpperCase()}&sort=title&q=a`)).to.deep.equal(['Agenda', 'Draft']);
      expect(await titles(alice, 'list_id=inbox&sort=title')).to.deep.equal(['Bread', 'Milk']);
      expect(await titles(alice, `list_id=${work.id}&top_level=true&sort=position`)).to.deep.equal(['Agenda', 'Report', 'Slides']);
      expect(await titles(alice, `list_id=${work.id}&top_level=true&sort=position&order=desc`)).to.deep.equal(['Slides', 'Report', 'Agenda']);
      expect(await titles(alice, `list_id=${work.id}&parent_id=${report.id}`)).to.deep.equal(['Draft']);
      expect(await titles(alice, `list_id=inbox&parent_id=${report.id}`)).to.deep.equal([]);
      expect(await titles(alice, `parent_id=${report.id}&sort=position`)).to.deep.equal(['Draft']);
    });

    it('pages a list’s top level in manual order with a cursor', async () => {
      const work = await createList(alice, 'Work');
      for (const title of ['a', 'b', 'c', 'd', 'e']) await createTask(alice, { title, list_id: work.id });
      await createTask(alice, { title: 'elsewhere' });

      const seen: string[] = [];
      let query = `list_id=${work.id}&top_level=true&sort=position&limit=2`;
      for (let page = 0; page < 5; page++) {
        const response = await alice.request('GET', `/api/tasks?${query}`);
        expect(response.status, response.text).to.equal(200);
        seen.push(...response.body.items.map((task: any) => task.title));
        if (!response.body.next_cursor) break;
        query = `list_id=${work.id}&top_level=true&sort=position&limit=2&cursor=${encodeURIComponent(response.body.next_cursor)}`;
      }
      expect(seen).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
    });

    it('answers an empty page for an empty list of the user’s, and 404 for a list that is not theirs', async () => {
      const empty = await createList(alice, 'Empty');
      const foreign = await createList(bob, 'Bob’s');
      await createTask(bob, { title: 'Bob’s task', list_id: foreign.id });
      await createTask(alice, { title: 'Alice’s task' });

      expect(await titles(alice, `list_id=${empty.id}`)).to.deep.equal([]);
      for (const listId of [foreign.id, MISSING_ID, 'not-a-uuid']) {
        expectProblem(await alice.request('GET', `/api/tasks?list_id=${listId}`), 404);
      }
      expect(await titles(bob, `list_id=${foreign.id}`)).to.deep.equal(['Bob’s task']);
    });
  });

  describe('two users', () => {
    it("answers 404 on every list path for another user's list, changing nothing", async () => {
      const work = await createList(alice, 'Work');
      const path = `/api/lists/${work.id}`;

      expectProblem(await bob.request('GET', path), 404);
      expectProblem(await bob.request('PATCH', path, { body: { name: 'Mine' } }), 404);
      expectProblem(await bob.request('POST', `${path}/move`, { body: { after_id: null } }), 404);
      expectProblem(await bob.request('DELETE', path), 404);
      expect(await namesOf(bob)).to.deep.equal(['Inbox']);
      expect((await alice.request('GET', path)).body).to.deep.equal(work);
    });

    it("answers 404 for another user's list_id in a task body, a move body and a listing filter, creating and moving nothing", async () => {
      const work = await createList(alice, 'Work');
      const task = await createTask(bob, { title: 'Bob’s' });

      for (const listId of [work.id, MISSING_ID, 'not-a-uuid']) {
        expectProblem(await bob.request('POST', '/api/tasks', { body: { title: 'Sneaky', list_id: listId } }), 404);
        expectProblem(await bob.request('PATCH', `/api/tasks/${task.id}`, { body: { list_id: listId } }), 404);
        expectProblem(await bob.request('POST', `/api/tasks/${task.id}/move`, { body: { after_id: null, list_id: listId } }), 404);
        expectProblem(await bob.request('GET', `/api/tasks?list_id=${listId}`), 404);
      }
      expect((await tasksOf(bob)).map((each) => [each.title, each.version])).to.deep.equal([['Bob’s', 1]]);
    });
  });
});

describe('HTTP: lists, MAX_LISTS_PER_USER', () => {
  const service = useTestService({ MAX_LISTS_PER_USER: '3' });

  it('refuses a list beyond the limit, the inbox counted, with 409 and the limit in the problem', async () => {
    const alice = await service.as(TestService.newUserId('alice'));
    for (const name of ['a', 'b']) expect((await alice.request('POST', '/api/lists', { body: { name } })).status).to.equal(201);

    const refused = await alice.request('POST', '/api/lists', { body: { name: 'c' } });

    expectProblem(refused, 409);
    expect(refused.body).to.include({ limit: 3 });
    expect(refused.headers.get('retry-after')).to.equal(null);
    expect((await alice.request('GET', '/api/lists')).body.items).to.have.length(3);
  });
});
