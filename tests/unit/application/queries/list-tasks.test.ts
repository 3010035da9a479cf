import { AssertionError, expect } from 'chai';
import { CreateTaskCommand } from '../../../../src/application/commands/create-task.js';
import { DeleteTaskCommand } from '../../../../src/application/commands/delete-task.js';
import { SetTaskCompletionCommand } from '../../../../src/application/commands/set-task-completion.js';
import { UpdateTaskCommand } from '../../../../src/application/commands/update-task.js';
import { InvalidQueryError } from '../../../../src/application/errors.js';
import type { TaskView } from '../../../../src/application/ports/task-read-model.js';
import { ListTasksQuery, type ListTasksParams } from '../../../../src/application/queries/list-tasks.js';
import { TaskListCursor } from '../../../../src/application/queries/task-list-cursor.js';
import { DomainValidationError } from '../../../../src/domain/index.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { createInMemoryApplication, type InMemoryApplication } from '../../../support/in-memory-application.js';
import { ALICE, BOB } from '../../../support/task-mother.js';

describe('ListTasksHandler', () => {
  let app: InMemoryApplication;

  const list = (params: ListTasksParams = {}, userId = ALICE.value) => app.queries.execute(new ListTasksQuery(userId, params));
  const titles = async (params: ListTasksParams = {}) => (await list(params)).items.map((task) => task.title);
  const create = async (title: string, description: string | null = null, userId = ALICE.value) => {
    const task = await app.commands.execute(new CreateTaskCommand(userId, title, description));
    app.clock.advance(1000);
    return task;
  };

  /** Follows `next_cursor` from the first page to the last, answering every page. */
  async function pageThrough(params: ListTasksParams, between: (pageNumber: number) => Promise<void> = async () => {}) {
    const pages: TaskView[][] = [];
    let cursor: string | undefined;
    do {
      const page = await list(cursor === undefined ? params : { ...params, cursor });
      pages.push(page.items);
      cursor = page.next_cursor ?? undefined;
      await between(pages.length);
      if (pages.length > 1000) throw new AssertionError('paging never reached a last page');
    } while (cursor !== undefined);
    return pages;
  }

  beforeEach(() => {
    app = createInMemoryApplication();
  });

  it('answers an empty last page for a user without tasks', async () => {
    expect(await list()).to.deep.equal({ items: [], next_cursor: null });
  });

  it('lists every task of the user, newest first, by default', async () => {
    await create('First');
    await create('Second');
    await create('Third');

    expect(await titles()).to.deep.equal(['Third', 'Second', 'First']);
  });

  it('lists only the user’s own tasks', async () => {
    await create('Alice’s');
    await create('Bob’s', null, BOB.value);

    expect(await titles()).to.deep.equal(['Alice’s']);
    expect((await list({}, BOB.value)).items.map((task) => task.user_id)).to.deep.equal([BOB.value]);
  });

  describe('status', () => {
    beforeEach(async () => {
      await create('Pending');
      const done = await create('Done');
      await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, done.id, true));
    });

    it('filters pending, completed or all tasks', async () => {
      expect(await titles({ status: 'pending' })).to.deep.equal(['Pending']);
      expect(await titles({ status: 'completed' })).to.deep.equal(['Done']);
      expect(await titles({ status: 'all' })).to.deep.equal(['Done', 'Pending']);
    });

    for (const status of ['done', 'PENDING', 'Completed', '', ' all']) {
      it(`refuses ${JSON.stringify(status)} with the seed's message`, async () => {
        const error = await expectRejection(list({ status }), InvalidQueryError);

        expect(error.message).to.equal("Invalid status filter: must be 'pending', 'completed', or 'all'");
      });
    }
  });

  describe('sort and order', () => {
    beforeEach(async () => {
      const banana = await create('Banana');
      await create('Apple');
      await create('Cherry');
      await app.commands.execute(new UpdateTaskCommand(ALICE.value, banana.id, { description: 'ripe' }));
    });

    it('sorts by creation, newest first unless asked otherwise', async () => {
      expect(await titles({ sort: 'created_at' })).to.deep.equal(['Cherry', 'Apple', 'Banana']);
      expect(await titles({ sort: 'created_at', order: 'asc' })).to.deep.equal(['Banana', 'Apple', 'Cherry']);
    });

    it('sorts by last update, most recent first unless asked otherwise', async () => {
      expect(await titles({ sort: 'updated_at' })).to.deep.equal(['Banana', 'Cherry', 'Apple']);
      expect(await titles({ sort: 'updated_at', order: 'asc' })).to.deep.equal(['Apple', 'Cherry', 'Banana']);
    });

    it('sorts by title, alphabetically unless asked otherwise', async () => {
      expect(await titles({ sort: 'title' })).to.deep.equal(['Apple', 'Banana', 'Cherry']);
      expect(await titles({ sort: 'title', order: 'desc' })).to.deep.equal(['Cherry', 'Banana', 'Apple']);
    });

    for (const params of [{ sort: 'colour' }, { sort: 'CREATED_AT' }, { sort: 'due' }, { order: 'up' }, { order: 'DESC' }, { sort: 'title', order: '' }]) {
      it(`refuses ${JSON.stringify(params)}`, async () => {
        await expectRejection(list(params), InvalidQueryError);
      });
    }
  });

  describe('priority', () => {
    const createWith = async (title: string, priority?: string, dueDate?: string | null) => {
      const task = await app.commands.execute(new CreateTaskCommand(ALICE.value, title, null, dueDate, priority));
      app.clock.advance(1000);
      return task;
    };

    beforeEach(async () => {
      await createWith('Low', 'low');
      await createWith('High', 'high');
      await createWith('Plain');
      await createWith('Medium', 'medium');
    });

    it('sorts by priority, most urgent first unless asked otherwise', async () => {
      expect(await titles({ sort: 'priority' })).to.deep.equal(['High', 'Medium', 'Low', 'Plain']);
      expect(await titles({ sort: 'priority', order: 'asc' })).to.deep.equal(['Plain', 'Low', 'Medium', 'High']);
    });

    it('filters by one priority, or by several separated by commas', async () => {
      expect(await titles({ priority: 'high' })).to.deep.equal(['High']);
      expect(await titles({ priority: 'none' })).to.deep.equal(['Plain']);
      expect(await titles({ priority: 'high,low', sort: 'title' })).to.deep.equal(['High', 'Low']);
      expect(await titles({ priority: ' medium , high,high', sort: 'priority' })).to.deep.equal(['High', 'Medium']);
    });

    for (const priority of ['urgent', 'High', '', 'high,', ',high', 'high;low', 'high,,low']) {
      it(`refuses the filter ${JSON.stringify(priority)}, listing the priorities there are`, async () => {
        const error = await expectRejection(list({ priority }), InvalidQueryError);

        expect(error.message).to.equal('Invalid priority: must be one or more of none, low, medium, high, separated by commas');
      });
    }
  });

  describe('due dates', () => {
    const createDue = async (title: string, dueDate: string | null) => {
      const task = await app.commands.execute(new CreateTaskCommand(ALICE.value, title, null, dueDate));
      app.clock.advance(1000);
      return task;
    };

    beforeEach(async () => {
      await createDue('Someday', null);
      await createDue('Christmas', '2026-12-25');
      await createDue('Advent', '2026-12-01');
      await createDue('Whenever', null);
      await createDue('Eve', '2026-12-24');
    });

    it('sorts by due date, soonest first unless asked otherwise, tasks without one last in both orders', async () => {
      expect(await titles({ sort: 'due_date' })).to.deep.equal(['Advent', 'Eve', 'Christmas', 'Someday', 'Whenever']);
      expect(await titles({ sort: 'due_date', order: 'desc' })).to.deep.equal(['Christmas', 'Eve', 'Advent', 'Whenever', 'Someday']);
    });

    it('filters by due_before and due_after, both days included, leaving out tasks without a due date', async () => {
      expect(await titles({ sort: 'due_date', due_before: '2026-12-24' })).to.deep.equal(['Advent', 'Eve']);
      expect(await titles({ sort: 'due_date', due_after: '2026-12-24' })).to.deep.equal(['Eve', 'Christmas']);
      expect(await titles({ sort: 'due_date', due_after: '2026-12-02', due_before: '2026-12-24' })).to.deep.equal(['Eve']);
      expect(await titles({ due_after: '2026-12-26' })).to.deep.equal([]);
      expect(await titles({ due_after: '2026-12-25', due_before: '2026-12-01' })).to.deep.equal([]);
    });

    for (const parameter of ['due_before', 'due_after'] as const) {
      for (const value of ['2026-02-30', '2026-12-1', '24/12/2026', '1899-12-31', '2026-12-24T00:00:00Z', '']) {
        it(`refuses ${parameter}=${JSON.stringify(value)}, naming the parameter`, async () => {
          const error = await expectRejection(list({ [parameter]: value }), InvalidQueryError);

          expect(error.message).to.equal(`Invalid ${parameter}: must be a date written YYYY-MM-DD, from 1900-01-01 to 9999-12-31`);
        });
      }
    }
  });

  describe('overdue', () => {
    // Tasks due on the 24th, 25th and 26th of November, and one without a due date; the clock decides "today".
    beforeEach(async () => {
      for (const [title, dueDate] of [['24th', '2026-11-24'], ['25th', '2026-11-25'], ['26th', '2026-11-26'], ['Undated', null]] as const) {
        await app.commands.execute(new CreateTaskCommand(ALICE.value, title, null, dueDate));
      }
    });
    const overdue = (params: ListTasksParams = {}) => titles({ overdue: true, sort: 'due_date', ...params });

    it('lists pending tasks due before today, today being the date in UTC unless a time zone is given', async () => {
      app.clock.set(new Date('2026-11-25T23:59:59.999Z'));
      expect(await overdue()).to.deep.equal(['24th']);
      app.clock.set(new Date('2026-11-26T00:00:00.000Z'));
      expect(await overdue()).to.deep.equal(['24th', '25th']);
      expect(await overdue({ tz: 'UTC' })).to.deep.equal(['24th', '25th']);
    });

    it('crosses midnight when it is midnight in the time zone given, east and west of UTC', async () => {
      // Midnight of the 26th in Auckland (UTC+13 in November) is 11:00 UTC on the 25th.
      app.clock.set(new Date('2026-11-25T10:59:59.999Z'));
      expect(await overdue({ tz: 'Pacific/Auckland' })).to.deep.equal(['24th']);
      app.clock.set(new Date('2026-11-25T11:00:00.000Z'));
      expect(await overdue({ tz: 'Pacific/Auckland' })).to.deep.equal(['24th', '25th']);
      // Midnight of the 26th in New York (UTC-5 in November) is 05:00 UTC on the 26th.
      app.clock.set(new Date('2026-11-26T04:59:59.999Z'));
      expect(await overdue({ tz: 'America/New_York' })).to.deep.equal(['24th']);
      expect(await overdue()).to.deep.equal(['24th', '25th']);
      app.clock.set(new Date('2026-11-26T05:00:00.000Z'));
      expect(await overdue({ tz: 'America/New_York' })).to.deep.equal(['24th', '25th']);
    });

    it('leaves completed tasks out, whatever the status filter says', async () => {
      app.clock.set(new Date('2026-11-27T12:00:00.000Z'));
      const [first] = (await list({ sort: 'due_date' })).items;
      await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, first!.id, true));

      expect(await overdue()).to.deep.equal(['25th', '26th']);
      expect(await overdue({ status: 'pending' })).to.deep.equal(['25th', '26th']);
      expect(await overdue({ status: 'completed' })).to.deep.equal([]);
      expect(await overdue({ overdue: false })).to.deep.equal(['24th', '25th', '26th', 'Undated']);
    });

    it('narrows the due_before and due_after filters, never widens them', async () => {
      app.clock.set(new Date('2026-11-27T12:00:00.000Z'));

      expect(await overdue({ due_before: '2026-11-25' })).to.deep.equal(['24th', '25th']);
      expect(await overdue({ due_before: '2026-12-31' })).to.deep.equal(['24th', '25th', '26th']);
      expect(await overdue({ due_after: '2026-11-25' })).to.deep.equal(['25th', '26th']);
    });

    for (const tz of ['Mars/Olympus_Mons', 'UTC+1', '+01:00', 'Europe/Paris ', '', '../etc/passwd', `Europe/${'x'.repeat(80)}`]) {
      it(`refuses the time zone ${JSON.stringify(tz)}`, async () => {
        const error = await expectRejection(list({ overdue: true, tz }), InvalidQueryError);

        expect(error.message).to.equal('Invalid tz: must be an IANA time zone name such as Europe/Paris, America/New_York or UTC');
      });
    }

    it('checks the time zone even when it is not needed', async () => {
      await expectRejection(list({ tz: 'Nowhere/Special' }), InvalidQueryError);
    });
  });

  describe('search', () => {
    beforeEach(async () => {
      await create('Buy MILK');
      await create('Shopping', 'oat milk and bread');
      await create('Walk the dog');
      await create('Save 100%', 'on milk_shakes');
    });

    it('matches title or description, ignoring case', async () => {
      expect(await titles({ q: 'milk', sort: 'title' })).to.deep.equal(['Buy MILK', 'Save 100%', 'Shopping']);
      expect(await titles({ q: 'Oat Milk' })).to.deep.equal(['Shopping']);
      expect(await titles({ q: 'DOG' })).to.deep.equal(['Walk the dog']);
      expect(await titles({ q: 'cat' })).to.deep.equal([]);
    });

    it('takes wildcard characters literally', async () => {
      expect(await titles({ q: '100%' })).to.deep.equal(['Save 100%']);
      expect(await titles({ q: 'k_s' })).to.deep.equal(['Save 100%']);
      expect(await titles({ q: '%' })).to.deep.equal(['Save 100%']);
    });

    it('ignores surrounding white space, and a blank search', async () => {
      expect(await titles({ q: '  dog ' })).to.deep.equal(['Walk the dog']);
      expect(await titles({ q: '   ' })).to.have.length(4);
      expect(await titles({ q: '' })).to.have.length(4);
    });

    it('combines with the status filter', async () => {
      const [walk] = (await list({ q: 'dog' })).items;
      await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, walk!.id, true));

      expect(await titles({ q: 'o', status: 'completed' })).to.deep.equal(['Walk the dog']);
      expect(await titles({ q: 'o', status: 'pending', sort: 'title' })).to.deep.equal(['Save 100%', 'Shopping']);
    });

    it('refuses a search longer than 200 characters', async () => {
      await expectRejection(list({ q: 'x'.repeat(201) }), InvalidQueryError);
      expect(await titles({ q: 'x'.repeat(200) })).to.deep.equal([]);
    });
  });

  describe('limit', () => {
    it('answers 100 tasks by default', async () => {
      for (let n = 0; n < 101; n++) await app.commands.execute(new CreateTaskCommand(ALICE.value, `Task ${n}`));

      const page = await list();

      expect(page.items).to.have.length(100);
      expect(page.next_cursor).to.be.a('string');
    });

    it('accepts 1 to 500', async () => {
      await create('Only');

      expect(await titles({ limit: 1 })).to.deep.equal(['Only']);
      expect(await titles({ limit: 500 })).to.deep.equal(['Only']);
    });

    for (const limit of [0, -1, 501, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      it(`refuses ${limit}`, async () => {
        await expectRejection(list({ limit }), InvalidQueryError);
      });
    }

    it('has no next page when the tasks exactly fill this one', async () => {
      for (const title of ['a', 'b', 'c']) await create(title);

      const page = await list({ limit: 3 });

      expect(page.items).to.have.length(3);
      expect(page.next_cursor).to.equal(null);
    });
  });

  describe('paging', () => {
    // 29 tasks, with many equal creation times, update times and titles, so that ties must be broken by id.
    beforeEach(async () => {
      const tasks: TaskView[] = [];
      for (let n = 0; n < 29; n++) {
        const title = `Task ${'ABCD'[n % 4]}`;
        tasks.push(await app.commands.execute(new CreateTaskCommand(ALICE.value, title, `number ${n}`)));
        if (n % 3 === 2) app.clock.advance(1000);
      }
      for (const [n, task] of tasks.entries()) {
        if (n % 4 === 0) await app.commands.execute(new SetTaskCompletionCommand(ALICE.value, task.id, true));
        if (n % 5 === 0) app.clock.advance(1000);
      }
    });

    for (const sort of ['created_at', 'updated_at', 'title'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        it(`walks every task once, in order, by ${sort} ${order}`, async () => {
          const all = (await list({ sort, order, limit: 500 })).items;
          expect(all).to.have.length(29);

          const pages = await pageThrough({ sort, order, limit: 4 });

          expect(pages.map((page) => page.length)).to.deep.equal([4, 4, 4, 4, 4, 4, 4, 1]);
          expect(pages.flat()).to.deep.equal(all);
          const direction = order === 'asc' ? 1 : -1;
          for (const [previous, next] of pairs(all)) {
            const byValue = direction * compare(previous[sort], next[sort]);
            expect(byValue < 0 || (byValue === 0 && direction * compare(previous.id, next.id) < 0), `${previous.id} before ${next.id}`).to.equal(true);
          }
        });
      }
    }

    for (const sort of ['due_date', 'priority'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        it(`walks every task once, in order, by ${sort} ${order}, with tasks without a due date last`, async () => {
          const ids = (await list({ limit: 500 })).items.map((task) => task.id);
          for (const [n, id] of ids.entries()) {
            const due_date = n % 3 === 0 ? null : `2026-12-${String(1 + (n % 5)).padStart(2, '0')}`;
            await app.commands.execute(new UpdateTaskCommand(ALICE.value, id, { due_date, priority: ['none', 'low', 'medium', 'high'][n % 4]! }));
          }
          const all = (await list({ sort, order, limit: 500 })).items;

          const pages = await pageThrough({ sort, order, limit: 4 });

          expect(pages.flat()).to.deep.equal(all);
          const direction = order === 'asc' ? 1 : -1;
          const value = (task: TaskView) =>
            sort === 'priority' ? ['none', 'low', 'medium', 'high'].indexOf(task.priority) : (task.due_date ?? (order === 'asc' ? '9' : '0'));
          for (const [previous, next] of pairs(all)) {
            const byValue = direction * compare(value(previous), value(next));
            expect(byValue < 0 || (byValue === 0 && direction * compare(previous.id, next.id) < 0), `${previous.id} before ${next.id}`).to.equal(true);
          }
          if (sort === 'due_date') expect(all.slice(-10).every((task) => task.due_date === null)).to.equal(true);
        });
      }
    }

    it('pages through a filtered search without duplicates or gaps', async () => {
      const all = (await list({ status: 'pending', q: 'task b', limit: 500 })).items;
      expect(all.length).to.be.greaterThan(3);

      const pages = await pageThrough({ status: 'pending', q: 'task b', limit: 2 });

      expect(pages.flat()).to.deep.equal(all);
    });

    it('stays stable while tasks are added and removed between pages', async () => {
      const before = (await list({ limit: 500 })).items;
      const deletedLater = before[20]!;
      let added: TaskView | undefined;

      const pages = await pageThrough({ limit: 5 }, async (pageNumber) => {
        if (pageNumber !== 1) return;
        added = await create('Newest');
        await app.commands.execute(new DeleteTaskCommand(ALICE.value, deletedLater.id));
      });

      const seen = pages.flat().map((task) => task.id);
      expect(new Set(seen).size).to.equal(seen.length);
      expect(seen).to.deep.equal(before.map((task) => task.id).filter((id) => id !== deletedLater.id));
      expect(seen).not.to.include(added!.id);
    });
  });

  describe('level and manual order', () => {
    const createUnder = async (title: string, parent: TaskView) => {
      const task = await app.commands.execute(new CreateTaskCommand(ALICE.value, title, null, undefined, undefined, parent.id));
      app.clock.advance(1000);
      return task;
    };

    it('lists one task\'s subtasks, or the top level, in manual order ascending by default', async () => {
      const parent = await create('Parent');
      await createUnder('First', parent);
      await createUnder('Second', parent);
      await create('Other');

      expect(await titles({ parent_id: parent.id, sort: 'position' })).to.deep.equal(['First', 'Second']);
      expect(await titles({ parent_id: parent.id.toUpperCase(), sort: 'position', order: 'desc' })).to.deep.equal(['Second', 'First']);
      expect(await titles({ top_level: true, sort: 'position' })).to.deep.equal(['Parent', 'Other']);
      expect(await titles({ top_level: false })).to.have.length(4);
    });

    it('pages the subtasks in manual order', async () => {
      const parent = await create('Parent');
      for (const title of ['a', 'b', 'c', 'd', 'e']) await createUnder(title, parent);

      const pages = await pageThrough({ parent_id: parent.id, sort: 'position', limit: 2 });

      expect(pages.map((page) => page.map((task) => task.title))).to.deep.equal([['a', 'b'], ['c', 'd'], ['e']]);
    });

    it('finds no subtasks under another user\'s task', async () => {
      const parent = await create('Parent');
      await createUnder('Sub', parent);

      expect((await list({ parent_id: parent.id }, BOB.value)).items).to.deep.equal([]);
    });

    it('refuses a malformed parent_id, and parent_id with top_level, naming them', async () => {
      expect((await expectRejection(list({ parent_id: 'nope' }), InvalidQueryError)).message).to.equal('Invalid parent_id: must be a task id');
      const both = await expectRejection(list({ parent_id: '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11', top_level: true }), InvalidQueryError);
      expect(both.message).to.match(/top_level/);
    });
  });

  describe('cursor', () => {
    let cursor: string;

    beforeEach(async () => {
      for (const title of ['a', 'b', 'c']) await create(title);
      cursor = (await list({ limit: 1 })).next_cursor!;
    });

    it('continues where the previous page ended', async () => {
      const next = await list({ limit: 1, cursor });

      expect(next.items.map((task) => task.title)).to.deep.equal(['b']);
    });

    it('refuses a cursor issued for another sort or order', async () => {
      await expectRejection(list({ limit: 1, cursor, sort: 'updated_at' }), InvalidQueryError);
      await expectRejection(list({ limit: 1, cursor, sort: 'title' }), InvalidQueryError);
      await expectRejection(list({ limit: 1, cursor, order: 'asc' }), InvalidQueryError);
    });

    it('refuses a tampered cursor', async () => {
      const [sort, order, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as string[];
      const reencode = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');

      for (const tampered of [
        'garbage',
        cursor.slice(0, -3),
        `${cursor}!!`,
        reencode([sort, order, value, 'not-an-id']),
        reencode([sort, order, 'not-a-date', id]),
        reencode([sort, order, value]),
        reencode({ sort, order, value, id }),
      ]) {
        await expectRejection(list({ limit: 1, cursor: tampered }), InvalidQueryError);
      }
    });

    it('is bound to the sort it was made for, not to a TaskListCursor of any shape', async () => {
      const forged = TaskListCursor.encode('title', 'asc', { value: 'a', id: '00000000-0000-7000-8000-000000000000' });

      expect((await list({ sort: 'title', cursor: forged })).items.map((task) => task.title)).to.deep.equal(['a', 'b', 'c']);
      await expectRejection(list({ cursor: forged }), InvalidQueryError);
    });
  });

  it('refuses an invalid user id', async () => {
    await expectRejection(list({}, ''), DomainValidationError);
  });
});

function compare<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pairs<T>(items: T[]): [T, T][] {
  return items.slice(1).map((item, index) => [items[index]!, item]);
}
