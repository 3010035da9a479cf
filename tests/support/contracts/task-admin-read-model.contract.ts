/**
 * What every `TaskAdminReadModel` reads for operators: counts per user (the one read across users, counts
 * only), one user's tasks oldest first, their lists and tasks together, and how much is held about a user.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { toListView } from '../../../src/application/list-view.js';
import { ListId, ListName, Position, TaskList, UserId } from '../../../src/domain/index.js';
import { ALICE, BOB, minutesLater, NOW, taskId, TaskWrites, type PersistenceAdapters } from './persistence-fixture.js';

export type TaskAdminReadModelFixture = Pick<PersistenceAdapters, 'admin' | 'repository' | 'lists' | 'unitOfWork' | 'readModel' | 'erasure'>;

export function taskAdminReadModelContract(fixture: () => Promise<TaskAdminReadModelFixture>): void {
  let adapters: TaskAdminReadModelFixture;
  let writes: TaskWrites;

  beforeEach(async () => {
    adapters = await fixture();
    writes = new TaskWrites(adapters);
  });

  describe('statsByUser', () => {
    it('counts every user’s tasks by state, ordered by user id, or one user’s only when asked', async () => {
      await writes.seed({ owner: BOB, completed: true });
      await writes.seed({ owner: BOB });
      await writes.seed({ owner: ALICE });
      await writes.seed({ owner: UserId.from('user-carol'), completed: true });

      expect(await adapters.admin.statsByUser()).to.deep.equal([
        { user_id: ALICE.value, total: 1, pending: 1, completed: 0 },
        { user_id: BOB.value, total: 2, pending: 1, completed: 1 },
        { user_id: 'user-carol', total: 1, pending: 0, completed: 1 },
      ]);
      expect(await adapters.admin.statsByUser(BOB.value)).to.deep.equal([{ user_id: BOB.value, total: 2, pending: 1, completed: 1 }]);
      expect(await adapters.admin.statsByUser('user-nobody')).to.deep.equal([]);
    });

    it('leaves out users whose tasks are all gone', async () => {
      const id = await writes.create(BOB, NOW);
      await writes.remove(BOB, id, minutesLater(1));
      await writes.seed({ owner: ALICE });
      await writes.seed({ owner: UserId.from('user-carol') });
      await adapters.unitOfWork.run((stores) => stores.erasure.erase('user-carol'));

      expect(await adapters.admin.statsByUser()).to.deep.equal([{ user_id: ALICE.value, total: 1, pending: 1, completed: 0 }]);
      expect(await adapters.admin.statsByUser(BOB.value)).to.deep.equal([]);
    });

    it('answers nothing when nobody has tasks', async () => {
      expect(await adapters.admin.statsByUser()).to.deep.equal([]);
    });
  });

  describe('allTasksOf', () => {
    it('reads all of one user’s tasks oldest first, ties broken by id, in the shape the other reads give', async () => {
      const later = await writes.seed({ id: taskId(1), createdAt: minutesLater(1) });
      const second = await writes.seed({ id: taskId(3), title: 'Second', dueDate: '2026-12-24', priority: 'high' });
      const first = await writes.seed({ id: taskId(2), title: 'First', completed: true, updatedAt: minutesLater(2) });
      await writes.seed({ id: taskId(4), owner: BOB });

      const tasks = await adapters.admin.allTasksOf(ALICE.value);

      expect(tasks).to.deep.equal([first, second, later]);
      for (const task of tasks) expect(task).to.deep.equal(await adapters.readModel.findOne(ALICE.value, task.id));
    });

    it('reads nothing for a user without tasks', async () => {
      await writes.seed({ owner: BOB });

      expect(await adapters.admin.allTasksOf(ALICE.value)).to.deep.equal([]);
    });
  });

  describe('listsAndTasksOf', () => {
    const storeList = async (name: string, position: string, owner = ALICE) => {
      const list = TaskList.create({ id: ListId.from(randomUUID()), owner, name: ListName.from(name), position: Position.from(position), now: NOW });
      await adapters.unitOfWork.run((stores) => stores.lists.persist(list));
      return toListView(list.snapshot());
    };

    it('reads the owner’s lists in their order and all their tasks, in the shapes the other reads give', async () => {
      const work = await storeList('Work', 'a5');
      const home = await storeList('Home', 'a3');
      await storeList('Bob’s', 'a4', BOB);
      await writes.seed({ id: taskId(2), createdAt: minutesLater(1) });
      await writes.seed({ id: taskId(1), title: 'Second' });
      await writes.seed({ owner: BOB });

      const { lists, tasks } = await adapters.admin.listsAndTasksOf(ALICE.value);

      expect(tasks).to.deep.equal(await adapters.admin.allTasksOf(ALICE.value));
      expect(tasks.map((task) => task.id)).to.deep.equal([taskId(1), taskId(2)]);
      // Beside the inbox the tasks are in, where the storage keeps one.
      expect(lists.filter((list) => !list.is_inbox)).to.deep.equal([home, work]);
    });

    it('reads nothing for a user without lists or tasks', async () => {
      await storeList('Bob’s', 'a4', BOB);

      expect(await adapters.admin.listsAndTasksOf(ALICE.value)).to.deep.equal({ lists: [], tasks: [] });
    });
  });

  describe('footprint', () => {
    it('measures what is held about a user: tasks, and changes including those of deleted tasks', async () => {
      await writes.seed({});
      const gone = await writes.create(ALICE, NOW);
      await writes.remove(ALICE, gone, minutesLater(1));
      await writes.seed({ owner: BOB });

      expect(await adapters.admin.footprint(ALICE.value)).to.deep.equal({ tasks: 1, lists: 0, events: 3 });
      expect(await adapters.admin.footprint(BOB.value)).to.deep.equal({ tasks: 1, lists: 0, events: 1 });
      expect(await adapters.admin.footprint('user-nobody')).to.deep.equal({ tasks: 0, lists: 0, events: 0 });
    });
  });
}
