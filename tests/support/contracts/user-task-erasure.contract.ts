/**
 * What every `UserTaskErasure` does: removes one owner's tasks, change log and idempotency keys inside the
 * caller's unit of work, answers how much there was (what the purge preview showed), keeps counting the owner's
 * changes — and touches nobody else's data.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { IdempotencyReservation } from '../../../src/application/ports/idempotency-store.js';
import { TaskId } from '../../../src/domain/index.js';
import { expectRejection } from '../expect-rejection.js';
import { ALICE, BOB, ListWrites, minutesLater, NOW, taskFrom, TaskWrites, type PersistenceAdapters } from './persistence-fixture.js';

export type UserTaskErasureFixture = Pick<
  PersistenceAdapters,
  'erasure' | 'unitOfWork' | 'repository' | 'lists' | 'readModel' | 'changeLog' | 'idempotency' | 'admin' | 'idLookup'
>;

const POLICY = { ttlSeconds: 86_400, staleAfterSeconds: 60 };

export function userTaskErasureContract(fixture: () => Promise<UserTaskErasureFixture>): void {
  let adapters: UserTaskErasureFixture;
  let writes: TaskWrites;
  let alices: TaskId;
  let bobs: TaskId;

  const reservation = (ownerId: string, key: string): IdempotencyReservation => ({ ownerId, key, fingerprint: 'f', attempt: randomUUID() });
  const erase = (ownerId: string) => adapters.unitOfWork.run((stores) => stores.erasure.erase(ownerId));
  const all = (ownerId: string) =>
    adapters.readModel.list({ ownerId, status: 'all', sort: 'created_at', order: 'asc', search: null, priorities: null, due: null, after: null, limit: 100 });

  beforeEach(async () => {
    adapters = await fixture();
    writes = new TaskWrites(adapters);
    // Interleaved with Bob's, so erasing Alice's entries takes them from among his.
    alices = await writes.create(ALICE, NOW, 'kept until erased');
    bobs = await writes.create(BOB, NOW, 'Bob’s');
    const gone = await writes.create(ALICE, minutesLater(1), 'deleted');
    await writes.remove(ALICE, gone, minutesLater(2));
    await writes.toggle(BOB, bobs, minutesLater(3));
    for (const [owner, key] of [
      [ALICE.value, 'a1'],
      [ALICE.value, 'a2'],
      [BOB.value, 'b1'],
    ] as const) {
      const attempt = reservation(owner, key);
      await adapters.idempotency.claim(attempt, POLICY);
      await adapters.unitOfWork.run((stores) => stores.idempotency.complete(attempt, { title: 'kept answer' }));
    }
  });

  it('removes the owner’s tasks and change log, answering how many tasks and changes there were', async () => {
    expect(await erase(ALICE.value)).to.deep.equal({ tasks: 1, lists: 0, events: 3 });

    expect(await all(ALICE.value)).to.deep.equal([]);
    expect(await adapters.readModel.findOne(ALICE.value, alices.value)).to.equal(null);
    expect(await adapters.readModel.stats(ALICE.value, '2026-11-25')).to.include({ total: 0 });
    expect(await adapters.changeLog.readAfter(ALICE.value, 0, 100)).to.deep.equal([]);
    expect(await adapters.admin.footprint(ALICE.value)).to.deep.equal({ tasks: 0, lists: 0, events: 0 });
    expect(await adapters.admin.allTasksOf(ALICE.value)).to.deep.equal([]);
    expect(await adapters.idLookup.taken([alices.value])).to.deep.equal(new Set());
  });

  it('removes the owner’s lists too, counting them, and only theirs', async () => {
    const lists = new ListWrites(adapters);
    const work = await lists.create(ALICE, minutesLater(4), 'Work');
    const bobsWork = await lists.create(BOB, minutesLater(4), 'Work');
    expect(await adapters.admin.footprint(ALICE.value)).to.deep.equal({ tasks: 1, lists: 1, events: 4 });

    expect(await erase(ALICE.value)).to.deep.equal({ tasks: 1, lists: 1, events: 4 });

    expect(await adapters.unitOfWork.run((stores) => stores.lists.findOwned(ALICE, work))).to.equal(null);
    expect(await adapters.unitOfWork.run((stores) => stores.lists.findOwned(BOB, bobsWork))).to.not.equal(null);
    expect(await adapters.admin.footprint(ALICE.value)).to.deep.equal({ tasks: 0, lists: 0, events: 0 });
    expect(await adapters.admin.footprint(BOB.value)).to.deep.equal({ tasks: 1, lists: 1, events: 3 });
    // The name is free again, and the owner's lists are counted from none.
    await lists.create(ALICE, minutesLater(5), 'Work');
    expect(await adapters.admin.footprint(ALICE.value)).to.deep.equal({ tasks: 0, lists: 1, events: 1 });
    expect((await adapters.changeLog.readAfter(ALICE.value, 0, 10)).map((change) => [change.seq, change.type])).to.deep.equal([[5, 'list.created']]);
  });

  it('removes subtasks with their parents', async () => {
    const child = await writes.createUnder(ALICE, alices, minutesLater(4), 'child');
    await writes.createUnder(ALICE, child, minutesLater(5), 'grandchild');

    expect(await erase(ALICE.value)).to.deep.include({ tasks: 3 });

    expect(await all(ALICE.value)).to.deep.equal([]);
  });

  it('answers what the purge preview (the admin’s footprint) said just before', async () => {
    const preview = await adapters.admin.footprint(ALICE.value);

    expect(await erase(ALICE.value)).to.deep.equal(preview);
  });

  it('forgets the owner’s idempotency keys, and only theirs', async () => {
    await erase(ALICE.value);

    expect(await adapters.idempotency.claim(reservation(BOB.value, 'b1'), POLICY)).to.deep.include({ state: 'completed', response: { title: 'kept answer' } });
    expect(await adapters.idempotency.claim(reservation(ALICE.value, 'a1'), POLICY)).to.deep.equal({ state: 'acquired' });
    expect(await adapters.idempotency.claim(reservation(ALICE.value, 'a2'), POLICY)).to.deep.equal({ state: 'acquired' });
  });

  it('keeps everyone else’s tasks, changes and numbering', async () => {
    const bobsTasks = await all(BOB.value);
    const bobsLog = await adapters.changeLog.readAfter(BOB.value, 0, 100);

    await erase(ALICE.value);

    expect(await all(BOB.value)).to.deep.equal(bobsTasks);
    expect(await adapters.changeLog.readAfter(BOB.value, 0, 100)).to.deep.equal(bobsLog);
    expect(await adapters.changeLog.position(BOB.value)).to.deep.equal({ lastSeq: 2, erasedThrough: 0, compactedThrough: 0 });
    expect(await adapters.admin.footprint(BOB.value)).to.deep.equal({ tasks: 1, lists: 0, events: 2 });
    await writes.toggle(BOB, bobs, minutesLater(4));
    expect((await adapters.changeLog.readAfter(BOB.value, 0, 100)).map((change) => change.seq)).to.deep.equal([1, 2, 3]);
  });

  it('goes on numbering the owner’s changes after the erased ones', async () => {
    await erase(ALICE.value);

    await writes.create(ALICE, minutesLater(5));

    expect((await adapters.changeLog.readAfter(ALICE.value, 0, 100)).map((change) => change.seq)).to.deep.equal([4]);
    expect(await adapters.changeLog.position(ALICE.value)).to.deep.equal({ lastSeq: 4, erasedThrough: 3, compactedThrough: 0 });
  });

  it('erases again what came after an earlier erasure, and only that', async () => {
    await erase(ALICE.value);
    await writes.create(ALICE, minutesLater(5));

    expect(await erase(ALICE.value)).to.deep.equal({ tasks: 1, lists: 0, events: 1 });
    expect(await adapters.changeLog.position(ALICE.value)).to.deep.equal({ lastSeq: 4, erasedThrough: 4, compactedThrough: 0 });
  });

  it('is undone with the rest of a unit of work that fails: tasks, changes and idempotency keys', async () => {
    const tasksBefore = await all(ALICE.value);
    const logBefore = await adapters.changeLog.readAfter(ALICE.value, 0, 100);
    const bobsLogBefore = await adapters.changeLog.readAfter(BOB.value, 0, 100);

    await expectRejection(
      adapters.unitOfWork.run(async (stores) => {
        await stores.erasure.erase(ALICE.value);
        await stores.tasks.persist(taskFrom({ owner: BOB }));
        throw new Error('failed after the erasure');
      }),
      Error,
    );

    expect(await all(ALICE.value)).to.deep.equal(tasksBefore);
    expect(await adapters.changeLog.readAfter(ALICE.value, 0, 100)).to.deep.equal(logBefore);
    expect(await adapters.changeLog.readAfter(BOB.value, 0, 100)).to.deep.equal(bobsLogBefore);
    expect(await adapters.changeLog.position(ALICE.value)).to.deep.equal({ lastSeq: 3, erasedThrough: 0, compactedThrough: 0 });
    expect(await adapters.idempotency.claim(reservation(ALICE.value, 'a1'), POLICY)).to.deep.include({ state: 'completed' });
    await writes.create(ALICE, minutesLater(5));
    expect((await adapters.changeLog.readAfter(ALICE.value, 0, 100)).map((change) => change.seq)).to.deep.equal([1, 2, 3, 4]);
  });

  it('answers zeros for an owner it holds nothing about, and changes nothing else', async () => {
    expect(await erase('user-nobody')).to.deep.equal({ tasks: 0, lists: 0, events: 0 });

    expect(await adapters.changeLog.position('user-nobody')).to.deep.equal({ lastSeq: 0, erasedThrough: 0, compactedThrough: 0 });
    expect(await adapters.admin.footprint(ALICE.value)).to.deep.equal({ tasks: 1, lists: 0, events: 3 });
    expect(await adapters.admin.footprint(BOB.value)).to.deep.equal({ tasks: 1, lists: 0, events: 2 });
  });
}
