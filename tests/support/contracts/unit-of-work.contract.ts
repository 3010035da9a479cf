/**
 * What every `UnitOfWork` does with the writes made through the repository in it: they commit together, or a
 * failure leaves none of them behind — no task, no change of one, no event — and runs under way at once stay apart,
 * each with the stores it was handed.
 */
import { expect } from 'chai';
import { TaskId, TaskTitle, type Task } from '../../../src/domain/index.js';
import { expectRejection } from '../expect-rejection.js';
import { ALICE, BOB, minutesLater, taskFrom, TaskWrites, type PersistenceAdapters } from './persistence-fixture.js';

export type UnitOfWorkFixture = Pick<PersistenceAdapters, 'unitOfWork' | 'repository' | 'readModel' | 'changeLog'>;

export function unitOfWorkContract(fixture: () => Promise<UnitOfWorkFixture>): void {
  let adapters: UnitOfWorkFixture;
  let writes: TaskWrites;

  beforeEach(async () => {
    adapters = await fixture();
    writes = new TaskWrites(adapters);
  });

  const later = minutesLater(1);
  const titlesOf = async (ownerId: string) =>
    (await adapters.readModel.list({
      ownerId,
      status: 'all',
      sort: 'title',
      order: 'asc',
      search: null,
      priorities: null,
      due: null,
      after: null,
      limit: 100,
    })).map((task) => task.title);
  const seqsOf = async (ownerId: string) => (await adapters.changeLog.readAfter(ownerId, 0, 100)).map((change) => change.seq);

  it('answers what the work answers, and keeps everything it wrote', async () => {
    const first = taskFrom({ title: 'first' });
    const second = taskFrom({ title: 'second' });

    const answer = await adapters.unitOfWork.run(async (stores) => {
      await stores.tasks.persist(first);
      await stores.tasks.persist(second);
      return 'done';
    });

    expect(answer).to.equal('done');
    expect(await titlesOf(ALICE.value)).to.deep.equal(['first', 'second']);
    expect(await seqsOf(ALICE.value)).to.deep.equal([1, 2]);
  });

  it('undoes every write of a failing run — a create, a change, a deletion — and rethrows its error', async () => {
    const kept = await writes.seed({ title: 'kept' });
    const changed = await writes.seed({ title: 'changed' });
    const deleted = await writes.seed({ title: 'deleted' });
    const failure = new Error('failure after the writes');

    const error = await expectRejection(
      adapters.unitOfWork.run(async (stores) => {
        await stores.tasks.persist(taskFrom({ title: 'doomed' }));
        const renamed = (await stores.tasks.findOwned(ALICE, TaskId.from(changed.id)))!;
        renamed.rename(ALICE, TaskTitle.from('renamed'), later);
        await stores.tasks.persist(renamed);
        const removed = (await stores.tasks.findOwned(ALICE, TaskId.from(deleted.id)))!;
        removed.delete(ALICE, later);
        await stores.tasks.persist(removed);
        throw failure;
      }),
      Error,
    );

    expect(error).to.equal(failure);
    expect(await titlesOf(ALICE.value)).to.deep.equal(['changed', 'deleted', 'kept']);
    for (const task of [kept, changed, deleted]) expect(await adapters.readModel.findOne(ALICE.value, task.id)).to.deep.equal(task);
    expect(await seqsOf(ALICE.value)).to.deep.equal([1, 2, 3]);
    expect(await adapters.changeLog.position(ALICE.value)).to.deep.equal({ lastSeq: 3, erasedThrough: 0, compactedThrough: 0 });
    // Numbering goes on from where the committed changes left it.
    await writes.seed({ title: 'next' });
    expect(await seqsOf(ALICE.value)).to.deep.equal([1, 2, 3, 4]);
  });

  it('leaves nothing of a failed run of an owner who had nothing before', async () => {
    const task = taskFrom({ owner: BOB });

    await expectRejection(
      adapters.unitOfWork.run(async (stores) => {
        await stores.tasks.persist(task);
        throw new Error('failure after the write');
      }),
      Error,
    );

    expect(await adapters.readModel.findOne(BOB.value, task.id.value)).to.equal(null);
    expect(await seqsOf(BOB.value)).to.deep.equal([]);
    expect(await adapters.changeLog.position(BOB.value)).to.deep.equal({ lastSeq: 0, erasedThrough: 0, compactedThrough: 0 });
    expect(await adapters.readModel.stats(BOB.value, '2026-11-25')).to.deep.equal({ total: 0, pending: 0, completed: 0, overdue: 0, due_today: 0 });
  });

  it('goes on with the next run after one fails', async () => {
    await expectRejection(
      adapters.unitOfWork.run(async () => {
        throw new Error('boom');
      }),
      Error,
    );

    expect(await adapters.unitOfWork.run(async () => 'next')).to.equal('next');
    await writes.seed({ title: 'after' });
    expect(await titlesOf(ALICE.value)).to.deep.equal(['after']);
  });

  it('keeps runs under way at once apart: each writes through its own stores, and one that fails undoes only its own writes', async () => {
    const kept = [taskFrom({ title: 'kept 1' }), taskFrom({ title: 'kept 2' })];
    const undone = [taskFrom({ title: 'undone 1' }), taskFrom({ title: 'undone 2' })];
    const write = (tasks: Task[], failing: boolean) =>
      adapters.unitOfWork.run(async (stores) => {
        for (const task of tasks) {
          await stores.tasks.persist(task);
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (failing) throw new Error('failure after the writes');
      });

    const [failed, committed] = await Promise.allSettled([write(undone, true), write(kept, false)]);

    expect(failed.status).to.equal('rejected');
    expect(committed.status).to.equal('fulfilled');
    expect(await titlesOf(ALICE.value)).to.have.members(['kept 1', 'kept 2']);
    expect(await seqsOf(ALICE.value)).to.have.length(2);
  });
}
