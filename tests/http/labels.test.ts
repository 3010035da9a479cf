/**
 * Labels over a real socket on PostgreSQL: on tasks (normalized, at most 20), the `label=` filter, the user's
 * labels, renaming and removing one across the user's tasks with an event per task, and only ever the user's own.
 */
import { expect } from 'chai';
import { byId, replay, type ReplayedChange } from '../support/change-replay.js';
import { TestService, useTestService, type UserClient } from '../support/test-service.js';

describe('HTTP: labels', () => {
  const service = useTestService();
  let alice: UserClient;
  let bob: UserClient;
  beforeEach(async () => {
    alice = await service.as(TestService.newUserId('alice'));
    bob = await service.as(TestService.newUserId('bob'));
  });

  const create = async (client: UserClient, title: string, labels?: unknown) => {
    const response = await client.request('POST', '/api/tasks', { body: { title, ...(labels === undefined ? {} : { labels }) } });
    expect(response.status, response.text).to.equal(201);
    return response.body;
  };
  const titlesWith = async (client: UserClient, label: string) => {
    const response = await client.request('GET', `/api/tasks?sort=title&label=${encodeURIComponent(label)}`);
    expect(response.status, response.text).to.equal(200);
    return response.body.items.map((task: any) => [task.title, task.labels]);
  };
  const labelsOf = async (client: UserClient) => {
    const response = await client.request('GET', '/api/labels');
    expect(response.status, response.text).to.equal(200);
    return response.body.items;
  };
  /** The task changes of the user's log (without their inbox's creation, which their first create brings). */
  async function changeLog(client: UserClient): Promise<ReplayedChange[]> {
    const changes: ReplayedChange[] = [];
    for (let since: string | null = null; ; ) {
      const page: any = await client.request('GET', `/api/tasks/changes?limit=50${since ? `&since=${since}` : ''}`);
      expect(page.status).to.equal(200);
      changes.push(...page.body.changes);
      since = page.body.next_cursor;
      if (!page.body.has_more) return changes.filter((change) => change.task_id !== undefined);
    }
  }

  describe('on tasks', () => {
    it('keeps labels trimmed, in the order given, each once in the first spelling, and answers them everywhere', async () => {
      const task = await create(alice, 'Plan', [' Work ', 'deep focus', 'WORK', 'Deep Focus']);

      expect(task.labels).to.deep.equal(['Work', 'deep focus']);
      expect((await alice.request('GET', `/api/tasks/${task.id}`)).body.labels).to.deep.equal(['Work', 'deep focus']);
      expect((await create(alice, 'Plain')).labels).to.deep.equal([]);
      const [change] = await changeLog(alice);
      expect((change?.task as any).labels).to.deep.equal(['Work', 'deep focus']);
    });

    for (const method of ['PUT', 'PATCH']) {
      it(`${method} replaces the labels, a new version each time, and the same labels in another order change nothing`, async () => {
        const task = await create(alice, 'Plan', ['a', 'b']);
        const path = `/api/tasks/${task.id}`;

        const relabelled = await alice.request(method, path, { body: { labels: ['c', 'a'] } });
        expect(relabelled.status, relabelled.text).to.equal(200);
        expect(relabelled.body).to.deep.include({ labels: ['c', 'a'], version: 2 });
        expect((await alice.request(method, path, { body: { labels: ['a', 'c'] } })).body).to.deep.include({ labels: ['c', 'a'], version: 2 });
        expect((await alice.request(method, path, { body: { labels: [] } })).body).to.deep.include({ labels: [], version: 3 });
        expect((await changeLog(alice)).map((change) => change.type)).to.deep.equal(['task.created', 'task.updated', 'task.updated']);
      });
    }

    it('takes 20 labels, and refuses a 21st with 409 and the limit, on create and on change, changing nothing', async () => {
      const twenty = Array.from({ length: 20 }, (_, index) => `label ${index}`);
      const task = await create(alice, 'Full', [...twenty, 'LABEL 0']);
      expect(task.labels).to.have.length(20);

      const created = await alice.request('POST', '/api/tasks', { body: { title: 'Too many', labels: [...twenty, 'one more'] } });
      const changed = await alice.request('PATCH', `/api/tasks/${task.id}`, { body: { labels: [...twenty, 'one more'] } });

      for (const response of [created, changed]) {
        expect(response.status, response.text).to.equal(409);
        expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
        expect(response.body).to.include({ status: 409, limit: 20 });
      }
      expect((await alice.request('GET', `/api/tasks/${task.id}`)).body.version).to.equal(1);
      expect((await alice.request('GET', '/api/tasks')).body.items).to.have.length(1);
    });

    it('refuses a bad label with 422 naming it, and labels that are not an array of strings', async () => {
      const blank = await alice.request('POST', '/api/tasks', { body: { title: 'x', labels: ['ok', '  '] } });
      expect(blank.status).to.equal(422);
      expect(blank.body.errors.map((error: any) => error.path)).to.deep.equal(['labels[1]']);
      const long = await alice.request('POST', '/api/tasks', { body: { title: 'x', labels: ['x'.repeat(51)] } });
      expect(long.status).to.equal(422);
      const lines = await alice.request('POST', '/api/tasks', { body: { title: 'x', labels: ['a\nb'] } });
      expect(lines.status).to.equal(422);
      for (const labels of ['work', [1], null]) {
        const response = await alice.request('POST', '/api/tasks', { body: { title: 'x', labels } });
        expect(response.status, JSON.stringify(labels)).to.equal(422);
      }
    });
  });

  describe('the label filter', () => {
    it('lists the tasks with any of the labels, ignoring case, paged by keyset, and only the user’s', async () => {
      await create(alice, 'a', ['Work']);
      await create(alice, 'b', ['home', 'x']);
      await create(alice, 'c', ['errands']);
      await create(alice, 'd', ['WORK']);
      await create(bob, 'bob', ['work', 'home']);

      expect(await titlesWith(alice, 'work')).to.deep.equal([
        ['a', ['Work']],
        ['d', ['WORK']],
      ]);
      expect((await titlesWith(alice, 'HOME,work')).map(([title]: string[]) => title)).to.deep.equal(['a', 'b', 'd']);
      expect(await titlesWith(alice, 'nothing')).to.deep.equal([]);

      const first = await alice.request('GET', '/api/tasks?label=work,home&sort=title&limit=2');
      expect(first.body.items.map((task: any) => task.title)).to.deep.equal(['a', 'b']);
      const second = await alice.request('GET', `/api/tasks?label=work,home&sort=title&limit=2&cursor=${first.body.next_cursor}`);
      expect(second.body.items.map((task: any) => task.title)).to.deep.equal(['d']);
      expect(second.body.next_cursor).to.equal(null);
    });

    it('refuses an empty or over-long label name in the filter with 400 naming the parameter', async () => {
      for (const label of ['', 'a,,b', 'x'.repeat(51)]) {
        const response = await alice.request('GET', `/api/tasks?label=${encodeURIComponent(label)}`);
        expect(response.status, label).to.equal(400);
        expect(response.body.errors.map((error: any) => error.path)).to.deep.equal(['label']);
      }
    });
  });

  describe('GET /api/labels', () => {
    it('answers each of the user’s labels once, sorted ignoring case, with its task count', async () => {
      await create(alice, 'a', ['Work', 'beta']);
      await create(alice, 'b', ['work', 'Alpha']);
      await create(alice, 'c');
      await create(bob, 'bob', ['secret', 'work']);

      expect(await labelsOf(alice)).to.deep.equal([
        { name: 'Alpha', task_count: 1 },
        { name: 'beta', task_count: 1 },
        { name: 'Work', task_count: 2 },
      ]);
      expect(await labelsOf(await service.as(TestService.newUserId('nobody')))).to.deep.equal([]);
    });
  });

  describe('PATCH /api/labels/{name}', () => {
    it('renames the label on every task that has it, each with its own task.updated in the change feed', async () => {
      const a = await create(alice, 'a', ['Work', 'x']);
      const b = await create(alice, 'b', ['work']);
      await create(alice, 'c', ['x']);

      const renamed = await alice.request('PATCH', '/api/labels/WORK', { body: { name: '  Deep work ' } });

      expect(renamed.status, renamed.text).to.equal(200);
      expect(renamed.body).to.deep.equal({ name: 'Deep work', task_count: 2 });
      expect(await labelsOf(alice)).to.deep.equal([
        { name: 'Deep work', task_count: 2 },
        { name: 'x', task_count: 2 },
      ]);
      const updates = (await changeLog(alice)).filter((change) => change.type === 'task.updated');
      expect(updates.map((change) => [change.task_id, (change.task as any).labels, (change.task as any).version])).to.deep.equal([
        [a.id, ['Deep work', 'x'], 2],
        [b.id, ['Deep work'], 2],
      ]);
    });

    it('merges it into a label of the new name in any case, kept once on each task', async () => {
      await create(alice, 'a', ['home', 'Work']);
      await create(alice, 'b', ['Home']);
      await create(alice, 'c', ['work']);

      const merged = await alice.request('PATCH', '/api/labels/work', { body: { name: 'HOME' } });

      expect(merged.body).to.deep.equal({ name: 'HOME', task_count: 3 });
      expect(await titlesWith(alice, 'home')).to.deep.equal([
        ['a', ['HOME']],
        ['b', ['HOME']],
        ['c', ['HOME']],
      ]);
      expect(await labelsOf(alice)).to.deep.equal([{ name: 'HOME', task_count: 3 }]);
    });

    it('takes a URL-encoded name, and answers 404 for a label the user does not have, 422 for a bad new name', async () => {
      await create(alice, 'a', ['to do/now', 'Ünterwegs']);

      const renamed = await alice.request('PATCH', `/api/labels/${encodeURIComponent('TO DO/NOW')}`, { body: { name: 'later' } });
      expect(renamed.body).to.deep.equal({ name: 'later', task_count: 1 });
      expect((await alice.request('PATCH', `/api/labels/${encodeURIComponent('ünterwegs')}`, { body: { name: 'Away' } })).status).to.equal(200);
      expect(await labelsOf(alice)).to.deep.equal([
        { name: 'Away', task_count: 1 },
        { name: 'later', task_count: 1 },
      ]);

      const missing = await alice.request('PATCH', '/api/labels/nothing', { body: { name: 'x' } });
      expect(missing.status).to.equal(404);
      expect(missing.body).to.include({ status: 404, detail: 'Label not found' });
      const blank = await alice.request('PATCH', '/api/labels/later', { body: { name: ' ' } });
      expect(blank.status).to.equal(422);
      expect((await alice.request('PATCH', '/api/labels/later', { body: {} })).status).to.equal(422);
    });
  });

  describe('DELETE /api/labels/{name}', () => {
    it('takes the label off every task that has it, each with its own task.updated, then answers 404', async () => {
      const a = await create(alice, 'a', ['x', 'Work']);
      const b = await create(alice, 'b', ['WORK']);

      const deleted = await alice.request('DELETE', '/api/labels/work');

      expect(deleted.status, deleted.text).to.equal(204);
      expect(await labelsOf(alice)).to.deep.equal([{ name: 'x', task_count: 1 }]);
      const updates = (await changeLog(alice)).filter((change) => change.type === 'task.updated');
      expect(updates.map((change) => [change.task_id, (change.task as any).labels])).to.deep.equal([
        [a.id, ['x']],
        [b.id, []],
      ]);
      expect((await alice.request('DELETE', '/api/labels/work')).status).to.equal(404);
    });
  });

  describe('two users', () => {
    it('never lets one user’s label paths reach the other’s tasks', async () => {
      const alices = await create(alice, 'alice', ['work', 'alice only']);
      await create(bob, 'bob', ['Work']);

      // Bob's rename and delete of "work" touch only his task; Alice's label of his is no one's to find.
      expect((await bob.request('PATCH', '/api/labels/work', { body: { name: 'job' } })).body).to.deep.equal({ name: 'job', task_count: 1 });
      expect((await bob.request('PATCH', '/api/labels/alice%20only', { body: { name: 'x' } })).status).to.equal(404);
      expect((await bob.request('DELETE', '/api/labels/alice%20only')).status).to.equal(404);
      expect((await bob.request('DELETE', '/api/labels/job')).status).to.equal(204);
      expect(await titlesWith(bob, 'alice only')).to.deep.equal([]);
      expect(await labelsOf(bob)).to.deep.equal([]);

      expect((await alice.request('GET', `/api/tasks/${alices.id}`)).body).to.deep.include({ labels: ['work', 'alice only'], version: 1 });
      expect(await labelsOf(alice)).to.deep.equal([
        { name: 'alice only', task_count: 1 },
        { name: 'work', task_count: 1 },
      ]);
      expect((await changeLog(alice)).map((change) => change.type)).to.deep.equal(['task.created']);
    });
  });

  it('loses no change when a rename races edits of the same tasks', async function () {
    this.timeout(30_000);
    const tasks = [];
    for (let index = 0; index < 20; index++) tasks.push(await create(alice, `t${index}`, ['work']));

    const [renamed, ...edits] = await Promise.all([
      alice.request('PATCH', '/api/labels/work', { body: { name: 'job' } }),
      ...tasks.map((task) => alice.request('PATCH', `/api/tasks/${task.id}`, { body: { title: `${task.title} edited` } })),
    ]);

    expect(renamed!.status, renamed!.text).to.equal(200);
    expect(renamed!.body).to.deep.equal({ name: 'job', task_count: 20 });
    for (const edit of edits) expect(edit.status, edit.text).to.equal(200);
    const listed = (await alice.request('GET', '/api/tasks?limit=100')).body.items;
    expect(listed.map((task: any) => [task.labels, task.version, task.title.endsWith(' edited')])).to.deep.equal(
      listed.map(() => [['job'], 3, true]),
    );
    expect(byId(replay(await changeLog(alice)).values())).to.deep.equal(byId(listed));
  });

  it('rebuilds the same labels from the change log after creates, edits, renames, merges and deletes', async () => {
    await create(alice, 'a', ['Work', 'home']);
    const b = await create(alice, 'b', ['work']);
    await create(alice, 'c', ['errands', 'HOME']);
    await alice.request('PATCH', `/api/tasks/${b.id}`, { body: { labels: ['work', 'urgent'] } });
    expect((await alice.request('PATCH', '/api/labels/work', { body: { name: 'Job' } })).status).to.equal(200);
    expect((await alice.request('PATCH', '/api/labels/urgent', { body: { name: 'JOB' } })).status).to.equal(200);
    expect((await alice.request('DELETE', '/api/labels/home')).status).to.equal(204);
    await alice.request('DELETE', `/api/tasks/${b.id}`);

    const listed = (await alice.request('GET', '/api/tasks?limit=100')).body.items;
    expect(byId(replay(await changeLog(alice)).values())).to.deep.equal(byId(listed));
    expect(listed.map((task: any) => [task.title, task.labels])).to.deep.equal([
      ['c', ['errands']],
      ['a', ['JOB']],
    ]);
  });
});
