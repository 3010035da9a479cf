import { expect } from 'chai';
import type { TaskListCriteria } from '../../../../../src/application/ports/task-read-model.js';
import type { TaskSnapshot } from '../../../../../src/domain/index.js';
import { InMemoryTaskReadModel } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-read-model.js';
import { InMemoryTaskStore } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-store.js';
import { ALICE, BOB, TaskMother } from '../../../../support/task-mother.js';

const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 10, minute));

describe('InMemoryTaskReadModel', () => {
  let store: InMemoryTaskStore;
  let readModel: InMemoryTaskReadModel;

  function put(overrides: Partial<TaskSnapshot>): TaskSnapshot {
    const task = TaskMother.snapshot(overrides);
    store.write(task.id, task, []);
    return task;
  }

  function list(criteria: Partial<TaskListCriteria> = {}): Promise<string[]> {
    return readModel
      .list({
        ownerId: ALICE.value,
        status: 'all',
        sort: 'created_at',
        order: 'asc',
        search: null,
        priorities: null,
        due: null,
        after: null,
        limit: 100,
        ...criteria,
      })
      .then((tasks) => tasks.map((task) => task.id));
  }

  beforeEach(() => {
    store = new InMemoryTaskStore();
    readModel = new InMemoryTaskReadModel(store);
  });

  describe('findOne', () => {
    it('answers the owner’s task in its wire shape', async () => {
      const completedAt = at(5);
      const task = put({ id: id(1), description: 'Semi-skimmed', completed: true, completedAt, updatedAt: completedAt, version: 2 });

      expect(await readModel.findOne(ALICE.value, task.id)).to.deep.equal({
        id: id(1),
        user_id: ALICE.value,
        title: 'Buy milk',
        description: 'Semi-skimmed',
        due_date: null,
        priority: 'none',
        completed: true,
        completed_at: '2026-11-25T10:05:00.000Z',
        created_at: '2026-11-25T10:00:00.000Z',
        updated_at: '2026-11-25T10:05:00.000Z',
        version: 2,
      });
    });

    it('answers null for another owner’s task or an unknown id', async () => {
      const task = put({});

      expect(await readModel.findOne(BOB.value, task.id)).to.equal(null);
      expect(await readModel.findOne(ALICE.value, id(99))).to.equal(null);
    });
  });

  describe('list', () => {
    it('lists only the owner’s tasks', async () => {
      put({ id: id(1) });
      put({ id: id(2), ownerId: BOB.value });

      expect(await list()).to.deep.equal([id(1)]);
    });

    it('filters by status', async () => {
      put({ id: id(1) });
      put({ id: id(2), completed: true, completedAt: at(1) });

      expect(await list({ status: 'pending' })).to.deep.equal([id(1)]);
      expect(await list({ status: 'completed' })).to.deep.equal([id(2)]);
      expect(await list({ status: 'all' })).to.deep.equal([id(1), id(2)]);
    });

    it('searches title and description for a substring, ignoring case and taking the text literally', async () => {
      put({ id: id(1), title: 'Buy MILK' });
      put({ id: id(2), title: 'Shopping', description: 'oat milk, bread' });
      put({ id: id(3), title: 'Walk the dog', description: null });
      put({ id: id(4), title: 'Discount 100% on milk_shakes' });

      expect(await list({ search: 'milk' })).to.deep.equal([id(1), id(2), id(4)]);
      expect(await list({ search: 'Oat Milk' })).to.deep.equal([id(2)]);
      expect(await list({ search: '100%' })).to.deep.equal([id(4)]);
      expect(await list({ search: 'k_s' })).to.deep.equal([id(4)]);
      expect(await list({ search: '%' })).to.deep.equal([id(4)]);
      expect(await list({ search: 'cat' })).to.deep.equal([]);
    });

    it('sorts by each field in both orders, breaking ties by id in the same direction', async () => {
      put({ id: id(3), title: 'b', createdAt: at(1), updatedAt: at(9) });
      put({ id: id(1), title: 'a', createdAt: at(2), updatedAt: at(8) });
      put({ id: id(2), title: 'b', createdAt: at(1), updatedAt: at(7) });
      put({ id: id(4), title: 'c', createdAt: at(3), updatedAt: at(8) });

      expect(await list({ sort: 'created_at', order: 'asc' })).to.deep.equal([id(2), id(3), id(1), id(4)]);
      expect(await list({ sort: 'created_at', order: 'desc' })).to.deep.equal([id(4), id(1), id(3), id(2)]);
      expect(await list({ sort: 'updated_at', order: 'asc' })).to.deep.equal([id(2), id(1), id(4), id(3)]);
      expect(await list({ sort: 'updated_at', order: 'desc' })).to.deep.equal([id(3), id(4), id(1), id(2)]);
      expect(await list({ sort: 'title', order: 'asc' })).to.deep.equal([id(1), id(2), id(3), id(4)]);
      expect(await list({ sort: 'title', order: 'desc' })).to.deep.equal([id(4), id(3), id(2), id(1)]);
    });

    it('starts strictly after the keyset it is given, in the order asked for', async () => {
      put({ id: id(1), title: 'a' });
      put({ id: id(2), title: 'b' });
      put({ id: id(3), title: 'b' });
      put({ id: id(4), title: 'c' });

      expect(await list({ sort: 'title', order: 'asc', after: { value: 'b', id: id(2) } })).to.deep.equal([id(3), id(4)]);
      expect(await list({ sort: 'title', order: 'desc', after: { value: 'b', id: id(3) } })).to.deep.equal([id(2), id(1)]);
      // A keyset whose task is gone still marks a position.
      expect(await list({ sort: 'title', order: 'asc', after: { value: 'bb', id: id(0) } })).to.deep.equal([id(4)]);
    });

    it('sorts by priority by rank, not by name, ties broken by id in the same direction', async () => {
      put({ id: id(1), priority: 'low' });
      put({ id: id(2), priority: 'high' });
      put({ id: id(3), priority: 'none' });
      put({ id: id(4), priority: 'medium' });
      put({ id: id(5), priority: 'high' });

      expect(await list({ sort: 'priority', order: 'desc' })).to.deep.equal([id(5), id(2), id(4), id(1), id(3)]);
      expect(await list({ sort: 'priority', order: 'asc' })).to.deep.equal([id(3), id(1), id(4), id(2), id(5)]);
      expect(await list({ sort: 'priority', order: 'desc', after: { value: 'high', id: id(2) } })).to.deep.equal([id(4), id(1), id(3)]);
    });

    it('sorts by due date with tasks without one last in both orders, and pages through them by id', async () => {
      put({ id: id(1), dueDate: '2026-12-24' });
      put({ id: id(2), dueDate: null });
      put({ id: id(3), dueDate: '2026-12-01' });
      put({ id: id(4), dueDate: null });
      put({ id: id(5), dueDate: '2026-12-24' });

      expect(await list({ sort: 'due_date', order: 'asc' })).to.deep.equal([id(3), id(1), id(5), id(2), id(4)]);
      expect(await list({ sort: 'due_date', order: 'desc' })).to.deep.equal([id(5), id(1), id(3), id(4), id(2)]);
      expect(await list({ sort: 'due_date', order: 'asc', after: { value: '2026-12-24', id: id(5) } })).to.deep.equal([id(2), id(4)]);
      expect(await list({ sort: 'due_date', order: 'asc', after: { value: null, id: id(2) } })).to.deep.equal([id(4)]);
      expect(await list({ sort: 'due_date', order: 'desc', after: { value: '2026-12-01', id: id(3) } })).to.deep.equal([id(4), id(2)]);
      expect(await list({ sort: 'due_date', order: 'desc', after: { value: null, id: id(4) } })).to.deep.equal([id(2)]);
    });

    it('filters by priorities and by a range of due days, both days included', async () => {
      put({ id: id(1), priority: 'high', dueDate: '2026-12-01' });
      put({ id: id(2), priority: 'low', dueDate: '2026-12-02' });
      put({ id: id(3), priority: 'none', dueDate: null });
      put({ id: id(4), priority: 'high', dueDate: '2026-12-03' });

      expect(await list({ priorities: ['high'] })).to.deep.equal([id(1), id(4)]);
      expect(await list({ priorities: ['low', 'none'] })).to.deep.equal([id(2), id(3)]);
      expect(await list({ due: { from: '2026-12-02', to: '2026-12-03' } })).to.deep.equal([id(2), id(4)]);
      expect(await list({ due: { from: '1900-01-01', to: '9999-12-31' } })).to.deep.equal([id(1), id(2), id(4)]);
      expect(await list({ due: { from: '2026-12-01', to: '2026-12-02' }, priorities: ['high'] })).to.deep.equal([id(1)]);
    });

    it('answers at most `limit` tasks', async () => {
      for (let n = 1; n <= 5; n++) put({ id: id(n) });

      expect(await list({ limit: 3 })).to.deep.equal([id(1), id(2), id(3)]);
    });
  });

  describe('stats', () => {
    it('counts the owner’s tasks by state', async () => {
      put({});
      put({});
      put({ completed: true, completedAt: at(1) });
      put({ ownerId: BOB.value });

      expect(await readModel.stats(ALICE.value, '2026-11-25')).to.deep.equal({ total: 3, pending: 2, completed: 1, overdue: 0, due_today: 0 });
      expect(await readModel.stats('nobody', '2026-11-25')).to.deep.equal({ total: 0, pending: 0, completed: 0, overdue: 0, due_today: 0 });
    });

    it('counts pending tasks due before today as overdue and those due today as due today; completed ones never', async () => {
      put({ dueDate: '2026-11-24' });
      put({ dueDate: '1900-01-01' });
      put({ dueDate: '2026-11-25' });
      put({ dueDate: '2026-11-26' });
      put({ dueDate: null });
      put({ dueDate: '2026-11-24', completed: true, completedAt: at(1) });
      put({ dueDate: '2026-11-25', completed: true, completedAt: at(1) });

      expect(await readModel.stats(ALICE.value, '2026-11-25')).to.deep.equal({ total: 7, pending: 5, completed: 2, overdue: 2, due_today: 1 });
    });
  });
});
