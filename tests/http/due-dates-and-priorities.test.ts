/** Due dates and priorities over a real socket: in every answer, the change feed and events, listing, stats. */
import { expect } from 'chai';
import { ManualClock } from '../../src/infrastructure/system/manual-clock.js';
import { TestService, useTestService, type UserClient } from '../support/test-service.js';

const DUE_DATE_MESSAGE = 'Due date must be a calendar date written YYYY-MM-DD, from 1900-01-01 to 9999-12-31';
const PRIORITY_MESSAGE = 'Priority must be one of none, low, medium, high';

describe('HTTP: due dates and priorities', () => {
  describe('on tasks', () => {
    const service = useTestService();
    let alice: UserClient;
    beforeEach(async () => {
      alice = await service.as(TestService.newUserId('alice'));
    });

    const create = async (body: Record<string, unknown>) => {
      const response = await alice.request('POST', '/api/tasks', { body: { title: 'A task', ...body } });
      expect(response.status, response.text).to.equal(201);
      return response.body;
    };

    it('creates a task with a due date and a priority, and answers them everywhere the task is', async () => {
      const task = await create({ title: 'Pay rent', due_date: '2026-12-01', priority: 'high' });
      expect(task).to.include({ title: 'Pay rent', due_date: '2026-12-01', priority: 'high', version: 1 });
      expect(Object.keys(task)).to.deep.equal([
        'id', 'user_id', 'title', 'description', 'due_date', 'priority', 'completed', 'completed_at', 'list_id', 'parent_id', 'position',
        'labels', 'repeat', 'repeat_from', 'created_at', 'updated_at', 'version',
      ]);

      expect((await alice.request('GET', `/api/tasks/${task.id}`)).body).to.deep.equal(task);
      expect((await alice.request('GET', '/api/tasks')).body.items).to.deep.equal([task]);
    });

    it('gives a task no due date and priority none when the body names neither', async () => {
      expect(await create({})).to.include({ due_date: null, priority: 'none' });
      expect(await create({ due_date: null, priority: 'none' })).to.include({ due_date: null, priority: 'none' });
    });

    for (const method of ['PUT', 'PATCH']) {
      it(`${method} sets, moves and clears the due date and changes the priority, each a new version`, async () => {
        const task = await create({ description: 'notes' });
        const path = `/api/tasks/${task.id}`;

        const dated = await alice.request(method, path, { body: { due_date: '2026-12-24' } });
        expect(dated.status).to.equal(200);
        expect(dated.body).to.include({ due_date: '2026-12-24', priority: 'none', description: 'notes', version: 2 });
        expect(dated.headers.get('etag')).to.equal('"2"');
        const urgent = await alice.request(method, path, { body: { priority: 'high', due_date: '2026-12-31' } });
        expect(urgent.body).to.include({ due_date: '2026-12-31', priority: 'high', version: 3 });
        const cleared = await alice.request(method, path, { body: { due_date: null } });
        expect(cleared.body).to.include({ due_date: null, priority: 'high', version: 4 });
        const same = await alice.request(method, path, { body: { due_date: null, priority: 'high' } });
        expect(same.body).to.include({ version: 4 });
      });
    }

    it('keeps the due date and priority through completion', async () => {
      const task = await create({ due_date: '2026-12-24', priority: 'low' });

      const completed = await alice.request('PATCH', `/api/tasks/${task.id}/complete`);

      expect(completed.body).to.include({ completed: true, due_date: '2026-12-24', priority: 'low' });
    });

    it('refuses impossible due dates and unknown priorities with 422, naming each field', async () => {
      const task = await create({});
      for (const [body, expected] of [
        [{ due_date: '2026-02-30' }, [['due_date', DUE_DATE_MESSAGE]]],
        [{ due_date: 'tomorrow' }, [['due_date', DUE_DATE_MESSAGE]]],
        [{ due_date: '2026-12-24T10:00:00Z' }, [['due_date', DUE_DATE_MESSAGE]]],
        [{ due_date: '1899-12-31' }, [['due_date', DUE_DATE_MESSAGE]]],
        [{ due_date: 20261224 }, [['due_date', 'Due date must be a date string (YYYY-MM-DD) or null']]],
        [{ priority: 'urgent' }, [['priority', PRIORITY_MESSAGE]]],
        [{ priority: 'High' }, [['priority', PRIORITY_MESSAGE]]],
        [{ priority: null }, [['priority', PRIORITY_MESSAGE]]],
        [{ priority: 3 }, [['priority', PRIORITY_MESSAGE]]],
        [{ title: '  ', due_date: '2026-13-01' }, [['title', 'Title must not be empty'], ['due_date', DUE_DATE_MESSAGE]]],
      ] as const) {
        for (const [method, path] of [['POST', '/api/tasks'], ['PATCH', `/api/tasks/${task.id}`], ['PUT', `/api/tasks/${task.id}`]] as const) {
          const response = await alice.request(method, path, { body: method === 'POST' ? { title: 'T', ...body } : body });
          const label = `${method} ${JSON.stringify(body)}`;
          expect(response.status, label).to.equal(422);
          expect(response.headers.get('content-type'), label).to.match(/^application\/problem\+json/);
          expect(response.body.errors.map((error: any) => [error.path, error.message]), label).to.deep.equal(expected);
        }
      }
      expect((await alice.request('GET', `/api/tasks/${task.id}`)).body).to.deep.equal(task);
      expect((await alice.request('GET', '/api/tasks')).body.items).to.have.length(1);
    });

    it('carries both fields in the change feed and on the event stream', async () => {
      const events = await alice.events();
      try {
        const task = await create({ due_date: '2026-12-24', priority: 'medium' });
        const changed = await alice.request('PATCH', `/api/tasks/${task.id}`, { body: { due_date: null, priority: 'high' } });

        // After the inbox the first create made.
        const feed = (await alice.request('GET', '/api/tasks/changes')).body.changes;
        expect(feed.map((change: any) => [change.type, change.task])).to.deep.equal([
          ['list.created', undefined],
          ['task.created', task],
          ['task.updated', changed.body],
        ]);
        expect(changed.body).to.include({ due_date: null, priority: 'high' });

        await events.untilMessages(3);
        expect(events.messages.map((message) => [message.event, JSON.parse(message.data).task])).to.deep.equal([
          ['list.created', undefined],
          ['task.created', task],
          ['task.updated', changed.body],
        ]);
      } finally {
        await events.close();
      }
    });

    it('replays an idempotent creation only for the same due date and priority', async () => {
      const headers = { 'Idempotency-Key': 'due-1' };
      const first = await alice.request('POST', '/api/tasks', { body: { title: 'Once', due_date: '2026-12-24', priority: 'high' }, headers });
      const again = await alice.request('POST', '/api/tasks', { body: { priority: 'high', title: 'Once', due_date: '2026-12-24' }, headers });
      const other = await alice.request('POST', '/api/tasks', { body: { title: 'Once', due_date: '2026-12-25', priority: 'high' }, headers });

      expect(first.status).to.equal(201);
      expect(again.status).to.equal(201);
      expect(again.body).to.deep.equal(first.body);
      expect(again.headers.get('idempotent-replayed')).to.equal('true');
      expect(other.status).to.equal(422);
    });
  });

  describe('listing', () => {
    const service = useTestService();
    let user: UserClient;
    beforeEach(async () => {
      user = await service.as(TestService.newUserId('lister'));
    });

    const titles = async (query: string) => {
      const response = await user.request('GET', `/api/tasks?${query}`);
      expect(response.status, `${query}: ${response.text}`).to.equal(200);
      return response.body.items.map((task: any) => task.title);
    };
    const createAll = async (tasks: [title: string, due_date: string | null, priority: string][]) => {
      for (const [title, due_date, priority] of tasks) {
        const response = await user.request('POST', '/api/tasks', { body: { title, due_date, priority } });
        expect(response.status).to.equal(201);
      }
    };

    it('sorts by due date, soonest first by default, tasks without one last in both orders', async () => {
      await createAll([['Someday', null, 'none'], ['Christmas', '2026-12-25', 'low'], ['Advent', '2026-12-01', 'high'], ['Whenever', null, 'high'], ['Eve', '2026-12-24', 'none']]);

      expect(await titles('sort=due_date')).to.deep.equal(['Advent', 'Eve', 'Christmas', 'Someday', 'Whenever']);
      expect(await titles('sort=due_date&order=asc')).to.deep.equal(['Advent', 'Eve', 'Christmas', 'Someday', 'Whenever']);
      expect(await titles('sort=due_date&order=desc')).to.deep.equal(['Christmas', 'Eve', 'Advent', 'Whenever', 'Someday']);
    });

    it('sorts by priority, high first by default and with desc', async () => {
      await createAll([['Low', null, 'low'], ['High', null, 'high'], ['None', null, 'none'], ['Medium', null, 'medium']]);

      expect(await titles('sort=priority')).to.deep.equal(['High', 'Medium', 'Low', 'None']);
      expect(await titles('sort=priority&order=desc')).to.deep.equal(['High', 'Medium', 'Low', 'None']);
      expect(await titles('sort=priority&order=asc')).to.deep.equal(['None', 'Low', 'Medium', 'High']);
    });

    it('filters by priority, one or a comma list, and by due_before and due_after, both days included', async () => {
      await createAll([['A', '2026-12-01', 'high'], ['B', '2026-12-02', 'low'], ['C', null, 'high'], ['D', '2026-12-03', 'medium']]);

      expect(await titles('priority=high&sort=title')).to.deep.equal(['A', 'C']);
      expect(await titles('priority=high,medium&sort=title')).to.deep.equal(['A', 'C', 'D']);
      expect(await titles(`priority=${encodeURIComponent('low, medium')}&sort=title`)).to.deep.equal(['B', 'D']);
      expect(await titles('due_before=2026-12-02&sort=title')).to.deep.equal(['A', 'B']);
      expect(await titles('due_after=2026-12-02&sort=title')).to.deep.equal(['B', 'D']);
      expect(await titles('due_after=2026-12-02&due_before=2026-12-02')).to.deep.equal(['B']);
      expect(await titles('due_after=2026-12-01&priority=high,low&sort=due_date&order=desc')).to.deep.equal(['B', 'A']);
      expect(await titles('due_after=2026-12-04')).to.deep.equal([]);
    });

    it('refuses invalid values of every new parameter with 400, naming the parameter', async () => {
      for (const [query, parameter] of [
        ['sort=due', 'sort'],
        ['priority=urgent', 'priority'],
        ['priority=high,', 'priority'],
        ['priority=', 'priority'],
        ['due_before=2026-02-30', 'due_before'],
        ['due_before=2026-12-24T00:00:00Z', 'due_before'],
        ['due_after=yesterday', 'due_after'],
        ['due_after=1899-12-31', 'due_after'],
        ['overdue=yes', 'overdue'],
        ['overdue=1', 'overdue'],
        ['overdue=true&tz=Mars/Olympus_Mons', 'tz'],
        ['tz=%2B01:00', 'tz'],
      ]) {
        const response = await user.request('GET', `/api/tasks?${query}`);
        expect(response.status, query).to.equal(400);
        expect(response.body.errors.map((error: any) => error.path), query).to.deep.equal([parameter]);
        expect(response.body.detail, query).to.include(parameter);
      }
      const stats = await user.request('GET', '/api/tasks/stats?tz=Nowhere');
      expect(stats.status).to.equal(400);
      expect(stats.body.errors.map((error: any) => error.path)).to.deep.equal(['tz']);
    });

    for (const [sort, order] of [['due_date', 'asc'], ['due_date', 'desc'], ['priority', 'desc'], ['priority', 'asc']] as const) {
      it(`pages by ${sort} ${order} with exact cursors while tasks are added between pages`, async function () {
        this.timeout(60_000);
        // Many ties: five due dates (and none) and four priorities over 30 tasks.
        const originals = new Set<string>();
        for (let n = 0; n < 30; n++) {
          const due_date = n % 6 === 0 ? null : `2026-12-0${1 + (n % 5)}`;
          const response = await user.request('POST', '/api/tasks', { body: { title: `Task ${n}`, due_date, priority: ['none', 'low', 'medium', 'high'][n % 4] } });
          originals.add(response.body.id);
        }
        const expected = (await user.request('GET', `/api/tasks?sort=${sort}&order=${order}&limit=500`)).body.items.map((task: any) => task.id);

        const seen: string[] = [];
        let query: string | null = `sort=${sort}&order=${order}&limit=4`;
        for (let page = 0; query; page++) {
          const response: any = await user.request('GET', `/api/tasks?${query}`);
          expect(response.status).to.equal(200);
          seen.push(...response.body.items.map((task: any) => task.id));
          // Someone adds tasks meanwhile: one sorting at each end and one in the middle.
          await createAll([[`Added ${page}a`, null, 'none'], [`Added ${page}b`, '2026-12-03', 'medium'], [`Added ${page}c`, '1900-01-01', 'high']]);
          query = response.body.next_cursor ? `sort=${sort}&order=${order}&limit=4&cursor=${response.body.next_cursor}` : null;
          if (query) expect(response.headers.get('link')).to.equal(`</api/tasks?${query}>; rel="next"`);
        }

        expect(new Set(seen).size, 'no task twice').to.equal(seen.length);
        // Every original task, in exactly the order of a single listing of them.
        expect(seen.filter((id) => originals.has(id))).to.deep.equal(expected);
      });
    }

    it('refuses a cursor issued for another of the new orders, and a tampered one', async () => {
      await createAll([['A', '2026-12-01', 'high'], ['B', null, 'low'], ['C', null, 'none']]);
      const byDue = await user.request('GET', '/api/tasks?sort=due_date&limit=2');
      const cursor = byDue.body.next_cursor;
      expect(cursor).to.be.a('string');
      expect((await user.request('GET', `/api/tasks?sort=due_date&limit=2&cursor=${cursor}`)).body.items.map((task: any) => task.title)).to.deep.equal(['C']);

      expect((await user.request('GET', `/api/tasks?sort=priority&cursor=${cursor}`)).status).to.equal(400);
      expect((await user.request('GET', `/api/tasks?sort=due_date&order=desc&cursor=${cursor}`)).status).to.equal(400);
      const [sort, order, , id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      const forged = Buffer.from(JSON.stringify([sort, order, '2026-02-30', id])).toString('base64url');
      expect((await user.request('GET', `/api/tasks?sort=due_date&cursor=${forged}`)).status).to.equal(400);
    });
  });

  describe('overdue and due today, at midnight in two time zones', () => {
    const clock = new ManualClock(new Date('2026-11-25T12:00:00.000Z'));
    const service = useTestService({}, { clock });
    let user: UserClient;

    beforeEach(async () => {
      user = await service.as(TestService.newUserId('late'));
      for (const [title, due_date] of [['24th', '2026-11-24'], ['25th', '2026-11-25'], ['26th', '2026-11-26'], ['Undated', null]]) {
        await user.request('POST', '/api/tasks', { body: { title, due_date } });
      }
      const done = await user.request('POST', '/api/tasks', { body: { title: 'Done late', due_date: '2026-11-20' } });
      await user.request('PATCH', `/api/tasks/${done.body.id}/complete`);
    });

    const overdue = async (tz?: string) => {
      const response = await user.request('GET', `/api/tasks?overdue=true&sort=due_date${tz ? `&tz=${encodeURIComponent(tz)}` : ''}`);
      expect(response.status, response.text).to.equal(200);
      return response.body.items.map((task: any) => task.title);
    };
    const counts = async (tz?: string) => {
      const response = await user.request('GET', `/api/tasks/stats${tz ? `?tz=${encodeURIComponent(tz)}` : ''}`);
      expect(response.status, response.text).to.equal(200);
      const { overdue: late, due_today } = response.body;
      return { overdue: late, due_today };
    };

    it('turns over at midnight in UTC by default', async () => {
      clock.set(new Date('2026-11-25T23:59:59.999Z'));
      expect(await overdue()).to.deep.equal(['24th']);
      expect(await counts()).to.deep.equal({ overdue: 1, due_today: 1 });

      clock.set(new Date('2026-11-26T00:00:00.000Z'));
      expect(await overdue()).to.deep.equal(['24th', '25th']);
      expect(await counts()).to.deep.equal({ overdue: 2, due_today: 1 });
      expect(await overdue('UTC')).to.deep.equal(['24th', '25th']);
    });

    it('turns over at midnight in Auckland, half a day before UTC', async () => {
      // Auckland is UTC+13 in November: its midnight into the 26th is 11:00 UTC on the 25th.
      clock.set(new Date('2026-11-25T10:59:59.999Z'));
      expect(await overdue('Pacific/Auckland')).to.deep.equal(['24th']);
      expect(await counts('Pacific/Auckland')).to.deep.equal({ overdue: 1, due_today: 1 });

      clock.set(new Date('2026-11-25T11:00:00.000Z'));
      expect(await overdue('Pacific/Auckland')).to.deep.equal(['24th', '25th']);
      expect(await counts('Pacific/Auckland')).to.deep.equal({ overdue: 2, due_today: 1 });
      expect(await overdue()).to.deep.equal(['24th']);
    });

    it('turns over at midnight in New York, hours after UTC', async () => {
      // New York is UTC-5 in November: its midnight into the 26th is 05:00 UTC on the 26th.
      clock.set(new Date('2026-11-26T04:59:59.999Z'));
      expect(await overdue('America/New_York')).to.deep.equal(['24th']);
      expect(await counts('America/New_York')).to.deep.equal({ overdue: 1, due_today: 1 });
      expect(await overdue()).to.deep.equal(['24th', '25th']);

      clock.set(new Date('2026-11-26T05:00:00.000Z'));
      expect(await overdue('America/New_York')).to.deep.equal(['24th', '25th']);
      expect(await counts('America/New_York')).to.deep.equal({ overdue: 2, due_today: 1 });
    });

    it('never counts a completed task as late, and combines with the other filters', async () => {
      clock.set(new Date('2026-11-27T12:00:00.000Z'));

      expect(await overdue()).to.deep.equal(['24th', '25th', '26th']);
      const stats = (await user.request('GET', '/api/tasks/stats')).body;
      expect(stats).to.deep.equal({ total: 5, pending: 4, completed: 1, overdue: 3, due_today: 0 });
      const titles = async (query: string) => (await user.request('GET', `/api/tasks?${query}`)).body.items.map((task: any) => task.title);
      expect(await titles('overdue=true&status=completed')).to.deep.equal([]);
      expect(await titles('overdue=true&due_after=2026-11-25&sort=due_date&order=desc')).to.deep.equal(['26th', '25th']);
      expect(await titles('overdue=false&sort=title')).to.deep.equal(['24th', '25th', '26th', 'Done late', 'Undated']);
    });
  });
});
