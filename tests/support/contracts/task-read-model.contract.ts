/**
 * What every `TaskReadModel` does: finds one task, lists by every sort in both orders with ties broken by id,
 * pages by keyset without duplicates or gaps, filters, counts — and only ever for the owner asked about.
 * Titles compare by the database's collation; the cases use titles that every collation orders alike.
 */
import { TaskMother } from '../task-mother.js';
import { expect } from 'chai';
import type { TaskListCriteria, TaskSortField, TaskView } from '../../../src/application/ports/task-read-model.js';
import { ListTasksHandler, ListTasksQuery } from '../../../src/application/queries/list-tasks.js';
import { TaskStatsHandler, TaskStatsQuery } from '../../../src/application/queries/task-stats.js';
import { TaskId } from '../../../src/domain/index.js';
import { ManualClock } from '../../../src/infrastructure/system/manual-clock.js';
import {
  ALICE,
  BOB,
  minutesLater,
  taskId,
  TaskWrites,
  type PersistenceAdapters,
  type TaskSeed,
} from './persistence-fixture.js';

export type TaskReadModelFixture = Pick<PersistenceAdapters, 'readModel' | 'listReadModel' | 'repository' | 'unitOfWork'>;

const SORTS: readonly TaskSortField[] = ['created_at', 'updated_at', 'title', 'due_date', 'priority', 'position'];
const ids = (...numbers: number[]) => numbers.map(taskId);

/**
 * Eight tasks of Alice's with ties in every field, stored in an order that is none of the sorts', and Bob's
 * tasks with the same fields between them.
 */
const ALICES: (TaskSeed & { n: number })[] = [
  { n: 5, title: 'a', createdAt: minutesLater(2), updatedAt: minutesLater(9), dueDate: '2026-12-24', priority: 'medium', completed: true },
  { n: 2, title: 'a', createdAt: minutesLater(2), updatedAt: minutesLater(8), dueDate: null, priority: 'high', completed: true },
  { n: 8, title: 'a', createdAt: minutesLater(3), updatedAt: minutesLater(8), dueDate: '2026-12-24', priority: 'high' },
  { n: 1, title: 'b', createdAt: minutesLater(1), updatedAt: minutesLater(9), dueDate: '2026-12-24', priority: 'low' },
  { n: 7, title: 'b', createdAt: minutesLater(3), updatedAt: minutesLater(9), dueDate: null, priority: 'medium' },
  { n: 3, title: 'b', createdAt: minutesLater(1), updatedAt: minutesLater(7), dueDate: '2026-12-01', priority: 'high' },
  { n: 6, title: 'c', createdAt: minutesLater(1), updatedAt: minutesLater(7), dueDate: '2026-12-01', priority: 'none' },
  { n: 4, title: 'c', createdAt: minutesLater(3), updatedAt: minutesLater(8), dueDate: null, priority: 'none' },
];
const PENDING = new Set(ids(1, 3, 4, 6, 7, 8));

/** Alice's tasks in each sort and order, worked out by hand. */
const ORDERS: Record<TaskSortField, { asc: string[]; desc: string[] }> = {
  created_at: { asc: ids(1, 3, 6, 2, 5, 4, 7, 8), desc: ids(8, 7, 4, 5, 2, 6, 3, 1) },
  updated_at: { asc: ids(3, 6, 2, 4, 8, 1, 5, 7), desc: ids(7, 5, 1, 8, 4, 2, 6, 3) },
  title: { asc: ids(2, 5, 8, 1, 3, 7, 4, 6), desc: ids(6, 4, 7, 3, 1, 8, 5, 2) },
  // By rank, not by name: none < low < medium < high.
  priority: { asc: ids(4, 6, 1, 5, 7, 2, 3, 8), desc: ids(8, 3, 2, 7, 5, 1, 6, 4) },
  // Tasks without a due date last in both orders, by id in the order's direction among themselves.
  due_date: { asc: ids(3, 6, 1, 5, 8, 2, 4, 7), desc: ids(8, 5, 1, 6, 3, 7, 4, 2) },
  // Manual order: each task was placed after the ones stored before it.
  position: { asc: ids(5, 2, 8, 1, 7, 3, 6, 4), desc: ids(4, 6, 3, 7, 1, 8, 2, 5) },
};

export function taskReadModelContract(fixture: () => Promise<TaskReadModelFixture>): void {
  let adapters: TaskReadModelFixture;
  let writes: TaskWrites;

  beforeEach(async () => {
    adapters = await fixture();
    writes = new TaskWrites(adapters);
  });

  const criteria = (overrides: Partial<TaskListCriteria> = {}): TaskListCriteria => ({
    ownerId: ALICE.value,
    status: 'all',
    sort: 'created_at',
    order: 'asc',
    search: null,
    priorities: null,
    due: null,
    after: null,
    limit: 100,
    ...overrides,
  });
  const list = async (overrides: Partial<TaskListCriteria> = {}) => (await adapters.readModel.list(criteria(overrides))).map((task) => task.id);

  /** Every page of a listing, `size` tasks at a time, each starting after the last task of the one before. */
  async function walk(overrides: Partial<TaskListCriteria>, size: number): Promise<string[]> {
    const seen: string[] = [];
    for (let after: TaskListCriteria['after'] = null, pages = 0; ; pages++) {
      expect(pages, 'pages walked').to.be.below(50);
      const page = await adapters.readModel.list(criteria({ ...overrides, after, limit: size }));
      expect(page.length, 'page size').to.be.at.most(size);
      seen.push(...page.map((task) => task.id));
      const last = page.at(-1);
      if (!last) return seen;
      after = { value: last[overrides.sort ?? 'created_at'], id: last.id };
    }
  }

  async function seedAlicesAndBobs(): Promise<void> {
    for (const [index, { n, ...seed }] of ALICES.entries()) {
      await writes.seed({ ...seed, id: taskId(n), owner: ALICE });
      // Bob's twin of each task, with an id that sorts among Alice's.
      await writes.seed({ ...seed, id: taskId(100 + index), owner: BOB });
    }
  }

  describe('findOne', () => {
    it('answers the owner’s task in its wire shape', async () => {
      await writes.seed({
        id: taskId(1),
        title: 'Buy milk',
        description: 'Semi-skimmed',
        dueDate: '2026-12-24',
        priority: 'high',
        completed: true,
        createdAt: minutesLater(0),
        updatedAt: minutesLater(5),
        labels: ['Errands', 'home'],
      });

      const found = await adapters.readModel.findOne(ALICE.value, taskId(1));
      expect(found).to.deep.equal({
        id: taskId(1),
        user_id: ALICE.value,
        title: 'Buy milk',
        description: 'Semi-skimmed',
        due_date: '2026-12-24',
        priority: 'high',
        completed: true,
        completed_at: '2026-11-25T10:05:00.000Z',
        list_id: TaskMother.listOf(ALICE).value,
        parent_id: null,
        // Wherever it was put: the seed places each task after the last.
        position: found?.position,
        labels: ['Errands', 'home'],
        repeat: null,
        repeat_from: 'due',
        created_at: '2026-11-25T10:00:00.000Z',
        updated_at: '2026-11-25T10:05:00.000Z',
        version: 1,
      });
    });

    it('answers a task without description or due date with nulls, and its fields in the wire order', async () => {
      const seeded = await writes.seed({ id: taskId(1) });

      const found = await adapters.readModel.findOne(ALICE.value, taskId(1));

      expect(found).to.deep.equal(seeded);
      expect(found).to.include({ description: null, due_date: null, priority: 'none', completed: false, completed_at: null });
      expect(Object.keys(found!)).to.deep.equal(Object.keys(seeded));
    });

    it('answers a task exactly as a listing does, field by field and in the same order', async () => {
      await writes.seed({
        id: taskId(1),
        title: 'Quote "this", and a \\ too',
        description: 'Line one\nline two — ünïcode',
        dueDate: '2026-02-28',
        priority: 'low',
        completed: true,
        labels: ['Errands', 'home'],
      });
      await writes.seed({ id: taskId(2) });

      const listed = await adapters.readModel.list(criteria({ status: 'all', limit: 10 }));
      for (const n of [1, 2]) {
        const found = await adapters.readModel.findOne(ALICE.value, taskId(n));
        expect(JSON.stringify(found)).to.equal(JSON.stringify(listed.find((task) => task.id === taskId(n))));
      }
    });

    it('finds a task by its id whatever the id’s case, as stored', async () => {
      const seeded = await writes.seed({ id: 'abcdef00-0000-7000-8000-0000000000ff' });

      expect(await adapters.readModel.findOne(ALICE.value, 'ABCDEF00-0000-7000-8000-0000000000FF')).to.deep.equal(seeded);
    });

    it('answers null for another owner’s task or an unknown id', async () => {
      await writes.seed({ id: taskId(1) });

      expect(await adapters.readModel.findOne(BOB.value, taskId(1))).to.equal(null);
      expect(await adapters.readModel.findOne(ALICE.value, taskId(99))).to.equal(null);
    });
  });

  describe('list', () => {
    beforeEach(seedAlicesAndBobs);

    for (const sort of SORTS) {
      for (const order of ['asc', 'desc'] as const) {
        it(`sorts by ${sort} ${order}, ties broken by id in the same direction, and holds only the owner’s tasks`, async () => {
          expect(await list({ sort, order })).to.deep.equal(ORDERS[sort][order]);
        });

        it(`walks every page by ${sort} ${order}, whatever the page size, without duplicates or gaps`, async () => {
          for (const size of [1, 2, 3, 8]) {
            expect(await walk({ sort, order }, size), `pages of ${size}`).to.deep.equal(ORDERS[sort][order]);
          }
          const pending = ORDERS[sort][order].filter((id) => PENDING.has(id));
          expect(await walk({ sort, order, status: 'pending' }, 2), 'pending tasks, pages of 2').to.deep.equal(pending);
        });
      }
    }

    it('lists each owner’s tasks for them alone', async () => {
      const bobs = await list({ ownerId: BOB.value });

      expect(bobs).to.have.length(ALICES.length);
      expect(bobs.filter((id) => ORDERS.created_at.asc.includes(id))).to.deep.equal([]);
      expect(await list({ ownerId: 'user-nobody' })).to.deep.equal([]);
    });

    it('filters by status', async () => {
      expect(await list({ status: 'pending' })).to.deep.equal(ids(1, 3, 6, 4, 7, 8));
      expect(await list({ status: 'completed' })).to.deep.equal(ids(2, 5));
      expect(await list({ status: 'all' })).to.deep.equal(ORDERS.created_at.asc);
    });

    it('filters by priorities', async () => {
      expect(await list({ priorities: ['high'] })).to.deep.equal(ids(3, 2, 8));
      expect(await list({ priorities: ['low', 'none'] })).to.deep.equal(ids(1, 6, 4));
      expect(await list({ priorities: ['none', 'low', 'medium', 'high'] })).to.deep.equal(ORDERS.created_at.asc);
    });

    it('filters by a range of due days, both days included, leaving out tasks without a due date', async () => {
      expect(await list({ due: { from: '2026-12-02', to: '2026-12-24' } })).to.deep.equal(ids(1, 5, 8));
      expect(await list({ due: { from: '2026-12-01', to: '2026-12-01' } })).to.deep.equal(ids(3, 6));
      expect(await list({ due: { from: '2026-12-02', to: '2026-12-23' } })).to.deep.equal([]);
      expect(await list({ due: { from: '1900-01-01', to: '9999-12-31' } })).to.deep.equal(ids(1, 3, 6, 5, 8));
      // On the due-date sort the range is on that order's own key: still no task without a due date.
      expect(await list({ sort: 'due_date', order: 'desc', due: { from: '1900-01-01', to: '9999-12-31' } })).to.deep.equal(ids(8, 5, 1, 6, 3));
      expect(await list({ sort: 'due_date', order: 'asc', due: { from: '2026-12-01', to: '2026-12-24' } })).to.deep.equal(ids(3, 6, 1, 5, 8));
    });

    it('filters repeating tasks, or the others', async () => {
      await writes.seed({ id: taskId(9), owner: ALICE, dueDate: '2026-12-07', repeat: 'FREQ=DAILY', createdAt: minutesLater(4) });
      await writes.seed({ id: taskId(109), owner: BOB, dueDate: '2026-12-07', repeat: 'FREQ=DAILY', createdAt: minutesLater(4) });

      expect(await list({ repeating: true })).to.deep.equal(ids(9));
      expect(await list({ repeating: true, sort: 'due_date', order: 'desc', status: 'pending' })).to.deep.equal(ids(9));
      expect(await list({ repeating: false })).to.deep.equal(ORDERS.created_at.asc);
      expect(await list({ repeating: null })).to.deep.equal([...ORDERS.created_at.asc, taskId(9)]);
    });

    it('applies every filter at once', async () => {
      expect(await list({ due: { from: '2026-12-01', to: '2026-12-24' }, priorities: ['high'] })).to.deep.equal(ids(3, 8));
      expect(await list({ due: { from: '2026-12-01', to: '2026-12-24' }, priorities: ['high', 'medium'], status: 'completed' })).to.deep.equal(ids(5));
      expect(await list({ status: 'pending', priorities: ['high'], sort: 'title', order: 'desc' })).to.deep.equal(ids(3, 8));
    });

    it('starts strictly after the keyset it is given, in the order asked for', async () => {
      expect(await list({ sort: 'title', order: 'asc', after: { value: 'a', id: taskId(5) } })).to.deep.equal(ids(8, 1, 3, 7, 4, 6));
      expect(await list({ sort: 'title', order: 'desc', after: { value: 'b', id: taskId(3) } })).to.deep.equal(ids(1, 8, 5, 2));
      expect(await list({ sort: 'created_at', order: 'desc', after: { value: '2026-11-25T10:02:00.000Z', id: taskId(5) } })).to.deep.equal(ids(2, 6, 3, 1));
      expect(await list({ sort: 'priority', order: 'desc', after: { value: 'high', id: taskId(2) } })).to.deep.equal(ids(7, 5, 1, 6, 4));
      expect(await list({ sort: 'priority', order: 'asc', after: { value: 'low', id: taskId(1) } })).to.deep.equal(ids(5, 7, 2, 3, 8));
    });

    describe('by level', () => {
      /** Under Alice's task 1: subtasks 11, 12, 13 in that manual order; under 11: 111; Bob's 101 under his own. */
      beforeEach(async () => {
        const parent = TaskId.from(taskId(1));
        const first = await writes.createUnder(ALICE, parent, minutesLater(20), 'c', TaskId.from(taskId(11)));
        await writes.createUnder(ALICE, parent, minutesLater(21), 'a', TaskId.from(taskId(12)));
        await writes.createUnder(ALICE, parent, minutesLater(22), 'b', TaskId.from(taskId(13)));
        await writes.createUnder(ALICE, first, minutesLater(23), 'deeper', TaskId.from(taskId(111)));
        await writes.createUnder(BOB, TaskId.from(taskId(101)), minutesLater(20), 'bob', TaskId.from(taskId(1101)));
      });

      it('lists the subtasks of one task, in manual order or any other, and nothing under another owner’s task', async () => {
        expect(await list({ parentId: taskId(1), sort: 'position' })).to.deep.equal(ids(11, 12, 13));
        expect(await list({ parentId: taskId(1), sort: 'position', order: 'desc' })).to.deep.equal(ids(13, 12, 11));
        expect(await list({ parentId: taskId(1), sort: 'title' })).to.deep.equal(ids(12, 13, 11));
        expect(await list({ parentId: taskId(11), sort: 'created_at', order: 'desc' })).to.deep.equal(ids(111));
        expect(await list({ parentId: taskId(101) })).to.deep.equal([]);
        expect(await list({ parentId: taskId(1), ownerId: BOB.value })).to.deep.equal([]);
      });

      it('lists the top level alone', async () => {
        expect(await list({ parentId: null, sort: 'position' })).to.deep.equal(ORDERS.position.asc);
        expect(await list({ parentId: null, status: 'completed' })).to.deep.equal(ids(2, 5));
      });

      it('lists one list’s tasks, its top level in manual order, and nothing of a list that is not the owner’s', async () => {
        const alices = TaskMother.listOf(ALICE).value;

        expect(await list({ listId: alices })).to.have.length(ALICES.length + 4);
        expect(await list({ listId: alices.toUpperCase(), parentId: taskId(1), sort: 'position' })).to.deep.equal(ids(11, 12, 13));
        expect(await list({ listId: alices, parentId: null, sort: 'position' })).to.deep.equal(ORDERS.position.asc);
        for (const size of [1, 2]) expect(await walk({ listId: alices, parentId: null, sort: 'position' }, size)).to.deep.equal(ORDERS.position.asc);
        expect(await list({ listId: TaskMother.listOf(BOB).value })).to.deep.equal([]);
        expect(await list({ listId: TaskMother.id().value })).to.deep.equal([]);
      });

      it('pages the subtasks and the top level in manual order', async () => {
        for (const size of [1, 2]) {
          expect(await walk({ parentId: taskId(1), sort: 'position' }, size)).to.deep.equal(ids(11, 12, 13));
          expect(await walk({ parentId: taskId(1), sort: 'position', order: 'desc' }, size)).to.deep.equal(ids(13, 12, 11));
          expect(await walk({ parentId: null, sort: 'position' }, size)).to.deep.equal(ORDERS.position.asc);
        }
      });

      it('lists every level in manual order, tasks of different groups sharing a key by id', async () => {
        const all = await adapters.readModel.list(criteria({ sort: 'position', limit: 100 }));
        const keys = all.map((task) => [task.position, task.id]);

        expect(keys).to.deep.equal([...keys].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : 1)));
        expect(all).to.have.length(ALICES.length + 4);
        expect(await walk({ sort: 'position', order: 'desc' }, 3)).to.deep.equal(all.map((task) => task.id).reverse());
      });
    });

    it('takes a keyset whose task is gone as a position all the same', async () => {
      expect(await list({ sort: 'title', order: 'asc', after: { value: 'bb', id: taskId(0) } })).to.deep.equal(ids(4, 6));
      expect(await list({ sort: 'title', order: 'desc', after: { value: 'b', id: taskId(99) } })).to.deep.equal(ids(7, 3, 1, 8, 5, 2));
      expect(await list({ sort: 'updated_at', order: 'asc', after: { value: '2026-11-25T10:07:30.000Z', id: taskId(0) } })).to.deep.equal(
        ids(2, 4, 8, 1, 5, 7),
      );
    });

    it('pages by due date across the tasks without one, with a null keyset where they sort', async () => {
      expect(await list({ sort: 'due_date', order: 'asc', after: { value: '2026-12-24', id: taskId(8) } })).to.deep.equal(ids(2, 4, 7));
      expect(await list({ sort: 'due_date', order: 'asc', after: { value: null, id: taskId(2) } })).to.deep.equal(ids(4, 7));
      expect(await list({ sort: 'due_date', order: 'desc', after: { value: '2026-12-01', id: taskId(3) } })).to.deep.equal(ids(7, 4, 2));
      expect(await list({ sort: 'due_date', order: 'desc', after: { value: null, id: taskId(7) } })).to.deep.equal(ids(4, 2));
      expect(await list({ sort: 'due_date', order: 'desc', after: { value: '2026-12-24', id: taskId(5) } })).to.deep.equal(ids(1, 6, 3, 7, 4, 2));
    });

    it('takes the keyset’s id whatever its case', async () => {
      await writes.seed({ id: 'abcdef00-0000-7000-8000-0000000000aa', title: 'x' });
      await writes.seed({ id: 'abcdef00-0000-7000-8000-0000000000bb', title: 'x' });

      expect(await list({ sort: 'title', order: 'asc', after: { value: 'x', id: 'ABCDEF00-0000-7000-8000-0000000000AA' } })).to.deep.equal([
        'abcdef00-0000-7000-8000-0000000000bb',
      ]);
      expect(await list({ sort: 'title', order: 'desc', after: { value: 'x', id: 'ABCDEF00-0000-7000-8000-0000000000BB' } })).to.deep.equal([
        'abcdef00-0000-7000-8000-0000000000aa',
        ...ORDERS.title.desc,
      ]);
    });

    it('answers at most `limit` tasks, the first ones in the order', async () => {
      expect(await list({ limit: 3 })).to.deep.equal(ORDERS.created_at.asc.slice(0, 3));
      expect(await list({ limit: 1, sort: 'due_date', order: 'desc' })).to.deep.equal(ids(8));
    });

    it('answers each task as findOne does', async () => {
      const listed = await adapters.readModel.list(criteria());

      for (const task of listed) expect(task).to.deep.equal(await adapters.readModel.findOne(ALICE.value, task.id));
    });
  });

  describe('search', () => {
    beforeEach(async () => {
      await writes.seed({ id: taskId(1), title: 'Buy MILK' });
      await writes.seed({ id: taskId(2), title: 'Shopping', description: 'oat milk, bread' });
      await writes.seed({ id: taskId(3), title: 'Walk the dog' });
      await writes.seed({ id: taskId(4), title: 'Discount 100% on milk_shakes' });
      await writes.seed({ id: taskId(5), title: 'Files', description: 'under C:\\temp' });
      await writes.seed({ id: taskId(6), title: 'milk for Bob', owner: BOB });
    });

    it('finds a substring of the title or description, ignoring case', async () => {
      expect(await list({ search: 'milk' })).to.deep.equal(ids(1, 2, 4));
      expect(await list({ search: 'Oat Milk' })).to.deep.equal(ids(2));
      expect(await list({ search: 'WALK THE' })).to.deep.equal(ids(3));
      expect(await list({ search: 'cat' })).to.deep.equal([]);
    });

    it('takes the text literally: no wildcards, no escapes', async () => {
      expect(await list({ search: '100%' })).to.deep.equal(ids(4));
      expect(await list({ search: '%' })).to.deep.equal(ids(4));
      expect(await list({ search: 'k_s' })).to.deep.equal(ids(4));
      expect(await list({ search: '_' })).to.deep.equal(ids(4));
      expect(await list({ search: 'c:\\t' })).to.deep.equal(ids(5));
      expect(await list({ search: '\\' })).to.deep.equal(ids(5));
    });

    // As PostgreSQL compares under a UTF-8 locale (the embedded cluster's, and any UTF-8 database's).
    it('ignores case beyond ASCII too, one character at a time', async () => {
      await writes.seed({ id: taskId(7), title: 'Émile' });
      await writes.seed({ id: taskId(8), title: 'İstanbul' });
      await writes.seed({ id: taskId(9), title: 'ΟΔΟΣ' });

      expect(await list({ search: 'émile' })).to.deep.equal(ids(7));
      expect(await list({ search: 'ÉMILE' })).to.deep.equal(ids(7));
      expect(await list({ search: 'istanbul' })).to.deep.equal(ids(8));
      expect(await list({ search: 'İSTANBUL' })).to.deep.equal(ids(8));
      expect(await list({ search: 'Σ' })).to.deep.equal(ids(9));
      expect(await list({ search: 'οδοσ' })).to.deep.equal(ids(9));
      expect(await list({ search: 'ΟΔΟΣ' })).to.deep.equal(ids(9));
      // A final sigma is a letter of its own: it folds to itself, and no capital folds to it.
      expect(await list({ search: 'ς' })).to.deep.equal([]);
    });

    it('searches within the other criteria and pages through the matches', async () => {
      expect(await list({ search: 'milk', sort: 'title', order: 'desc' })).to.deep.equal(ids(2, 4, 1));
      expect(await walk({ search: 'milk', sort: 'title', order: 'asc' }, 1)).to.deep.equal(ids(1, 4, 2));
      expect(await list({ search: 'milk', ownerId: BOB.value })).to.deep.equal(ids(6));
    });
  });

  describe('labels', () => {
    beforeEach(async () => {
      await writes.seed({ id: taskId(1), createdAt: minutesLater(1), labels: ['Work', 'urgent'] });
      await writes.seed({ id: taskId(2), createdAt: minutesLater(2), labels: ['home'] });
      await writes.seed({ id: taskId(3), createdAt: minutesLater(3), labels: ['work'], completed: true, updatedAt: minutesLater(4) });
      await writes.seed({ id: taskId(4), createdAt: minutesLater(4) });
      await writes.seed({ id: taskId(5), createdAt: minutesLater(5), labels: ['Ünterwegs', 'WORK'] });
      await writes.seed({ id: taskId(6), owner: BOB, createdAt: minutesLater(1), labels: ['work', 'bobs'] });
    });

    it('lists the owner’s tasks with any of the labels, by key, in the order and status asked for', async () => {
      expect(await list({ labels: ['work'] })).to.deep.equal(ids(1, 3, 5));
      expect(await list({ labels: ['home', 'urgent'] })).to.deep.equal(ids(1, 2));
      expect(await list({ labels: ['ünterwegs'], order: 'desc' })).to.deep.equal(ids(5));
      expect(await list({ labels: ['work'], status: 'pending', sort: 'created_at', order: 'desc' })).to.deep.equal(ids(5, 1));
      expect(await list({ labels: ['nothing'] })).to.deep.equal([]);
      expect(await list({ labels: ['bobs'] })).to.deep.equal([]);
      expect(await list({ labels: ['work'], ownerId: BOB.value })).to.deep.equal(ids(6));
      expect(await walk({ labels: ['work', 'home'] }, 1)).to.deep.equal(ids(1, 2, 3, 5));
    });

    it('answers each of the owner’s labels once, spelled as on their earliest task with it, with its task count', async () => {
      expect(await adapters.readModel.labels(ALICE.value)).to.deep.equal([
        { name: 'home', task_count: 1 },
        { name: 'urgent', task_count: 1 },
        { name: 'Work', task_count: 3 },
        { name: 'Ünterwegs', task_count: 1 },
      ]);
      expect(await adapters.readModel.labels(BOB.value)).to.deep.equal([
        { name: 'bobs', task_count: 1 },
        { name: 'work', task_count: 1 },
      ]);
      expect(await adapters.readModel.labels('user-nobody')).to.deep.equal([]);
    });

    it('shows a task’s labels as it was given them', async () => {
      expect((await adapters.readModel.findOne(ALICE.value, taskId(5)))?.labels).to.deep.equal(['Ünterwegs', 'WORK']);
      expect((await adapters.readModel.findOne(ALICE.value, taskId(4)))?.labels).to.deep.equal([]);
    });
  });

  describe('stats', () => {
    it('counts the owner’s tasks by state, and nobody else’s', async () => {
      await writes.seed({});
      await writes.seed({});
      await writes.seed({ completed: true, updatedAt: minutesLater(1) });
      await writes.seed({ owner: BOB, dueDate: '2026-11-01' });

      expect(await adapters.readModel.stats(ALICE.value, '2026-11-25')).to.deep.equal({ total: 3, pending: 2, completed: 1, overdue: 0, due_today: 0 });
      expect(await adapters.readModel.stats(BOB.value, '2026-11-25')).to.deep.equal({ total: 1, pending: 1, completed: 0, overdue: 1, due_today: 0 });
      expect(await adapters.readModel.stats('user-nobody', '2026-11-25')).to.deep.equal({ total: 0, pending: 0, completed: 0, overdue: 0, due_today: 0 });
    });

    it('counts pending tasks due before today as overdue and those due today as due today; completed ones never', async () => {
      await writes.seed({ dueDate: '2026-11-24' });
      await writes.seed({ dueDate: '1900-01-01' });
      await writes.seed({ dueDate: '2026-11-25' });
      await writes.seed({ dueDate: '2026-11-26' });
      await writes.seed({ dueDate: '9999-12-31' });
      await writes.seed({ dueDate: null });
      await writes.seed({ dueDate: '2026-11-24', completed: true, updatedAt: minutesLater(1) });
      await writes.seed({ dueDate: '2026-11-25', completed: true, updatedAt: minutesLater(1) });

      expect(await adapters.readModel.stats(ALICE.value, '2026-11-25')).to.deep.equal({ total: 8, pending: 6, completed: 2, overdue: 2, due_today: 1 });
      expect(await adapters.readModel.stats(ALICE.value, '2026-11-26')).to.deep.equal({ total: 8, pending: 6, completed: 2, overdue: 3, due_today: 1 });
      expect(await adapters.readModel.stats(ALICE.value, '1900-01-01')).to.deep.equal({ total: 8, pending: 6, completed: 2, overdue: 0, due_today: 1 });
    });
  });

  describe('overdue and due today, in the user’s time zone', () => {
    // 23:30 UTC on the 25th: already the 26th in Auckland, still the 25th in Los Angeles.
    const clock = new ManualClock(new Date('2026-11-25T23:30:00.000Z'));
    const overdue = async (params: { tz?: string; due_after?: string; status?: string } = {}) =>
      (await new ListTasksHandler(adapters.readModel, clock, adapters.listReadModel).handle(new ListTasksQuery(ALICE.value, { ...params, overdue: true, sort: 'due_date' }))).items.map(
        (task: TaskView) => task.id,
      );
    const stats = (tz?: string) => new TaskStatsHandler(adapters.readModel, clock).handle(new TaskStatsQuery(ALICE.value, tz === undefined ? {} : { tz }));

    beforeEach(async () => {
      await writes.seed({ id: taskId(1), dueDate: '2026-11-24' });
      await writes.seed({ id: taskId(2), dueDate: '2026-11-25' });
      await writes.seed({ id: taskId(3), dueDate: '2026-11-26' });
      await writes.seed({ id: taskId(4), dueDate: '2026-11-24', completed: true, updatedAt: minutesLater(1) });
      await writes.seed({ id: taskId(5), dueDate: null });
      await writes.seed({ id: taskId(6), dueDate: '2026-11-20', owner: BOB });
    });

    it('lists the pending tasks due before the user’s today', async () => {
      expect(await overdue()).to.deep.equal(ids(1));
      expect(await overdue({ tz: 'UTC' })).to.deep.equal(ids(1));
      expect(await overdue({ tz: 'America/Los_Angeles' })).to.deep.equal(ids(1));
      expect(await overdue({ tz: 'Pacific/Auckland' })).to.deep.equal(ids(1, 2));
      expect(await overdue({ tz: 'Pacific/Auckland', due_after: '2026-11-25' })).to.deep.equal(ids(2));
      expect(await overdue({ tz: 'Pacific/Auckland', status: 'completed' })).to.deep.equal([]);
    });

    it('counts them, and what is due on the user’s today', async () => {
      expect(await stats()).to.deep.equal({ total: 5, pending: 4, completed: 1, overdue: 1, due_today: 1 });
      expect(await stats('America/Los_Angeles')).to.deep.equal({ total: 5, pending: 4, completed: 1, overdue: 1, due_today: 1 });
      expect(await stats('Pacific/Auckland')).to.deep.equal({ total: 5, pending: 4, completed: 1, overdue: 2, due_today: 1 });
    });
  });
}
