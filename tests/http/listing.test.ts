/** Listing: sorting, search, and keyset paging that stays exact while tasks are added. */
import { expect } from 'chai';
import { TestService, useTestService, type UserClient } from '../support/test-service.js';

describe('HTTP: listing tasks', () => {
  const service = useTestService();
  let user: UserClient;
  beforeEach(async () => {
    user = await service.as(TestService.newUserId('lister'));
  });

  it('sorts by title, created_at and updated_at in both orders', async () => {
    const banana = await user.createTask('banana');
    const apple = await user.createTask('apple');
    const cherry = await user.createTask('cherry');
    await user.request('PUT', `/api/tasks/${banana.id}`, { body: { description: 'touched' } });

    const ids = async (query: string) => (await user.request('GET', `/api/tasks?${query}`)).body.items.map((task: any) => task.title);
    expect(await ids('sort=title')).to.deep.equal(['apple', 'banana', 'cherry']);
    expect(await ids('sort=title&order=desc')).to.deep.equal(['cherry', 'banana', 'apple']);
    expect(await ids('sort=created_at&order=asc')).to.deep.equal(['banana', 'apple', 'cherry']);
    expect(await ids('sort=created_at')).to.deep.equal(['cherry', 'apple', 'banana']);
    expect(await ids('sort=updated_at')).to.deep.equal(['banana', 'cherry', 'apple']);
    expect(apple.title).to.equal('apple');
    expect(cherry.title).to.equal('cherry');
  });

  it('searches title and description case-insensitively, treating % and _ literally', async () => {
    await user.createTask('Buy MILK');
    await user.createTask('Call mom', 'about the milkman');
    await user.createTask('100% done');
    await user.createTask('Other');
    const titles = async (q: string) =>
      (await user.request('GET', `/api/tasks?sort=title&q=${encodeURIComponent(q)}`)).body.items.map((task: any) => task.title);
    expect(await titles('milk')).to.deep.equal(['Buy MILK', 'Call mom']);
    expect(await titles('%')).to.deep.equal(['100% done']);
    expect(await titles('_')).to.deep.equal([]);
  });

  it('rejects bad parameters with 400 problem details', async () => {
    for (const query of ['sort=colour', 'order=up', 'limit=0', 'limit=501', 'limit=abc', 'cursor=garbage', `q=${'x'.repeat(201)}`]) {
      const response = await user.request('GET', `/api/tasks?${query}`);
      expect(response.status, query).to.equal(400);
      expect(response.body.detail, query).to.be.a('string');
    }
    // A cursor issued for one order cannot be replayed against another.
    for (let index = 0; index < 3; index++) await user.createTask(`t${index}`);
    const page = await user.request('GET', '/api/tasks?limit=1');
    const replay = await user.request('GET', `/api/tasks?limit=1&sort=title&cursor=${page.body.next_cursor}`);
    expect(replay.status).to.equal(400);
  });

  it('pages through 1,000 tasks with no duplicates or gaps while tasks are being added', async function () {
    this.timeout(120_000);
    const created = new Set<string>();
    for (let batch = 0; batch < 20; batch++) {
      const tasks = await Promise.all(Array.from({ length: 50 }, (_, index) => user.createTask(`task ${batch * 50 + index}`)));
      for (const task of tasks) created.add(task.id);
    }

    const seen: string[] = [];
    const addedDuringPaging = new Set<string>();
    let path: string | null = '/api/tasks?limit=37&order=asc';
    let pages = 0;
    while (path) {
      const response: any = await user.request('GET', path);
      expect(response.status).to.equal(200);
      seen.push(...response.body.items.map((task: any) => task.id));
      pages++;
      // Each page, someone adds a task: it sorts after everything seen so far (ascending created_at).
      const added = await user.createTask(`added during page ${pages}`);
      addedDuringPaging.add(added.id);
      const link = response.headers.get('link');
      if (response.body.next_cursor) {
        expect(link).to.equal(`</api/tasks?limit=37&order=asc&cursor=${response.body.next_cursor}>; rel="next"`);
        path = `/api/tasks?limit=37&order=asc&cursor=${response.body.next_cursor}`;
      } else {
        expect(link).to.equal(null);
        path = null;
      }
    }

    expect(new Set(seen).size, 'no duplicates').to.equal(seen.length);
    for (const id of created) expect(seen.includes(id), `original task ${id} seen`).to.equal(true);
    // Tasks added before the last page was read also show up, in order, at the end.
    const extra = seen.filter((id) => !created.has(id));
    expect(extra.every((id) => addedDuringPaging.has(id))).to.equal(true);
    expect(extra.length).to.be.greaterThan(0);
  });
});
