import { expect } from 'chai';
import type { TaskEvent, TaskSnapshot } from '../../../../../src/domain/index.js';
import { InMemoryTaskStore } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-store.js';
import { ALICE, BOB, TaskMother } from '../../../../support/task-mother.js';

function eventFor(task: TaskSnapshot, type: TaskEvent['type'] = 'task.created'): TaskEvent {
  return { type, taskId: task.id, ownerId: task.ownerId, occurredAt: task.updatedAt, task };
}

describe('InMemoryTaskStore', () => {
  it('keeps the latest snapshot of each task', () => {
    const store = new InMemoryTaskStore();
    const task = TaskMother.snapshot();

    store.write(task.id, task, []);
    store.write(task.id, { ...task, title: 'Buy oat milk', version: 2 }, []);

    expect(store.task(task.id)).to.deep.equal({ ...task, title: 'Buy oat milk', version: 2 });
  });

  it('forgets a task written as null', () => {
    const store = new InMemoryTaskStore();
    const task = TaskMother.snapshot();
    store.write(task.id, task, []);

    store.write(task.id, null, [eventFor(task, 'task.deleted')]);

    expect(store.task(task.id)).to.equal(undefined);
    expect(store.tasksOf(ALICE.value)).to.deep.equal([]);
  });

  it("lists only the owner's tasks", () => {
    const store = new InMemoryTaskStore();
    const alices = TaskMother.snapshot({ ownerId: ALICE.value });
    const bobs = TaskMother.snapshot({ ownerId: BOB.value });
    store.write(alices.id, alices, []);
    store.write(bobs.id, bobs, []);

    expect(store.tasksOf(ALICE.value)).to.deep.equal([alices]);
    expect(store.tasksOf(BOB.value)).to.deep.equal([bobs]);
  });

  it('numbers each owner’s events from 1, in the order they were written', () => {
    const store = new InMemoryTaskStore();
    const a1 = TaskMother.snapshot({ ownerId: ALICE.value });
    const b1 = TaskMother.snapshot({ ownerId: BOB.value });
    const a2 = TaskMother.snapshot({ ownerId: ALICE.value });

    store.write(a1.id, a1, [eventFor(a1)]);
    store.write(b1.id, b1, [eventFor(b1)]);
    store.write(a2.id, a2, [eventFor(a2), eventFor(a2, 'task.completed')]);

    expect(store.events(ALICE.value).map(({ seq, event }) => [seq, event.taskId, event.type])).to.deep.equal([
      [1, a1.id, 'task.created'],
      [2, a2.id, 'task.created'],
      [3, a2.id, 'task.completed'],
    ]);
    expect(store.events(BOB.value).map(({ seq, event }) => [seq, event.taskId])).to.deep.equal([[1, b1.id]]);
    expect(store.events().map(({ event }) => event.taskId)).to.deep.equal([a1.id, b1.id, a2.id, a2.id]);
  });

  it('cannot be changed through the objects written to it or read from it', () => {
    const store = new InMemoryTaskStore();
    const written = { ...TaskMother.snapshot(), createdAt: new Date('2026-01-01T00:00:00.000Z') };
    store.write(written.id, written, [eventFor(written)]);

    written.createdAt.setFullYear(1999);
    store.task(written.id)!.updatedAt.setFullYear(1998);
    store.events()[0]!.event.occurredAt.setFullYear(1997);

    expect(store.task(written.id)!.createdAt.toISOString()).to.equal('2026-01-01T00:00:00.000Z');
    expect(store.task(written.id)!.updatedAt.getUTCFullYear()).to.equal(2026);
    expect(store.events()[0]!.event.occurredAt.getUTCFullYear()).to.equal(2026);
  });

  it('goes back to a checkpoint: later tasks, removals, events and numbering are undone', () => {
    const store = new InMemoryTaskStore();
    const kept = TaskMother.snapshot();
    store.write(kept.id, kept, [eventFor(kept)]);
    const checkpoint = store.checkpoint();

    const added = TaskMother.snapshot();
    store.write(added.id, added, [eventFor(added)]);
    store.write(kept.id, null, [eventFor(kept, 'task.deleted')]);
    store.restore(checkpoint);

    expect(store.tasksOf(ALICE.value)).to.deep.equal([kept]);
    expect(store.events().map(({ seq, event }) => [seq, event.taskId])).to.deep.equal([[1, kept.id]]);
    store.write(added.id, added, [eventFor(added)]);
    expect(store.events().map(({ seq }) => seq)).to.deep.equal([1, 2]);
  });
});
