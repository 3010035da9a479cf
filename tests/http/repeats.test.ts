/**
 * Repeating tasks over a real socket on PostgreSQL: rules stored in one spelling, completing that moves a task on
 * (from its due date or from the day it is completed, in the caller's time zone), rules that run out, bad rules,
 * the `repeating` filter, concurrent completions, the change log replayed, and only ever the user's own tasks.
 */
import { expect } from 'chai';
import { ManualClock } from '../../src/infrastructure/system/manual-clock.js';
import { byId, replay, type ReplayedChange } from '../support/change-replay.js';
import { TestService, useTestService, type UserClient } from '../support/test-service.js';

// Monday 7 December 2026, 23:30 UTC: already Tuesday the 8th in Tokyo, still the 7th in New York.
const MONDAY_NIGHT = new Date('2026-12-07T23:30:00.000Z');

describe('HTTP: repeating tasks', () => {
  const clock = new ManualClock(MONDAY_NIGHT);
  const service = useTestService({}, { clock });
  let alice: UserClient;
  let bob: UserClient;
  beforeEach(async () => {
    clock.set(MONDAY_NIGHT);
    alice = await service.as(TestService.newUserId('alice'));
    bob = await service.as(TestService.newUserId('bob'));
  });

  const create = async (body: Record<string, unknown>, client = alice) => {
    const response = await client.request('POST', '/api/tasks', { body: { title: 'Water the plants', ...body } });
    expect(response.status, response.text).to.equal(201);
    return response.body;
  };
  const complete = async (task: { id: string }, query = '', client = alice) => {
    const response = await client.request('PATCH', `/api/tasks/${task.id}/complete${query}`, { body: { completed: true } });
    expect(response.status, response.text).to.equal(200);
    return response.body;
  };
  /** The due dates a task takes, completed `times` times one after the other. */
  const dueDatesOf = async (body: Record<string, unknown>, times: number) => {
    const task = await create(body);
    const dates: string[] = [];
    for (let i = 0; i < times; i += 1) dates.push((await complete(task)).due_date);
    return dates;
  };
  const refusedPaths = async (response: { status: number; text: string; body: any; headers: Headers }, status = 422) => {
    expect(response.status, response.text).to.equal(status);
    expect(response.headers.get('content-type')).to.match(/application\/problem\+json/);
    return response.body.errors.map((error: { path: string }) => error.path);
  };
  async function changeLog(client: UserClient): Promise<ReplayedChange[]> {
    const changes: ReplayedChange[] = [];
    for (let since: string | null = null; ; ) {
      const page: any = await client.request('GET', `/api/tasks/changes?limit=100${since ? `&since=${since}` : ''}`);
      expect(page.status, page.text).to.equal(200);
      changes.push(...page.body.changes);
      since = page.body.next_cursor;
      if (!page.body.has_more) return changes.filter((change) => change.task_id !== undefined);
    }
  }

  describe('the rule', () => {
    it('is stored and answered in its normalized spelling, with repeat_from, on create, read, list and in the change log', async () => {
      const task = await create({ due_date: '2026-12-07', repeat: 'rrule:byday=mo;freq=weekly;interval=1' });

      expect(task).to.include({ repeat: 'FREQ=WEEKLY;BYDAY=MO', repeat_from: 'due', due_date: '2026-12-07', completed: false });
      expect((await alice.request('GET', `/api/tasks/${task.id}`)).body).to.deep.equal(task);
      expect((await alice.request('GET', '/api/tasks')).body.items).to.deep.equal([task]);
      const [change] = await changeLog(alice);
      expect(change?.task).to.deep.equal(task);
      expect((await create({ title: 'Plain' })).repeat).to.equal(null);
    });

    it('is changed by PATCH and PUT, kept when the due date moves, and taken away with the due date', async () => {
      const task = await create({ due_date: '2026-12-07' });
      const path = `/api/tasks/${task.id}`;

      const repeating = await alice.request('PATCH', path, { body: { repeat: 'FREQ=MONTHLY;BYDAY=-1FR', repeat_from: 'completion' } });
      expect(repeating.body).to.include({ repeat: 'FREQ=MONTHLY;BYDAY=-1FR', repeat_from: 'completion', version: 2 });
      const moved = await alice.request('PUT', path, { body: { due_date: '2026-12-25' } });
      expect(moved.body).to.include({ repeat: 'FREQ=MONTHLY;BYDAY=-1FR', due_date: '2026-12-25' });
      const cleared = await alice.request('PATCH', path, { body: { due_date: null } });
      expect(cleared.body).to.include({ repeat: null, due_date: null, version: 4 });
      expect((await alice.request('PATCH', path, { body: { repeat: 'FREQ=DAILY' } })).status).to.equal(422);
    });

    it('needs a due date: 422 naming repeat, on create and on a change that leaves none', async () => {
      expect(await refusedPaths(await alice.request('POST', '/api/tasks', { body: { title: 'x', repeat: 'FREQ=DAILY' } }))).to.deep.equal(['repeat']);
      const task = await create({ due_date: '2026-12-07', repeat: 'FREQ=DAILY' });
      const both = await alice.request('PATCH', `/api/tasks/${task.id}`, { body: { due_date: null, repeat: 'FREQ=WEEKLY' } });
      expect(await refusedPaths(both)).to.deep.equal(['repeat']);
      expect((await alice.request('GET', `/api/tasks/${task.id}`)).body).to.deep.equal(task);
    });

    for (const [what, repeat] of [
      ['that is no rule', 'every monday'],
      ['by the hour', 'FREQ=HOURLY'],
      ['with BYSETPOS', 'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1'],
      ['with COUNT and UNTIL', 'FREQ=DAILY;COUNT=3;UNTIL=20270101'],
      ['that no date can match', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'],
      ['with an ordinal on a weekly rule', 'FREQ=WEEKLY;BYDAY=-1FR'],
      ['too long', `FREQ=DAILY;BYMONTH=${'1,'.repeat(120)}1`],
      ['that is not text', 42],
    ] as const) {
      it(`refuses a rule ${what}: 422 naming repeat, nothing stored`, async () => {
        const response = await alice.request('POST', '/api/tasks', { body: { title: 'x', due_date: '2026-12-07', repeat } });
        expect(await refusedPaths(response)).to.deep.equal(['repeat']);
        expect((await alice.request('GET', '/api/tasks')).body.items).to.deep.equal([]);
      });
    }

    it('refuses a repeat_from that is neither due nor completion: 422 naming it', async () => {
      const response = await alice.request('POST', '/api/tasks', { body: { title: 'x', due_date: '2026-12-07', repeat: 'FREQ=DAILY', repeat_from: 'done' } });
      expect(await refusedPaths(response)).to.deep.equal(['repeat_from']);
    });
  });

  describe('completing moves the task on', () => {
    it('weekly on Mondays, from a Monday: to the next Monday, pending, same id, version + 1, one task.repeated', async () => {
      const task = await create({ due_date: '2026-12-07', repeat: 'FREQ=WEEKLY;BYDAY=MO' });
      clock.set(new Date('2026-12-07T09:00:00.000Z'));

      const completed = await complete(task);

      expect(completed).to.include({ id: task.id, due_date: '2026-12-14', completed: false, completed_at: null, version: 2 });
      const changes = await changeLog(alice);
      expect(changes.map((change) => change.type)).to.deep.equal(['task.created', 'task.repeated']);
      expect(changes[1]?.task).to.deep.equal(completed);
    });

    it('every second week (INTERVAL=2)', async () => {
      clock.set(new Date('2026-12-07T09:00:00.000Z'));
      expect(await dueDatesOf({ due_date: '2026-12-07', repeat: 'FREQ=WEEKLY;INTERVAL=2' }, 2)).to.deep.equal(['2026-12-21', '2027-01-04']);
    });

    it('monthly on the 31st, skipping the months without one', async () => {
      clock.set(new Date('2026-12-01T09:00:00.000Z'));
      expect(await dueDatesOf({ due_date: '2026-12-31', repeat: 'FREQ=MONTHLY;BYMONTHDAY=31' }, 3)).to.deep.equal(['2027-01-31', '2027-03-31', '2027-05-31']);
    });

    it('on the last Friday of the month (-1FR)', async () => {
      clock.set(new Date('2026-12-01T09:00:00.000Z'));
      expect(await dueDatesOf({ due_date: '2026-12-25', repeat: 'FREQ=MONTHLY;BYDAY=-1FR' }, 2)).to.deep.equal(['2027-01-29', '2027-02-26']);
    });

    it('through every way of completing: PATCH …/complete, PATCH and PUT with completed, the toggle', async () => {
      clock.set(new Date('2026-12-07T09:00:00.000Z'));
      const task = await create({ due_date: '2026-12-07', repeat: 'FREQ=DAILY' });
      const path = `/api/tasks/${task.id}`;

      expect((await alice.request('PATCH', `${path}/complete`)).body).to.include({ due_date: '2026-12-08', completed: false });
      expect((await alice.request('PATCH', path, { body: { completed: true } })).body).to.include({ due_date: '2026-12-09', completed: false });
      expect((await alice.request('PUT', path, { body: { completed: true, title: 'Water' } })).body).to.include({ due_date: '2026-12-10', title: 'Water' });
      expect((await changeLog(alice)).map((change) => change.type)).to.deep.equal([
        'task.created', 'task.repeated', 'task.repeated', 'task.updated', 'task.repeated',
      ]);
    });

    it('an overdue daily task lands on tomorrow, not on the day after its old due date', async () => {
      clock.set(new Date('2026-12-07T09:00:00.000Z'));
      expect(await dueDatesOf({ due_date: '2026-11-20', repeat: 'FREQ=DAILY' }, 1)).to.deep.equal(['2026-12-08']);
    });

    it('a daily rule on a task due 1900-01-01 answers in less than 100 ms, on tomorrow', async () => {
      clock.set(new Date('2026-12-07T09:00:00.000Z'));
      await dueDatesOf({ due_date: '1900-01-01', repeat: 'FREQ=DAILY' }, 1); // the first request of its kind warms up
      const task = await create({ due_date: '1900-01-01', repeat: 'FREQ=DAILY' });

      const started = performance.now();
      const completed = await complete(task);
      const elapsed = performance.now() - started;

      expect(completed.due_date).to.equal('2026-12-08');
      expect(elapsed).to.be.below(100);
    });

    it('closes the task on the second completion of COUNT=2, keeping the rule; reopening it is an ordinary reopen', async () => {
      clock.set(new Date('2026-12-07T09:00:00.000Z'));
      const task = await create({ due_date: '2026-12-07', repeat: 'FREQ=DAILY;COUNT=2' });

      expect(await complete(task)).to.include({ due_date: '2026-12-08', repeat: 'FREQ=DAILY;COUNT=1', completed: false, version: 2 });
      expect(await complete(task)).to.include({ due_date: '2026-12-08', repeat: 'FREQ=DAILY;COUNT=1', completed: true, version: 3 });
      expect(await complete(task)).to.include({ completed: true, version: 3 });
      const reopened = await alice.request('PATCH', `/api/tasks/${task.id}/complete`, { body: { completed: false } });
      expect(reopened.body).to.include({ completed: false, repeat: 'FREQ=DAILY;COUNT=1', due_date: '2026-12-08', version: 4 });
      expect((await changeLog(alice)).map((change) => change.type)).to.deep.equal(['task.created', 'task.repeated', 'task.completed', 'task.reopened']);
    });

    it('closes the task once its next date would be after UNTIL', async () => {
      clock.set(new Date('2026-12-07T09:00:00.000Z'));
      const task = await create({ due_date: '2026-12-07', repeat: 'FREQ=WEEKLY;UNTIL=20261215' });

      expect(await complete(task)).to.include({ due_date: '2026-12-14', completed: false });
      expect(await complete(task)).to.include({ due_date: '2026-12-14', completed: true });
    });

    it('repeat_from=completion counts from the day it is for the caller, around midnight in two time zones', async () => {
      // 23:30 UTC on Monday the 7th: Tuesday the 8th in Tokyo, still the 7th in New York (and in UTC).
      const tokyo = await create({ due_date: '2026-12-01', repeat: 'FREQ=DAILY;INTERVAL=3', repeat_from: 'completion' });
      const newYork = await create({ due_date: '2026-12-01', repeat: 'FREQ=DAILY;INTERVAL=3', repeat_from: 'completion' });
      const utc = await create({ due_date: '2026-12-01', repeat: 'FREQ=DAILY;INTERVAL=3', repeat_from: 'completion' });

      expect((await complete(tokyo, '?tz=Asia/Tokyo')).due_date).to.equal('2026-12-11');
      expect((await complete(newYork, '?tz=America/New_York')).due_date).to.equal('2026-12-10');
      expect((await complete(utc)).due_date).to.equal('2026-12-10');

      // Half an hour later it is the 8th in UTC too; New York is still on the 7th.
      clock.set(new Date('2026-12-08T00:00:00.000Z'));
      const after = await alice.request('PATCH', `/api/tasks/${utc.id}?tz=UTC`, { body: { completed: true } });
      expect(after.body.due_date).to.equal('2026-12-11');
      const stillMonday = await alice.request('PATCH', `/api/tasks/${newYork.id}/complete?tz=America/New_York`, { body: {} });
      expect(stillMonday.body.due_date).to.equal('2026-12-10');
    });

    it('refuses a time zone that is none: 400, problem+json, nothing changed', async () => {
      const task = await create({ due_date: '2026-12-07', repeat: 'FREQ=DAILY' });
      for (const path of [`/api/tasks/${task.id}/complete?tz=Mars/Olympus`, `/api/tasks/${task.id}?tz=%2B01:00`]) {
        const response = await alice.request('PATCH', path, { body: { completed: true } });
        expect(response.status, response.text).to.equal(400);
        expect(response.headers.get('content-type')).to.match(/application\/problem\+json/);
      }
      expect((await alice.request('GET', `/api/tasks/${task.id}`)).body).to.deep.equal(task);
    });

    it('20 concurrent completions move the task exactly 20 dates on: none lost, none doubled', async () => {
      clock.set(new Date('2026-12-07T09:00:00.000Z'));
      const task = await create({ due_date: '2026-12-07', repeat: 'FREQ=DAILY' });

      const answers = await Promise.all(
        Array.from({ length: 20 }, () => alice.request('PATCH', `/api/tasks/${task.id}/complete`, { body: { completed: true } })),
      );

      expect(answers.map((answer) => answer.status)).to.deep.equal(Array(20).fill(200));
      expect(new Set(answers.map((answer) => answer.body.due_date)).size).to.equal(20);
      expect((await alice.request('GET', `/api/tasks/${task.id}`)).body).to.include({ due_date: '2026-12-27', completed: false, version: 21 });
      const changes = await changeLog(alice);
      expect(changes.filter((change) => change.type === 'task.repeated')).to.have.length(20);
      expect(changes.map((change) => (change.task as any)?.due_date).slice(-1)).to.deep.equal(['2026-12-27']);
    });
  });

  it('sends task.repeated on the live event stream, with the task moved on', async () => {
    clock.set(new Date('2026-12-07T09:00:00.000Z'));
    const task = await create({ due_date: '2026-12-07', repeat: 'FREQ=DAILY' });
    const events = await alice.events();
    try {
      const completed = await complete(task);
      await events.until((client) => client.messages.some((message) => message.event === 'task.repeated'));
      const message = events.messages.find((candidate) => candidate.event === 'task.repeated')!;
      expect(JSON.parse(message.data)).to.include({ type: 'task.repeated', task_id: task.id });
      expect(JSON.parse(message.data).task).to.deep.equal(completed);
    } finally {
      await events.close();
    }
  });

  describe('the repeating filter', () => {
    it('lists the repeating tasks, or the others; anything but true or false is 400', async () => {
      const repeating = await create({ title: 'Repeats', due_date: '2026-12-07', repeat: 'FREQ=DAILY' });
      const once = await create({ title: 'Once', due_date: '2026-12-07' });
      const titles = async (query: string) => {
        const response = await alice.request('GET', `/api/tasks?sort=title${query}`);
        expect(response.status, response.text).to.equal(200);
        return response.body.items.map((task: any) => task.id);
      };

      expect(await titles('&repeating=true')).to.deep.equal([repeating.id]);
      expect(await titles('&repeating=false')).to.deep.equal([once.id]);
      expect(await titles('')).to.deep.equal([once.id, repeating.id]);
      expect((await alice.request('GET', '/api/tasks?repeating=yes')).status).to.equal(400);
      const stats = await alice.request('GET', '/api/tasks/stats');
      expect(stats.body).to.include({ total: 2, pending: 2 });
    });
  });

  describe('between users', () => {
    it('a second user gets 404 on every path of another user’s repeating task, and never lists it', async () => {
      const task = await create({ due_date: '2026-12-07', repeat: 'FREQ=DAILY' });
      const path = `/api/tasks/${task.id}`;

      expect((await bob.request('GET', path)).status).to.equal(404);
      expect((await bob.request('PATCH', `${path}/complete?tz=Asia/Tokyo`, { body: { completed: true } })).status).to.equal(404);
      expect((await bob.request('PATCH', path, { body: { completed: true } })).status).to.equal(404);
      expect((await bob.request('PATCH', path, { body: { repeat: null } })).status).to.equal(404);
      expect((await bob.request('GET', '/api/tasks?repeating=true')).body.items).to.deep.equal([]);
      expect((await alice.request('GET', path)).body).to.deep.equal(task);
    });
  });

  it('replaying the change log gives the same tasks, repeats and due dates', async () => {
    clock.set(new Date('2026-12-07T09:00:00.000Z'));
    const weekly = await create({ due_date: '2026-12-07', repeat: 'FREQ=WEEKLY;BYDAY=MO,TH' });
    const counted = await create({ due_date: '2026-11-30', repeat: 'FREQ=DAILY;COUNT=3', repeat_from: 'completion' });
    await create({ title: 'Once', due_date: '2026-12-24' });
    for (const task of [weekly, counted, weekly, counted, counted]) await complete(task, '?tz=Europe/Paris');
    await alice.request('PATCH', `/api/tasks/${weekly.id}`, { body: { due_date: null } });

    const rebuilt = byId(replay(await changeLog(alice)).values());
    const listed = (await alice.request('GET', '/api/tasks?limit=100')).body.items;
    expect(rebuilt).to.deep.equal(byId(listed));
    expect(byId(listed).map((task: any) => [task.id, task.due_date, task.repeat, task.completed])).to.deep.equal(
      byId([
        { id: weekly.id, due_date: null, repeat: null, completed: false },
        // Counted from the day of each completion, the 7th: the 8th both times, then closed on the last of its COUNT.
        { id: counted.id, due_date: '2026-12-08', repeat: 'FREQ=DAILY;COUNT=1', completed: true },
        { id: listed.find((task: any) => task.title === 'Once').id, due_date: '2026-12-24', repeat: null, completed: false },
      ]).map((task) => [task.id, task.due_date, task.repeat, task.completed]),
    );
  });
});
