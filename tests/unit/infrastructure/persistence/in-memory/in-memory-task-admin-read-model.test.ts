import { expect } from 'chai';
import { toTaskView } from '../../../../../src/application/task-view.js';
import type { TaskEvent, TaskSnapshot } from '../../../../../src/domain/index.js';
import { InMemoryTaskAdminReadModel } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-admin-read-model.js';
import { InMemoryTaskStore } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-store.js';
import { ALICE, BOB, CREATED_AT, TaskMother } from '../../../../support/task-mother.js';

function eventFor(task: TaskSnapshot, type: TaskEvent['type'] = 'task.created'): TaskEvent {
  return { type, taskId: task.id, ownerId: task.ownerId, occurredAt: task.updatedAt, task };
}

describe('InMemoryTaskAdminReadModel', () => {
  let store: InMemoryTaskStore;
  let admin: InMemoryTaskAdminReadModel;

  /** Stores the task with its creation event. */
  const keep = (task: TaskSnapshot) => {
    store.write(task.id, task, [eventFor(task)]);
    return task;
  };

  beforeEach(() => {
    store = new InMemoryTaskStore();
    admin = new InMemoryTaskAdminReadModel(store);
  });

  it('counts tasks per owner, ordered by owner id, or for one owner', async () => {
    keep(TaskMother.snapshot({ ownerId: BOB.value, completed: true, completedAt: CREATED_AT }));
    keep(TaskMother.snapshot({ ownerId: BOB.value }));
    keep(TaskMother.snapshot({ ownerId: ALICE.value }));

    expect(await admin.statsByUser()).to.deep.equal([
      { user_id: ALICE.value, total: 1, pending: 1, completed: 0 },
      { user_id: BOB.value, total: 2, pending: 1, completed: 1 },
    ]);
    expect(await admin.statsByUser(BOB.value)).to.deep.equal([{ user_id: BOB.value, total: 2, pending: 1, completed: 1 }]);
    expect(await admin.statsByUser('nobody')).to.deep.equal([]);
  });

  it('lists all of one owner’s tasks oldest first, ties broken by id', async () => {
    const later = keep(TaskMother.snapshot({ createdAt: new Date(CREATED_AT.getTime() + 1), updatedAt: new Date(CREATED_AT.getTime() + 1) }));
    const [first, second] = [TaskMother.snapshot(), TaskMother.snapshot()].sort((a, b) => (a.id < b.id ? -1 : 1));
    keep(second!);
    keep(first!);
    keep(TaskMother.snapshot({ ownerId: BOB.value }));

    expect(await admin.allTasksOf(ALICE.value)).to.deep.equal([first!, second!, later].map(toTaskView));
  });

  it('measures what it holds about an owner: tasks, and events including those of deleted tasks', async () => {
    keep(TaskMother.snapshot());
    const gone = keep(TaskMother.snapshot());
    store.write(gone.id, null, [eventFor(gone, 'task.deleted')]);
    keep(TaskMother.snapshot({ ownerId: BOB.value }));

    expect(await admin.footprint(ALICE.value)).to.deep.equal({ tasks: 1, events: 3 });
    expect(await admin.footprint('nobody')).to.deep.equal({ tasks: 0, events: 0 });
  });
});
