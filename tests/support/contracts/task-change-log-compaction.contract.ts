/**
 * What every `TaskChangeLogCompaction` does: removes an owner's changes older than the cutoff from the start of
 * their log, carrying to its end the last word on each task still there, so that the log read from the start
 * still rebuilds the owner's tasks while cursors into the removed part are told to sync again.
 */
import { expect } from 'chai';
import { ChangeLogCompaction } from '../../../src/application/changes/change-log-compaction.js';
import { TaskChangeCursor } from '../../../src/application/changes/task-change.js';
import { ChangeLogExpiredError } from '../../../src/application/errors.js';
import type { LoggedChange } from '../../../src/application/ports/task-change-log.js';
import { ListTaskChangesHandler, ListTaskChangesQuery } from '../../../src/application/queries/list-task-changes.js';
import { UserId } from '../../../src/domain/index.js';
import { ManualClock } from '../../../src/infrastructure/system/manual-clock.js';
import { byId, rebuild, replay } from '../change-replay.js';
import { expectRejection } from '../expect-rejection.js';
import { ALICE, BOB, daysAgo, ListWrites, NOW, TaskWrites, type PersistenceAdapters } from './persistence-fixture.js';

export type TaskChangeLogCompactionFixture = Pick<
  PersistenceAdapters,
  'compaction' | 'changeLog' | 'repository' | 'lists' | 'unitOfWork' | 'admin' | 'erasure'
>;

const ALL = { until: Number.MAX_SAFE_INTEGER, maxChanges: 1000, dryRun: false };
const NOTHING = { busy: false, processed: 0, removed: 0, carried: 0 };

export function taskChangeLogCompactionContract(fixture: () => Promise<TaskChangeLogCompactionFixture>): void {
  let adapters: TaskChangeLogCompactionFixture;
  let writes: TaskWrites;
  let lists: ListWrites;

  beforeEach(async () => {
    adapters = await fixture();
    writes = new TaskWrites(adapters);
    lists = new ListWrites(adapters);
  });

  const logOf = (owner: UserId) => adapters.changeLog.readAfter(owner.value, 0, 10_000);
  const tasksOf = async (owner: UserId) => byId(await adapters.admin.allTasksOf(owner.value));
  const replayed = (changes: LoggedChange[]) =>
    byId(replay(changes.map((change) => ({ ...change, id: TaskChangeCursor.encode(change.seq) }))).values());
  const compact = (owner: UserId, options: Partial<typeof ALL> = {}, before = daysAgo(30)) =>
    adapters.compaction.compact(owner.value, before, { ...ALL, ...options });
  const candidates = async (before = daysAgo(30), afterOwner = '', limit = 100) =>
    (await adapters.compaction.candidates(before, afterOwner, limit)).map((candidate) => [candidate.ownerId, candidate.lastSeq]);

  describe('compact', () => {
    it('carries each kept list’s latest old change, and drops a deleted list’s changes as a deleted task’s', async () => {
      const work = await lists.create(ALICE, daysAgo(40), 'Work');
      await lists.rename(ALICE, work, 'Office', daysAgo(39));
      const gone = await lists.create(ALICE, daysAgo(39), 'Gone');
      await lists.remove(ALICE, gone, daysAgo(38));
      const milk = await writes.create(ALICE, daysAgo(38), 'Milk');
      await writes.toggle(ALICE, milk, daysAgo(37));
      const home = await lists.create(ALICE, daysAgo(1), 'Home');
      const before = await logOf(ALICE);

      const step = await compact(ALICE);

      expect(step).to.deep.equal({ busy: false, processed: 6, removed: 4, carried: 2 });
      const after = await logOf(ALICE);
      expect(after.map((entry) => [entry.seq, entry.type, entry.task_id ?? entry.list_id])).to.deep.equal([
        [7, 'list.created', home.value],
        [8, 'list.updated', work.value],
        [9, 'task.completed', milk.value],
      ]);
      // Each carried change is the old one as it was: same list or task, same time, same state.
      expect({ ...after[1]!, seq: 2 }).to.deep.equal(before[1]);
      expect({ ...after[2]!, seq: 6 }).to.deep.equal(before[5]);
      const held = rebuild(after.map((change) => ({ ...change, id: TaskChangeCursor.encode(change.seq) })));
      expect([...held.lists.keys()].sort()).to.deep.equal([home.value, work.value].sort());
      expect(held.lists.get(work.value)).to.include({ name: 'Office', version: 2 });
      expect(byId(held.tasks.values())).to.deep.equal(await tasksOf(ALICE));
      expect(await adapters.changeLog.position(ALICE.value)).to.deep.equal({ lastSeq: 9, erasedThrough: 0, compactedThrough: 6 });
    });

    it('carries each kept task’s latest old change to the end, removes the rest, and marks how far', async () => {
      const milk = await writes.create(ALICE, daysAgo(40), 'Milk');
      const bread = await writes.create(ALICE, daysAgo(40), 'Bread');
      await writes.toggle(ALICE, milk, daysAgo(39));
      await writes.remove(ALICE, bread, daysAgo(38));
      const eggs = await writes.create(ALICE, daysAgo(1), 'Eggs');
      const before = await logOf(ALICE);

      const step = await compact(ALICE);

      expect(step).to.deep.equal({ busy: false, processed: 4, removed: 3, carried: 1 });
      const after = await logOf(ALICE);
      expect(after.map((entry) => [entry.seq, entry.type, entry.task_id])).to.deep.equal([
        [5, 'task.created', eggs.value],
        [6, 'task.completed', milk.value],
      ]);
      // Carried as it was: only its position changed.
      expect({ ...after[1], seq: 3 }).to.deep.equal(before[2]);
      expect(await adapters.changeLog.position(ALICE.value)).to.deep.equal({ lastSeq: 6, erasedThrough: 0, compactedThrough: 4 });
      expect(replayed(after)).to.deep.equal(await tasksOf(ALICE));
      // Nothing old is left: another step does nothing.
      expect(await compact(ALICE)).to.deep.equal(NOTHING);
    });

    it('keeps every change from the cutoff on, and everything after the first of them', async () => {
      const id = await writes.create(ALICE, daysAgo(40));
      await writes.toggle(ALICE, id, daysAgo(30));
      // Older than the cutoff, but after a change that is not: the run of old changes at the start ended before it.
      await writes.toggle(ALICE, id, daysAgo(35));

      expect(await compact(ALICE)).to.deep.equal({ busy: false, processed: 1, removed: 1, carried: 0 });
      expect((await logOf(ALICE)).map((entry) => entry.seq)).to.deep.equal([2, 3]);
      expect(await adapters.changeLog.position(ALICE.value)).to.deep.equal({ lastSeq: 3, erasedThrough: 0, compactedThrough: 1 });
    });

    it('works in steps of at most `maxChanges`, and never past `until`', async () => {
      const id = await writes.create(ALICE, daysAgo(50));
      for (let day = 49; day > 40; day--) await writes.toggle(ALICE, id, daysAgo(day));
      const other = await writes.create(ALICE, daysAgo(40));

      // Seq 1-10: the task and nine toggles; seq 11: the other task.
      expect(await compact(ALICE, { maxChanges: 4 })).to.deep.equal({ busy: false, processed: 4, removed: 4, carried: 0 });
      expect((await adapters.changeLog.position(ALICE.value)).compactedThrough).to.equal(4);
      expect(await compact(ALICE, { until: 9 })).to.deep.equal({ busy: false, processed: 5, removed: 5, carried: 0 });
      expect((await adapters.changeLog.position(ALICE.value)).compactedThrough).to.equal(9);
      expect(await compact(ALICE, { until: 11 })).to.deep.equal({ busy: false, processed: 2, removed: 0, carried: 2 });
      expect((await logOf(ALICE)).map((entry) => [entry.seq, entry.task_id])).to.deep.equal([
        [12, id.value],
        [13, other.value],
      ]);
      // What was carried forward is old, but lies after `until`: the same run leaves it be.
      expect(await compact(ALICE, { until: 11 })).to.deep.equal(NOTHING);
      expect(replayed(await logOf(ALICE))).to.deep.equal(await tasksOf(ALICE));
    });

    it('changes nothing in a dry run, and answers what a real step would do', async () => {
      const id = await writes.create(ALICE, daysAgo(40));
      await writes.toggle(ALICE, id, daysAgo(35));
      const before = await logOf(ALICE);

      const preview = await compact(ALICE, { dryRun: true });

      expect(preview).to.deep.equal({ busy: false, processed: 2, removed: 1, carried: 1 });
      expect(await logOf(ALICE)).to.deep.equal(before);
      expect(await adapters.changeLog.position(ALICE.value)).to.deep.equal({ lastSeq: 2, erasedThrough: 0, compactedThrough: 0 });
      expect(await compact(ALICE)).to.deep.equal(preview);
    });

    it('leaves other owners’ logs as they were', async () => {
      const alices = await writes.create(ALICE, daysAgo(40));
      await writes.toggle(ALICE, alices, daysAgo(39));
      const bobs = await writes.create(BOB, daysAgo(40));
      await writes.toggle(BOB, bobs, daysAgo(39));
      const before = await logOf(BOB);

      await compact(ALICE);

      expect(await logOf(BOB)).to.deep.equal(before);
      expect(await adapters.changeLog.position(BOB.value)).to.deep.equal({ lastSeq: 2, erasedThrough: 0, compactedThrough: 0 });
    });

    it('starts after what a purge erased, and numbers on from the owner’s last change', async () => {
      await writes.create(ALICE, daysAgo(60));
      await adapters.unitOfWork.run((stores) => stores.erasure.erase(ALICE.value));
      const id = await writes.create(ALICE, daysAgo(40));
      await writes.toggle(ALICE, id, daysAgo(39));
      await writes.toggle(ALICE, id, daysAgo(38));

      expect(await compact(ALICE)).to.deep.equal({ busy: false, processed: 3, removed: 2, carried: 1 });
      expect((await logOf(ALICE)).map((entry) => [entry.seq, entry.type])).to.deep.equal([[5, 'task.reopened']]);
      expect(await adapters.changeLog.position(ALICE.value)).to.deep.equal({ lastSeq: 5, erasedThrough: 1, compactedThrough: 4 });
      expect(replayed(await logOf(ALICE))).to.deep.equal(await tasksOf(ALICE));
    });

    it('says busy, doing nothing, for an owner who never had a log; an erased log with nothing left is simply done', async () => {
      expect(await compact(UserId.from('user-nobody'))).to.deep.equal({ ...NOTHING, busy: true });
      expect(await compact(UserId.from('user-nobody'), { dryRun: true })).to.deep.equal({ ...NOTHING, busy: true });
      expect(await adapters.changeLog.position('user-nobody')).to.deep.equal({ lastSeq: 0, erasedThrough: 0, compactedThrough: 0 });

      await writes.create(ALICE, daysAgo(40));
      await adapters.unitOfWork.run((stores) => stores.erasure.erase(ALICE.value));
      await adapters.unitOfWork.run((stores) => stores.erasure.erase(BOB.value));

      expect(await compact(ALICE)).to.deep.equal(NOTHING);
      expect(await compact(BOB)).to.deep.equal(NOTHING);
      expect(await adapters.changeLog.position(ALICE.value)).to.deep.equal({ lastSeq: 1, erasedThrough: 1, compactedThrough: 0 });
    });

    it('lets a cursor into the removed part be refused as expired, and one after it resume', async () => {
      const milk = await writes.create(ALICE, daysAgo(40), 'Milk');
      await writes.toggle(ALICE, milk, daysAgo(39));
      await writes.create(ALICE, daysAgo(1), 'Eggs');
      expect(await compact(ALICE)).to.deep.equal({ busy: false, processed: 2, removed: 1, carried: 1 });
      const changes = new ListTaskChangesHandler(adapters.changeLog);
      const since = (seq: number) => changes.handle(new ListTaskChangesQuery(ALICE.value, { since: TaskChangeCursor.encode(seq) }));

      await expectRejection(since(1), ChangeLogExpiredError);
      await expectRejection(since(2), ChangeLogExpiredError);
      expect((await since(3)).changes.map((change) => [change.id, change.type])).to.deep.equal([[TaskChangeCursor.encode(4), 'task.completed']]);
      expect((await since(0)).changes.map((change) => [change.id, change.type])).to.deep.equal([
        [TaskChangeCursor.encode(3), 'task.created'],
        [TaskChangeCursor.encode(4), 'task.completed'],
      ]);
    });
  });

  describe('candidates', () => {
    const churned = UserId.from('user-churned');
    const quiet = UserId.from('user-quiet');
    const recent = UserId.from('user-recent');
    const gone = UserId.from('user-gone');

    beforeEach(async () => {
      const id = await writes.create(churned, daysAgo(40));
      await writes.toggle(churned, id, daysAgo(40));
      await writes.create(quiet, daysAgo(40));
      await writes.create(quiet, daysAgo(40));
      const fresh = await writes.create(recent, daysAgo(1));
      await writes.toggle(recent, fresh, daysAgo(1));
      await writes.remove(gone, await writes.create(gone, daysAgo(40)), daysAgo(40));
    });

    it('are only owners whose log starts old and is at least half changes that no longer matter, in id order', async () => {
      expect(await candidates()).to.deep.equal([
        [churned.value, 2],
        [gone.value, 2],
      ]);
    });

    it('start after the owner given, at most `limit` at a time', async () => {
      expect(await candidates(daysAgo(30), '', 1)).to.deep.equal([[churned.value, 2]]);
      expect(await candidates(daysAgo(30), churned.value, 1)).to.deep.equal([[gone.value, 2]]);
      expect(await candidates(daysAgo(30), gone.value, 1)).to.deep.equal([]);
    });

    it('go by the cutoff: a log starting exactly at it is not old', async () => {
      expect(await candidates(daysAgo(40))).to.deep.equal([]);
      expect(await candidates(new Date(daysAgo(40).getTime() + 1))).to.deep.equal([
        [churned.value, 2],
        [gone.value, 2],
      ]);
      expect(await candidates(NOW)).to.deep.equal([
        [churned.value, 2],
        [gone.value, 2],
        [recent.value, 2],
      ]);
    });

    it('count each list as a change that still matters, as each task', async () => {
      const lister = UserId.from('user-lister');
      const work = await lists.create(lister, daysAgo(40), 'Work');
      await lists.create(lister, daysAgo(40), 'Home');
      await lists.rename(lister, work, 'Office', daysAgo(40));

      expect((await candidates()).map(([owner]) => owner)).not.to.include(lister.value);
      await lists.rename(lister, work, 'Desk', daysAgo(40));
      expect(await candidates()).to.deep.include([lister.value, 4]);
    });

    it('are no longer those whose log was compacted or erased', async () => {
      await compact(churned);
      await adapters.unitOfWork.run((stores) => stores.erasure.erase(gone.value));

      expect(await candidates()).to.deep.equal([]);
    });
  });

  describe('run by the retention period', () => {
    it('compacts every candidate’s changes older than the retention, a step at a time, and reports what it did', async () => {
      const milk = await writes.create(ALICE, daysAgo(40), 'Milk');
      for (let day = 39; day > 32; day--) await writes.toggle(ALICE, milk, daysAgo(day));
      const bread = await writes.create(BOB, daysAgo(40), 'Bread');
      await writes.remove(BOB, bread, daysAgo(39));
      await writes.create(BOB, daysAgo(1), 'Eggs');
      const service = new ChangeLogCompaction(adapters.compaction, new ManualClock(NOW));

      expect(await service.run({ retentionDays: 30, dryRun: true })).to.deep.equal({
        before: daysAgo(30).toISOString(),
        users: 2,
        removed: 9,
        carried: 1,
        busy: 0,
      });
      expect(await service.run({ retentionDays: 30, changesPerStep: 3 })).to.deep.equal({
        before: daysAgo(30).toISOString(),
        users: 2,
        removed: 9,
        carried: 1,
        busy: 0,
      });

      expect(await adapters.changeLog.position(ALICE.value)).to.deep.equal({ lastSeq: 9, erasedThrough: 0, compactedThrough: 8 });
      expect(await adapters.changeLog.position(BOB.value)).to.deep.equal({ lastSeq: 3, erasedThrough: 0, compactedThrough: 2 });
      for (const owner of [ALICE, BOB]) expect(replayed(await logOf(owner))).to.deep.equal(await tasksOf(owner));
      expect(await service.run({ retentionDays: 30 })).to.deep.equal({ before: daysAgo(30).toISOString(), users: 0, removed: 0, carried: 0, busy: 0 });
    });
  });
}
