/** Subtasks and manual order over a real socket on PostgreSQL: nesting, moves, cascading deletes, isolation, sync. */
import { expect } from 'chai';
import { byId, replay } from '../support/change-replay.js';
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

  describe('moving a task', () => {
    const move = (user: UserClient, task: { id: string }, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      user.request('POST', `/api/tasks/${task.id}/move`, { body, headers });
    const moved = async (task: { id: string }, body: Record<string, unknown>) => {
      const response = await move(alice, task, body);
      expect(response.status, response.text).to.equal(200);
      return response.body;
    };
    /** Titles of the group under `parent` (null: the top level), in manual order, from the tasks as stored. */
    const orderUnder = async (parent: { id: string } | null) => {
      const { items } = (await alice.request('GET', '/api/tasks?limit=100')).body;
      return items
        .filter((task: any) => task.parent_id === (parent?.id ?? null))
        .sort((a: any, b: any) => (a.position < b.position ? -1 : 1))
        .map((task: any) => task.title);
    };
    const group = async (parent: { id: string } | null, ...titles: string[]) => {
      const tasks = [];
      for (const title of titles) tasks.push(await create(alice, title, parent?.id ?? null));
      return tasks;
    };

    it('moves a task to the start, the end, after and before a sibling, rewriting only its own row', async () => {
      const [a, b, c, d] = await group(null, 'a', 'b', 'c', 'd');
      const before = (await alice.request('GET', '/api/tasks?limit=100')).body.items;

      const toStart = await moved(d, { after_id: null });
      expect(await orderUnder(null)).to.deep.equal(['d', 'a', 'b', 'c']);
      expect(toStart).to.include({ id: d.id, version: 2, parent_id: null });
      const after = (await alice.request('GET', '/api/tasks?limit=100')).body.items;
      expect(after.filter((task: any) => task.id !== d.id)).to.deep.equal(before.filter((task: any) => task.id !== d.id));

      await moved(a, { before_id: null });
      expect(await orderUnder(null)).to.deep.equal(['d', 'b', 'c', 'a']);
      await moved(d, { after_id: b.id });
      expect(await orderUnder(null)).to.deep.equal(['b', 'd', 'c', 'a']);
      await moved(a, { before_id: b.id });
      expect(await orderUnder(null)).to.deep.equal(['a', 'b', 'd', 'c']);
      await moved(c, { after_id: a.id });
      expect(await orderUnder(null)).to.deep.equal(['a', 'c', 'b', 'd']);
    });

    it('answers the moved task with its ETag, and changes nothing for a move to where it already is', async () => {
      const [a, b] = await group(null, 'a', 'b');

      const response = await move(alice, b, { after_id: a.id });

      expect(response.status).to.equal(200);
      expect(response.body).to.include({ id: b.id, version: 1, position: b.position });
      expect(response.headers.get('etag')).to.equal('"1"');
      expect((await move(alice, a, { after_id: null })).body).to.include({ version: 1, position: a.position });
      expect((await move(alice, b, { before_id: null })).body).to.include({ version: 1, position: b.position });
    });

    it('moves a task with its subtasks under another parent, and back to the top level', async () => {
      const [home, work] = await group(null, 'home', 'work');
      const [paint, clean] = await group(home, 'paint', 'clean');
      const brush = await create(alice, 'buy a brush', paint.id);
      const [report] = await group(work, 'report');

      const movedPaint = await moved(paint, { parent_id: work.id, after_id: report.id });
      expect(movedPaint).to.include({ parent_id: work.id, version: 2 });
      expect(await orderUnder(work)).to.deep.equal(['report', 'paint']);
      expect(await orderUnder(home)).to.deep.equal(['clean']);
      expect((await alice.request('GET', `/api/tasks/${brush.id}`)).body).to.include({ parent_id: paint.id, version: 1 });

      await moved(clean, { parent_id: work.id, before_id: null });
      expect(await orderUnder(work)).to.deep.equal(['report', 'paint', 'clean']);
      await moved(paint, { parent_id: null, after_id: null });
      expect(await orderUnder(null)).to.deep.equal(['paint', 'home', 'work']);
      await moved(report, { parent_id: work.id, after_id: clean.id });
      expect(await orderUnder(work)).to.deep.equal(['clean', 'report']);
    });

    it('refuses to move a task under itself or one of its own subtasks with 422 naming parent_id', async () => {
      const [root, child, grandchild] = await chain(alice, 3);
      for (const parent of [root, child, grandchild]) {
        const response = await move(alice, root, { parent_id: parent.id, before_id: null });
        expect(response.status, response.text).to.equal(422);
        expect(response.body.errors).to.deep.equal([
          { path: 'parent_id', message: 'A task cannot become a subtask of itself or of one of its own subtasks' },
        ]);
      }
      expect((await alice.request('GET', `/api/tasks/${root.id}`)).body).to.include({ parent_id: null, version: 1 });
    });

    it('refuses a move that would take the task or one of its subtasks to a fifth level, counting the whole subtree', async () => {
      const levels = await chain(alice, 3);
      const [other, otherChild] = await chain(alice, 2);

      const tooDeep = await move(alice, other, { parent_id: levels[2].id, before_id: null });
      expect(tooDeep.status, tooDeep.text).to.equal(422);
      expect(tooDeep.body.errors).to.deep.equal([{ path: 'parent_id', message: 'Tasks nest at most 4 levels deep' }]);

      // Without its subtask, the same move fits; the subtask then sits on the fourth level.
      await moved(otherChild, { parent_id: levels[2].id, before_id: null });
      expect((await alice.request('GET', `/api/tasks/${otherChild.id}`)).body).to.include({ parent_id: levels[2].id });
    });

    it('refuses a neighbour that is not a sibling in the group the task goes to with 422 naming the field', async () => {
      const [a, b] = await group(null, 'a', 'b');
      const [sub] = await group(a, 'sub');
      const bobs = await create(bob, 'Bob\'s');
      for (const [body, field] of [
        [{ after_id: sub.id }, 'after_id'],
        [{ before_id: sub.id }, 'before_id'],
        // Itself, and a task that is not under the parent the task goes to.
        [{ after_id: b.id }, 'after_id'],
        [{ after_id: a.id, parent_id: a.id }, 'after_id'],
        [{ after_id: bobs.id }, 'after_id'],
        [{ before_id: MISSING_ID }, 'before_id'],
        [{ after_id: 'not-an-id' }, 'after_id'],
      ] as const) {
        const response = await move(alice, b, body);
        expect(response.status, `${JSON.stringify(body)}: ${response.text}`).to.equal(422);
        expect(response.body.errors.map((error: any) => error.path)).to.deep.equal([field]);
      }
      expect(await orderUnder(null)).to.deep.equal(['a', 'b']);
    });

    it('refuses a body without exactly one of after_id and before_id with 422', async () => {
      const [a, b] = await group(null, 'a', 'b');
      for (const body of [{}, { parent_id: null }, { after_id: a.id, before_id: null }, { after_id: 5 }]) {
        const response = await move(alice, b, body);
        expect(response.status, JSON.stringify(body)).to.equal(422);
        expect(response.body.errors[0].path).to.equal('after_id');
      }
    });

    it('answers 404 for a task or a new parent that is missing or another user\'s', async () => {
      const [a] = await group(null, 'a');
      const bobs = await create(bob, 'Bob\'s');

      expect((await move(bob, a, { after_id: null })).status).to.equal(404);
      expect((await move(alice, { id: MISSING_ID }, { after_id: null })).status).to.equal(404);
      expect((await move(alice, { id: 'nope' }, { after_id: null })).status).to.equal(404);
      for (const parentId of [bobs.id, MISSING_ID, 'nope']) {
        const response = await move(alice, a, { parent_id: parentId, after_id: null });
        expect(response.status, response.text).to.equal(404);
      }
      expect((await alice.request('GET', `/api/tasks/${a.id}`)).body).to.include({ version: 1 });
      expect((await bob.request('GET', `/api/tasks/${bobs.id}`)).body).to.include({ version: 1 });
    });

    it('honours If-Match: 412 for a stale version, the move for the current one', async () => {
      const [a, b] = await group(null, 'a', 'b');

      expect((await move(alice, b, { after_id: null }, { 'If-Match': '"2"' })).status).to.equal(412);
      const response = await move(alice, b, { after_id: null }, { 'If-Match': '"1"' });

      expect(response.status).to.equal(200);
      expect(response.headers.get('etag')).to.equal('"2"');
      expect(await orderUnder(null)).to.deep.equal(['b', 'a']);
      expect(a.version).to.equal(1);
    });

    it('replays a move sent again with the same Idempotency-Key instead of moving twice', async () => {
      const [, b, c] = await group(null, 'a', 'b', 'c');
      const headers = { 'Idempotency-Key': `move-${b.id}` };

      const first = await move(alice, b, { after_id: null }, headers);
      await moved(c, { after_id: null });
      const again = await move(alice, b, { after_id: null }, headers);

      expect(again.status).to.equal(200);
      expect(again.headers.get('idempotent-replayed')).to.equal('true');
      expect(again.body).to.deep.equal(first.body);
      expect(await orderUnder(null)).to.deep.equal(['c', 'b', 'a']);
      expect((await move(alice, b, { before_id: null }, headers)).status).to.equal(422);
    });
  });

  describe('under concurrency', () => {
    const groupOf = async (parentId: string | null) =>
      (await alice.request('GET', '/api/tasks?limit=100')).body.items
        .filter((task: any) => task.parent_id === parentId)
        .sort((a: any, b: any) => (a.position < b.position ? -1 : 1));

    it('gives 20 concurrent creates in one group 20 distinct positions, in a consistent order', async () => {
      const parent = await create(alice, 'Parent');

      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, index) => alice.request('POST', '/api/tasks', { body: { title: `Sub ${index}`, parent_id: parent.id } })),
      );

      expect(responses.map((response) => response.status)).to.deep.equal(Array(20).fill(201));
      const siblings = await groupOf(parent.id);
      expect(siblings).to.have.length(20);
      expect(new Set(siblings.map((task: any) => task.position)).size).to.equal(20);
      // Each create answered the position it was stored at.
      const stored = new Map(siblings.map((task: any) => [task.id, task.position]));
      for (const response of responses) expect(stored.get(response.body.id)).to.equal(response.body.position);
    });

    it('gives 20 concurrent moves in one group distinct positions, every move landing where it asked', async () => {
      const parent = await create(alice, 'Parent');
      const tasks = [];
      for (let index = 0; index < 21; index++) tasks.push(await create(alice, `Sub ${index}`, parent.id));
      const anchor = tasks[0];

      // All twenty ask to go right after the same sibling: each lands there, the later ones before the earlier.
      const responses = await Promise.all(
        tasks.slice(1).map((task) => alice.request('POST', `/api/tasks/${task.id}/move`, { body: { after_id: anchor.id } })),
      );

      expect(responses.map((response) => response.status)).to.deep.equal(Array(20).fill(200));
      const siblings = await groupOf(parent.id);
      expect(new Set(siblings.map((task: any) => task.position)).size).to.equal(21);
      expect(siblings[0].id).to.equal(anchor.id);
      const stored = new Map(siblings.map((task: any) => [task.id, task]));
      for (const response of responses) expect(stored.get(response.body.id)).to.deep.equal(response.body);
    });

    it('gives concurrent moves to the start and to the end distinct positions', async () => {
      const tasks = [];
      for (let index = 0; index < 20; index++) tasks.push(await create(alice, `Task ${index}`));

      const responses = await Promise.all(
        tasks.map((task, index) => alice.request('POST', `/api/tasks/${task.id}/move`, { body: index % 2 ? { after_id: null } : { before_id: null } })),
      );

      expect(responses.map((response) => response.status)).to.deep.equal(Array(20).fill(200));
      const top = await groupOf(null);
      expect(new Set(top.map((task: any) => task.position)).size).to.equal(20);
      // The ones sent to the start come before the ones sent to the end.
      const atStart = top.slice(0, 10).map((task: any) => Number(task.title.split(' ')[1]) % 2);
      expect(atStart).to.deep.equal(Array(10).fill(1));
    });

    it('lets only one of two crossing re-parentings through: no cycle, whatever the timing', async () => {
      for (let round = 0; round < 5; round++) {
        const [a, b] = [await create(alice, `a${round}`), await create(alice, `b${round}`)];

        const [aUnderB, bUnderA] = await Promise.all([
          alice.request('POST', `/api/tasks/${a.id}/move`, { body: { parent_id: b.id, after_id: null } }),
          alice.request('POST', `/api/tasks/${b.id}/move`, { body: { parent_id: a.id, after_id: null } }),
        ]);

        expect([aUnderB.status, bUnderA.status].sort()).to.deep.equal([200, 422]);
      }
    });
  });

  describe('listing by level and in manual order', () => {
    const list = async (user: UserClient, query: string) => {
      const response = await user.request('GET', `/api/tasks?${query}`);
      expect(response.status, response.text).to.equal(200);
      return response.body;
    };
    const titles = (page: { items: { title: string }[] }) => page.items.map((task) => task.title);

    it('lists one task\'s subtasks and the top level, in manual order with sort=position', async () => {
      const [a, b] = [await create(alice, 'a'), await create(alice, 'b')];
      const [x, , z] = [await create(alice, 'x', a.id), await create(alice, 'y', a.id), await create(alice, 'z', a.id)];
      await create(alice, 'x1', x.id);
      await alice.request('POST', `/api/tasks/${z.id}/move`, { body: { after_id: null } });
      await alice.request('POST', `/api/tasks/${b.id}/move`, { body: { after_id: null } });

      expect(titles(await list(alice, `parent_id=${a.id}&sort=position`))).to.deep.equal(['z', 'x', 'y']);
      expect(titles(await list(alice, `parent_id=${a.id}&sort=position&order=desc`))).to.deep.equal(['y', 'x', 'z']);
      expect(titles(await list(alice, `parent_id=${a.id}&sort=title`))).to.deep.equal(['x', 'y', 'z']);
      expect(titles(await list(alice, 'top_level=true&sort=position'))).to.deep.equal(['b', 'a']);
      expect(titles(await list(alice, 'top_level=false&sort=title'))).to.deep.equal(['a', 'b', 'x', 'x1', 'y', 'z']);
      expect(titles(await list(alice, `parent_id=${x.id.toUpperCase()}`))).to.deep.equal(['x1']);
    });

    it('pages one task\'s subtasks in manual order with exact cursors, the Link header carrying the filter', async () => {
      const parent = await create(alice, 'parent');
      const expected = [];
      for (let index = 0; index < 7; index++) expected.push((await create(alice, `sub ${index}`, parent.id)).title);
      await create(alice, 'elsewhere');

      const seen: string[] = [];
      let query = `parent_id=${parent.id}&sort=position&limit=3`;
      for (let pages = 0; pages < 5; pages++) {
        const response = await alice.request('GET', `/api/tasks?${query}`);
        seen.push(...titles(response.body));
        if (!response.body.next_cursor) break;
        expect(response.headers.get('link')).to.contain(`parent_id=${parent.id}`);
        query = `parent_id=${parent.id}&sort=position&limit=3&cursor=${response.body.next_cursor}`;
      }

      expect(seen).to.deep.equal(expected);
    });

    it('shows another user\'s task as one without subtasks, and lists only the caller\'s own top level', async () => {
      const parent = await create(alice, 'parent');
      await create(alice, 'sub', parent.id);
      await create(bob, 'bob\'s');

      expect((await list(bob, `parent_id=${parent.id}`)).items).to.deep.equal([]);
      expect(titles(await list(bob, 'top_level=true'))).to.deep.equal(['bob\'s']);
    });

    it('refuses a malformed parent_id, a bad top_level, both at once and a tampered position cursor with 400', async () => {
      const parent = await create(alice, 'parent');
      for (const [query, parameter] of [
        ['parent_id=nope', 'parent_id'],
        ['top_level=yes', 'top_level'],
        ['sort=manual', 'sort'],
      ] as const) {
        const response = await alice.request('GET', `/api/tasks?${query}`);
        expect(response.status, query).to.equal(400);
        expect(response.body.errors?.[0]?.path, query).to.equal(parameter);
      }
      const both = await alice.request('GET', `/api/tasks?parent_id=${parent.id}&top_level=true`);
      expect(both.status).to.equal(400);
      expect(both.body.detail).to.match(/top_level/);
      const tampered = Buffer.from(JSON.stringify(['position', 'asc', 'a0\'--', parent.id])).toString('base64url');
      expect((await alice.request('GET', `/api/tasks?sort=position&cursor=${tampered}`)).status).to.equal(400);
    });
  });

  describe('sync', () => {
    it('rebuilds the same hierarchy and order by replaying the change log', async () => {
      const move = async (task: { id: string }, body: Record<string, unknown>) => {
        const response = await alice.request('POST', `/api/tasks/${task.id}/move`, { body });
        expect(response.status, response.text).to.equal(200);
      };
      const [home, work, errands] = [await create(alice, 'home'), await create(alice, 'work'), await create(alice, 'errands')];
      const [paint, clean] = [await create(alice, 'paint', home.id), await create(alice, 'clean', home.id)];
      const brush = await create(alice, 'brush', paint.id);
      await create(alice, 'report', work.id);
      const milk = await create(alice, 'milk', errands.id);
      await move(errands, { after_id: null });
      await move(clean, { before_id: paint.id });
      await move(paint, { parent_id: work.id, before_id: null });
      await move(brush, { parent_id: null, after_id: home.id });
      await move(milk, { parent_id: home.id, after_id: clean.id });
      await alice.request('PATCH', `/api/tasks/${clean.id}`, { body: { title: 'clean up' } });
      await alice.request('DELETE', `/api/tasks/${errands.id}`);
      await alice.request('DELETE', `/api/tasks/${work.id}`);

      const changes = [];
      for (let since = '', more = true; more; ) {
        const page = (await alice.request('GET', `/api/tasks/changes?limit=100${since && `&since=${since}`}`)).body;
        changes.push(...page.changes);
        since = page.next_cursor;
        more = page.has_more;
      }
      const replayed = replay(changes);

      const listed = (await alice.request('GET', '/api/tasks?sort=position&limit=100')).body.items;
      expect(byId(replayed.values())).to.deep.equal(byId(listed));
      // Each group in manual order, named by its parent's title.
      const groups = (tasks: Iterable<any>) => {
        const all = [...tasks].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
        const titleOf = (id: string | null) => all.find((task) => task.id === id)?.title ?? '(top level)';
        const grouped: Record<string, string[]> = {};
        for (const task of all) (grouped[titleOf(task.parent_id)] ??= []).push(task.title);
        return grouped;
      };
      expect(groups(replayed.values())).to.deep.equal({ '(top level)': ['home', 'brush'], home: ['clean up', 'milk'] });
      expect(groups(listed)).to.deep.equal(groups(replayed.values()));
    });
  });
});
