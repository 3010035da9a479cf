import { expect } from 'chai';
import type { TaskEvent, TaskSnapshot } from '../../../../../src/domain/index.js';
import { InMemoryIdempotencyStore } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-idempotency-store.js';
import { InMemoryTaskStore } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-task-store.js';
import { InMemoryUnitOfWork } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-unit-of-work.js';
import { InMemoryUserTaskErasure } from '../../../../../src/infrastructure/persistence/in-memory/in-memory-user-task-erasure.js';
import { expectRejection } from '../../../../support/expect-rejection.js';
import { ManualClock } from '../../../../../src/infrastructure/system/manual-clock.js';
import { ALICE, BOB, CREATED_AT, TaskMother } from '../../../../support/task-mother.js';

const POLICY = { ttlSeconds: 86_400, staleAfterSeconds: 60 };

function eventFor(task: TaskSnapshot, type: TaskEvent['type'] = 'task.created'): TaskEvent {
  return { type, taskId: task.id, ownerId: task.ownerId, occurredAt: task.updatedAt, task };
}

describe('InMemoryUserTaskErasure', () => {
  let store: InMemoryTaskStore;
  let idempotency: InMemoryIdempotencyStore;
  let erasure: InMemoryUserTaskErasure;
  let alices: TaskSnapshot;
  let bobs: TaskSnapshot;

  beforeEach(() => {
    store = new InMemoryTaskStore();
    idempotency = new InMemoryIdempotencyStore(new ManualClock(CREATED_AT), new InMemoryUnitOfWork(store));
    erasure = new InMemoryUserTaskErasure(store, idempotency);
    alices = TaskMother.snapshot({ ownerId: ALICE.value });
    bobs = TaskMother.snapshot({ ownerId: BOB.value });
    // Interleaved, so erasing Alice's entries takes them from the middle of the log.
    store.write(alices.id, alices, [eventFor(alices)]);
    store.write(bobs.id, bobs, [eventFor(bobs)]);
    const gone = TaskMother.snapshot({ ownerId: ALICE.value });
    store.write(gone.id, gone, [eventFor(gone)]);
    store.write(gone.id, null, [eventFor(gone, 'task.deleted')]);
  });

  it('removes the owner’s tasks and events, answering how many there were', async () => {
    expect(await erasure.erase(ALICE.value)).to.deep.equal({ tasks: 1, events: 3 });

    expect(store.tasksOf(ALICE.value)).to.deep.equal([]);
    expect(store.events(ALICE.value)).to.deep.equal([]);
    expect(store.task(alices.id)).to.equal(undefined);
  });

  it('keeps everyone else’s tasks, events and numbering', async () => {
    await erasure.erase(ALICE.value);

    expect(store.allTasks()).to.deep.equal([bobs]);
    expect(store.events().map(({ seq, event }) => [seq, event.ownerId])).to.deep.equal([[1, BOB.value]]);
    store.write(bobs.id, { ...bobs, version: 2 }, [eventFor(bobs, 'task.updated')]);
    expect(store.events(BOB.value).map(({ seq }) => seq)).to.deep.equal([1, 2]);
  });

  it('forgets the owner’s idempotency keys, and only theirs', async () => {
    const reservation = (ownerId: string, key: string) => ({ ownerId, key, fingerprint: 'f', attempt: `${ownerId}-${key}` });
    for (const [owner, key] of [[ALICE.value, 'a1'], [ALICE.value, 'a2'], [BOB.value, 'b1']] as const) {
      await idempotency.claim(reservation(owner, key), POLICY);
      await idempotency.complete(reservation(owner, key), { title: 'kept answer' });
    }

    await erasure.erase(ALICE.value);

    expect(idempotency.size).to.equal(1);
    expect(await idempotency.claim(reservation(BOB.value, 'b1'), POLICY)).to.deep.include({ state: 'completed' });
    expect(await idempotency.claim(reservation(ALICE.value, 'a1'), POLICY)).to.deep.equal({ state: 'acquired' });
  });

  it('goes on numbering the owner’s events after the erased ones', async () => {
    await erasure.erase(ALICE.value);

    const next = TaskMother.snapshot({ ownerId: ALICE.value });
    store.write(next.id, next, [eventFor(next)]);

    expect(store.events(ALICE.value).map(({ seq }) => seq)).to.deep.equal([4]);
    expect(store.positionOf(ALICE.value)).to.deep.equal({ lastSeq: 4, erasedThrough: 3, compactedThrough: 0 });
  });

  it('is undone with the rest of a unit of work that fails', async () => {
    const unitOfWork = new InMemoryUnitOfWork(store);
    const tasksBefore = store.allTasks();
    const eventsBefore = store.events();

    await expectRejection(
      unitOfWork.run(async () => {
        await erasure.erase(ALICE.value);
        const later = TaskMother.snapshot({ ownerId: BOB.value });
        store.write(later.id, later, [eventFor(later)]);
        throw new Error('failed after the erasure');
      }),
      Error,
    );

    expect(store.allTasks()).to.deep.equal(tasksBefore);
    expect(store.events()).to.deep.equal(eventsBefore);
    const next = TaskMother.snapshot({ ownerId: ALICE.value });
    store.write(next.id, next, [eventFor(next)]);
    expect(store.events(ALICE.value).map(({ seq }) => seq)).to.deep.equal([1, 2, 3, 4]);
  });

  it('answers zeros for an owner it holds nothing about', async () => {
    expect(await erasure.erase('nobody')).to.deep.equal({ tasks: 0, events: 0 });
    expect(store.events()).to.have.length(4);
  });
});
